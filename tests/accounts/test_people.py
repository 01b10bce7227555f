"""The people page and changes to an account: role, deactivation, reactivation."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import AccountAction, AccountEvent
from accounts.roles import Role, role_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _post(client, name, person, data=None):
    return client.post(reverse(name, kwargs={"pk": person.pk}), data or {}, follow=True)


def _fresh(user):
    user.refresh_from_db()
    if hasattr(user, "_portal_role"):
        del user._portal_role
    return user


# The list


def test_people_page_lists_accounts_with_role_and_status(secretariat_client, person):
    response = secretariat_client.get(reverse("accounts:people"))
    html = response.content.decode()
    assert "Pat Person" in html
    assert "Delegates" in html
    assert "Active" in html
    assert "Never" in html  # pat has not signed in yet


def test_people_page_filters_by_role(secretariat_client, person, cochair):
    response = secretariat_client.get(reverse("accounts:people"), {"role": Role.COCHAIRS})
    assert [p.pk for p in response.context["people"]] == [cochair.pk]


def test_people_page_filters_deactivated_accounts(secretariat_client, secretariat, person):
    services.account_deactivate(by=secretariat, user=person)
    response = secretariat_client.get(reverse("accounts:people"), {"status": "inactive"})
    assert [p.pk for p in response.context["people"]] == [person.pk]
    response = secretariat_client.get(reverse("accounts:people"), {"status": "active"})
    assert person.pk not in [p.pk for p in response.context["people"]]


def test_people_page_ignores_an_unknown_filter_value(secretariat_client, person):
    response = secretariat_client.get(reverse("accounts:people"), {"role": "Kings"})
    assert response.status_code == 200
    assert person.pk in [p.pk for p in response.context["people"]]


def test_people_page_shows_recent_changes(secretariat_client, secretariat, person):
    services.account_change_role(by=secretariat, user=person, role=Role.COCHAIRS)
    response = secretariat_client.get(reverse("accounts:people"))
    assert b"changed the role of Pat Person from Delegates to Co-chairs" in response.content


def test_people_page_query_count_does_not_grow_with_accounts(
    secretariat_client, secretariat, django_assert_num_queries
):
    for _n in range(5):
        UserFactory(role=Role.DELEGATES)
        AccountEvent.objects.create(
            actor=secretariat, subject=secretariat, action=AccountAction.REACTIVATED
        )
    # 5: session, signed-in user, their role and permissions (accounts.roles.load_access), the
    # accounts with their role (one subquery), the recent events with both people; no session
    # save (wgtu_portal.sessions: at most once a minute).
    with django_assert_num_queries(5):
        first = secretariat_client.get(reverse("accounts:people"))
    for _n in range(45):
        UserFactory(role=Role.DELEGATES)
        AccountEvent.objects.create(
            actor=secretariat, subject=secretariat, action=AccountAction.REACTIVATED
        )
    with django_assert_num_queries(5):
        second = secretariat_client.get(reverse("accounts:people"))
    assert len(second.context["people"]) - len(first.context["people"]) == 45


# Changing the role


def test_role_change_moves_the_account_to_the_new_group(secretariat_client, person):
    response = _post(secretariat_client, "accounts:person_role", person, {"role": Role.COCHAIRS})
    assert b"Pat Person now has the role Co-chairs" in response.content
    assert role_of(_fresh(person)) == Role.COCHAIRS
    assert list(person.groups.values_list("name", flat=True)) == [Role.COCHAIRS]


def test_role_change_is_recorded(secretariat_client, secretariat, person):
    _post(secretariat_client, "accounts:person_role", person, {"role": Role.SECRETARIAT})
    event = AccountEvent.objects.get(action=AccountAction.ROLE_CHANGED)
    assert (event.actor, event.subject) == (secretariat, person)
    assert (event.previous_role, event.role) == (Role.DELEGATES, Role.SECRETARIAT)


def test_role_change_keeps_groups_that_are_not_roles(secretariat, person):
    other = Group.objects.create(name="Newsletter")
    person.groups.add(other)
    services.account_change_role(by=secretariat, user=person, role=Role.COCHAIRS)
    assert set(person.groups.values_list("name", flat=True)) == {"Newsletter", Role.COCHAIRS}


def test_role_change_to_an_unknown_role_changes_nothing(secretariat_client, person):
    response = _post(secretariat_client, "accounts:person_role", person, {"role": "Kings"})
    assert b"Choose one of the roles" in response.content
    assert role_of(_fresh(person)) == Role.DELEGATES
    assert not AccountEvent.objects.exists()


def test_role_change_to_the_same_role_records_nothing(secretariat_client, person):
    _post(secretariat_client, "accounts:person_role", person, {"role": Role.DELEGATES})
    assert not AccountEvent.objects.exists()


def test_last_secretariat_cannot_be_moved_to_another_role(secretariat_client, secretariat):
    response = _post(
        secretariat_client, "accounts:person_role", secretariat, {"role": Role.COCHAIRS}
    )
    assert b"is the last active Secretariat account" in response.content
    assert role_of(_fresh(secretariat)) == Role.SECRETARIAT
    assert not AccountEvent.objects.exists()


def test_a_secretariat_member_can_leave_the_role_when_another_remains(
    secretariat_client, secretariat, second_secretariat
):
    _post(secretariat_client, "accounts:person_role", second_secretariat, {"role": Role.COCHAIRS})
    assert role_of(_fresh(second_secretariat)) == Role.COCHAIRS


def test_a_deactivated_secretariat_does_not_count_as_the_remaining_one(
    secretariat, second_secretariat
):
    services.account_deactivate(by=secretariat, user=second_secretariat)
    with pytest.raises(ValidationError) as caught:
        services.account_change_role(by=secretariat, user=secretariat, role=Role.DELEGATES)
    assert caught.value.code == "last_secretariat"


# Deactivating and reactivating


def test_deactivation_stops_the_account(secretariat_client, person):
    response = _post(secretariat_client, "accounts:person_deactivate", person)
    assert b"The account of Pat Person is deactivated" in response.content
    assert not _fresh(person).is_active


def test_deactivation_ends_the_persons_sessions(person, secretariat):
    their_client = Client()
    their_client.force_login(person)
    services.account_deactivate(by=secretariat, user=person)
    response = their_client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_deactivation_is_recorded(secretariat_client, secretariat, person):
    _post(secretariat_client, "accounts:person_deactivate", person)
    event = AccountEvent.objects.get()
    assert (event.action, event.actor, event.subject) == (
        AccountAction.DEACTIVATED,
        secretariat,
        person,
    )


def test_deactivation_page_button_asks_for_confirmation(secretariat_client, person):
    response = secretariat_client.get(reverse("accounts:person", kwargs={"pk": person.pk}))
    html = response.content.decode()
    assert reverse("accounts:person_deactivate", kwargs={"pk": person.pk}) in html
    assert 'data-confirm="Deactivate this account?' in html


def test_reactivation_lets_the_account_sign_in_again(secretariat_client, secretariat, person):
    services.account_deactivate(by=secretariat, user=person)
    response = _post(secretariat_client, "accounts:person_reactivate", person)
    assert b"The account of Pat Person is active again" in response.content
    assert _fresh(person).is_active
    assert role_of(person) == Role.DELEGATES
    assert AccountEvent.objects.filter(action=AccountAction.REACTIVATED).count() == 1


def test_deactivating_an_inactive_account_records_nothing(secretariat, person):
    services.account_deactivate(by=secretariat, user=person)
    services.account_deactivate(by=secretariat, user=person)
    assert AccountEvent.objects.count() == 1


def test_nobody_can_deactivate_themselves(secretariat_client, secretariat, second_secretariat):
    response = _post(secretariat_client, "accounts:person_deactivate", secretariat)
    assert b"You cannot deactivate your own account" in response.content
    assert _fresh(secretariat).is_active
    assert not AccountEvent.objects.exists()


def test_own_page_offers_no_deactivate_button(secretariat_client, secretariat):
    response = secretariat_client.get(reverse("accounts:person", kwargs={"pk": secretariat.pk}))
    assert reverse("accounts:person_deactivate", kwargs={"pk": secretariat.pk}) not in (
        response.content.decode()
    )


def test_last_secretariat_cannot_be_deactivated(secretariat, second_secretariat):
    # Only reachable by someone else with the permission (e.g. an administrator).
    services.account_change_role(by=secretariat, user=secretariat, role=Role.COCHAIRS)
    with pytest.raises(ValidationError) as caught:
        services.account_deactivate(by=secretariat, user=second_secretariat)
    assert caught.value.code == "last_secretariat"
    assert _fresh(second_secretariat).is_active


def test_last_secretariat_deactivation_through_the_page_changes_nothing(
    client, secretariat, second_secretariat
):
    # An administrator outside the Secretariat group who holds the permission directly.
    admin = UserFactory(username="ada.admin")
    admin.user_permissions.add(Permission.objects.get(codename="manage_accounts"))
    services.account_deactivate(by=admin, user=second_secretariat)
    client.force_login(admin)
    response = _post(client, "accounts:person_deactivate", secretariat)
    assert b"is the last active Secretariat account and cannot be deactivated" in response.content
    assert _fresh(secretariat).is_active
