"""The role groups exist after migrate, with exactly their permissions."""

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.roles import PORTAL_APPS, Role

pytestmark = pytest.mark.django_db


def _codes(role):
    perms = Group.objects.get(name=role).permissions.select_related("content_type")
    return {f"{p.content_type.app_label}.{p.codename}" for p in perms}


def test_the_three_role_groups_exist_after_migrate():
    assert set(Group.objects.filter(name__in=Role.values).values_list("name", flat=True)) == set(
        Role.values
    )


def test_delegates_have_exactly_the_three_listed_permissions():
    assert (
        _codes(Role.DELEGATES)
        == {
            "states.view_state",
            "meetings.view_meeting",
            "meetings.view_published_report",
        }
        & _existing()
    )


def test_delegates_can_view_states():
    assert "states.view_state" in _codes(Role.DELEGATES)


def test_cochairs_have_no_add_change_or_delete_permission():
    codes = _codes(Role.COCHAIRS)
    assert codes
    assert all(code.split(".")[1].startswith("view_") for code in codes)


def test_cochairs_see_nothing_of_the_depositary_or_accounts():
    apps = {code.split(".")[0] for code in _codes(Role.COCHAIRS)}
    assert apps <= set(PORTAL_APPS) - {"depositary"}


def test_cochairs_can_view_every_model_of_their_apps():
    apps = set(PORTAL_APPS) - {"depositary"}
    views = Permission.objects.filter(
        content_type__app_label__in=apps, codename__startswith="view_"
    ).select_related("content_type")
    assert {f"{p.content_type.app_label}.{p.codename}" for p in views} == _codes(Role.COCHAIRS)


def test_secretariat_has_every_permission_of_the_portal_apps_and_manages_accounts():
    every = Permission.objects.filter(content_type__app_label__in=PORTAL_APPS).select_related(
        "content_type"
    )
    expected = {f"{p.content_type.app_label}.{p.codename}" for p in every}
    assert _codes(Role.SECRETARIAT) == expected | {
        "accounts.manage_accounts",
        "accounts.view_audit_trail",
    }


def test_only_the_secretariat_manages_accounts():
    holders = Group.objects.filter(permissions__codename="manage_accounts")
    assert list(holders.values_list("name", flat=True)) == [Role.SECRETARIAT]


def test_secretariat_cannot_edit_the_account_log_directly():
    assert not {c for c in _codes(Role.SECRETARIAT) if c.startswith("accounts.")} - {
        "accounts.manage_accounts",
        "accounts.view_audit_trail",
    }


def _existing():
    """Permissions that exist so far (meetings may not have its models yet)."""
    perms = Permission.objects.select_related("content_type")
    return {f"{p.content_type.app_label}.{p.codename}" for p in perms}
