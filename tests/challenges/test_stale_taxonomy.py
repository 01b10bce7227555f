"""No lost edits on the taxonomy: two Secretariat users edit the same item's titles; the second
save, based on the version both opened, is refused (409) and nothing of it is written."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from challenges.models import Challenge
from challenges.services import challenge_update
from states.versioning import StaleEdit
from tests.factories import UserFactory


@pytest.fixture
def bob(db):
    return UserFactory(username="bob.secretariat", role=Role.SECRETARIAT)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(response) -> dict:
    form = response.context["form"]
    return {name: form[name].value() or "" for name in form.fields}


def edit_url(code="4.2"):
    return reverse("challenges:challenge_edit", args=[code])


def test_the_edit_form_carries_the_items_version(taxonomy, secretariat):
    data = form_data(signed_in(secretariat).get(edit_url()))
    assert data["version"] == 1


def test_the_second_save_of_the_same_version_is_refused_with_the_first_change(
    taxonomy, secretariat, bob
):
    alice_client, bob_client = signed_in(secretariat), signed_in(bob)
    alice_form = form_data(alice_client.get(edit_url()))
    bob_form = form_data(bob_client.get(edit_url()))

    assert alice_client.post(edit_url(), {**alice_form, "title_fr": "Lobbys"}).status_code == 302
    response = bob_client.post(edit_url(), {**bob_form, "title_es": "Lobbies"})

    assert response.status_code == 409
    message = " ".join(response.context["form"].non_field_errors())
    assert secretariat.get_full_name() in message
    assert f"“{taxonomy['4.2'].title_fr or '—'}” → “Lobbys”" in message
    item = Challenge.objects.get(code="4.2")
    assert (item.title_fr, item.title_es, item.version) == ("Lobbys", taxonomy["4.2"].title_es, 2)


def test_a_refused_form_keeps_the_input_against_the_current_version(taxonomy, secretariat, bob):
    alice_client, bob_client = signed_in(secretariat), signed_in(bob)
    bob_form = form_data(bob_client.get(edit_url()))
    alice_client.post(edit_url(), {**form_data(alice_client.get(edit_url())), "title_fr": "L"})

    refused = bob_client.post(edit_url(), {**bob_form, "title_es": "Lobbies"})
    again = form_data(refused)

    assert (again["title_es"], again["version"]) == ("Lobbies", "2")
    assert bob_client.post(edit_url(), again).status_code == 302
    assert Challenge.objects.get(code="4.2").title_es == "Lobbies"


def test_a_save_with_the_current_version_is_accepted(taxonomy, secretariat):
    client = signed_in(secretariat)
    data = form_data(client.get(edit_url()))
    assert client.post(edit_url(), {**data, "title_en": "Gun lobbies."}).status_code == 302
    item = Challenge.objects.get(code="4.2")
    assert (item.title_en, item.version) == ("Gun lobbies.", 2)


def test_an_invalid_stale_form_is_reported_as_stale(taxonomy, secretariat, bob):
    alice_client, bob_client = signed_in(secretariat), signed_in(bob)
    bob_form = form_data(bob_client.get(edit_url()))
    alice_client.post(edit_url(), {**form_data(alice_client.get(edit_url())), "title_fr": "L"})
    response = bob_client.post(edit_url(), {**bob_form, "title_en": ""})
    assert response.status_code == 409


def test_the_service_refuses_a_stale_version(taxonomy, secretariat, bob):
    titles = {"title_fr": "Lobbys", "title_es": ""}
    challenge_update(challenge=taxonomy["4.2"], title_en="A", **titles, user=secretariat, version=1)
    with pytest.raises(StaleEdit):
        challenge_update(
            challenge=Challenge.objects.get(code="4.2"), title_en="B", **titles, user=bob, version=1
        )
    assert Challenge.objects.get(code="4.2").title_en == "A"
