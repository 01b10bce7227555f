"""The signed-in home page and the base layout."""

import datetime as dt

import pytest
from django.urls import reverse

from states.models import State


@pytest.mark.django_db
def test_anonymous_visitor_of_the_home_page_is_asked_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


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
