"""Delegations of accounts (issue 16, item 5): the Secretariat sets, on an account's page, the
delegation (a state or an organization) a Delegate's account belongs to."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from meetings.models import AccountDelegation, Organization
from tests.factories import StateFactory, UserFactory


@pytest.fixture
def france(db):
    return StateFactory(iso3="FRA", name_en="France")


def set_delegation(client, person, **data):
    return client.post(reverse("meetings:account_delegation", args=[person.pk]), data, follow=True)


def test_the_secretariat_sets_a_delegates_delegation_on_the_account_page(
    client_for, delegate, france, secretariat
):
    sec = client_for("secretariat")
    page = sec.get(reverse("accounts:person", args=[delegate.pk])).content.decode()
    assert "Belongs to no delegation." in page
    response = set_delegation(sec, delegate, state=france.pk)
    assert "The account belongs to the delegation of France." in response.content.decode()
    record = AccountDelegation.objects.get(user=delegate)
    assert record.state == france and record.history.get().history_user == secretariat
    page = sec.get(reverse("accounts:person", args=[delegate.pk])).content.decode()
    assert "Belongs to the delegation of France." in page


def test_a_delegation_is_changed_then_removed_each_change_in_history(client_for, delegate, france):
    sec = client_for("secretariat")
    set_delegation(sec, delegate, state=france.pk)
    saferworld = Organization.objects.create(name="Saferworld", kind="ngo_think_tank")
    set_delegation(sec, delegate, organization=saferworld.pk, version=1)
    assert AccountDelegation.objects.get(user=delegate).organization == saferworld
    response = set_delegation(sec, delegate, version=2)
    assert "no longer belongs to a delegation" in response.content.decode()
    assert not AccountDelegation.objects.exists()
    assert AccountDelegation.history.filter(user_id=delegate.pk).count() == 3


def test_a_stale_delegation_form_is_refused(client_for, delegate, france):
    sec = client_for("secretariat")
    set_delegation(sec, delegate, state=france.pk)
    other = StateFactory(iso3="DEU", name_en="Germany")
    set_delegation(sec, delegate, state=other.pk, version=1)
    response = set_delegation(sec, delegate, state=france.pk, version=1)
    assert "after you opened the form" in response.content.decode()
    assert AccountDelegation.objects.get(user=delegate).state == other


def test_only_a_delegates_account_belongs_to_a_delegation(client_for, cochair, france):
    response = set_delegation(client_for("secretariat"), cochair, state=france.pk)
    assert "Only a Delegate's account belongs to a delegation." in response.content.decode()
    assert not AccountDelegation.objects.exists()


def test_a_state_and_an_organization_together_are_refused(client_for, delegate, france):
    org = Organization.objects.create(name="Saferworld", kind="ngo_think_tank")
    response = set_delegation(
        client_for("secretariat"), delegate, state=france.pk, organization=org.pk
    )
    assert "not both" in response.content.decode()
    assert not AccountDelegation.objects.exists()


@pytest.mark.parametrize("persona", ["cochair", "delegate"])
def test_only_the_secretariat_sets_a_delegation(client_for, persona, france):
    person = UserFactory(role=Role.DELEGATES)
    url = reverse("meetings:account_delegation", args=[person.pk])
    assert client_for(persona).post(url, {"state": france.pk}).status_code == 403
    assert not AccountDelegation.objects.exists()
