"""The signed-in home page and the base layout."""

import datetime as dt

import pytest
from django.urls import reverse

from states.models import State


def test_anonymous_visitor_of_the_home_page_gets_the_public_status_page(client, reference_data):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Arms Trade Treaty: status of universalization" in html
    assert 'id="world-map"' in html or "world-map" in html
    assert 'name="password"' not in html
    counts = State.objects.counts_on(dt.date.today())
    assert f'data-count="state_party">{counts.totals["state_party"]}<' in html


def test_anonymous_home_page_takes_a_date_like_the_status_page(client, reference_data):
    response = client.get("/", {"as_of": "2018-05-31"})
    assert 'data-count="state_party">94<' in response.content.decode()
    assert client.get("/", {"as_of": "31/05/2018"}).status_code == 400


@pytest.mark.parametrize("persona", ["delegate", "cochair", "secretariat"])
def test_home_page_shows_todays_status_counts(client_for, persona, reference_data):
    response = client_for(persona).get("/")
    assert response.status_code == 200
    counts = State.objects.counts_on(dt.date.today())
    html = response.content.decode()
    assert f'data-count="state_party">{counts.totals["state_party"]}<' in html


@pytest.mark.django_db
def test_sign_in_page_has_the_language_switcher_and_a_skip_link(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert 'name="language"' in html and 'value="fr"' in html and 'value="es"' in html
    assert 'href="#main"' in html and '<main id="main"' in html


@pytest.mark.django_db
def test_language_switcher_sets_french_for_the_next_pages(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/accounts/login/"})
    assert response.status_code == 302
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="fr">' in html


@pytest.mark.parametrize("path", ["/no-such-page/"])
def test_not_found_page_uses_the_portal_layout(client_for, path, db):
    response = client_for("delegate").get(path)
    assert response.status_code == 404
    assert "WGTU Portal" in response.content.decode()
