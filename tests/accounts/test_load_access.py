"""What a user may do, read in one query (accounts.roles.load_access, used by role_of and by the
portal's authentication backend): the same role and the same permissions as Django's own
ModelBackend gives, for every kind of user."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from accounts.roles import Role, load_access, role_of
from accounts.services import account_change_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def _fresh(user):
    """The same user as a new object: nothing remembered from an earlier check."""
    return User.objects.get(pk=user.pk)


def _django_permissions(user) -> set[str]:
    return ModelBackend().get_all_permissions(_fresh(user))


@pytest.fixture
def people(secretariat, cochair, delegate):
    with_own = UserFactory(username="own.permission", role=Role.DELEGATES)
    with_own.user_permissions.add(Permission.objects.get(codename="view_outreachactivity"))
    return {
        "secretariat": secretariat,
        "cochair": cochair,
        "delegate": delegate,
        "own permission": with_own,
        "no role": UserFactory(username="nobody"),
        "superuser": UserFactory(username="root", is_superuser=True),
    }


@pytest.mark.parametrize(
    "who", ["secretariat", "cochair", "delegate", "own permission", "no role", "superuser"]
)
def test_the_same_permissions_as_django_gives(people, who):
    user = _fresh(people[who])
    load_access(user)
    assert user._perm_cache == _django_permissions(people[who])
    assert user._perm_cache or who == "no role"


def test_role_and_permissions_in_one_query(cochair, django_assert_num_queries):
    user = _fresh(cochair)
    with django_assert_num_queries(1):
        assert role_of(user) == Role.COCHAIRS
        assert user.has_perm("outreach.view_outreachactivity")
        assert not user.has_perm("outreach.change_outreachactivity")
        assert user.has_perm("states.view_treatyaction")


def test_a_users_own_permission_counts(people):
    user = _fresh(people["own permission"])
    assert role_of(user) == Role.DELEGATES
    assert user.has_perm("outreach.view_outreachactivity")
    assert not user.has_perm("outreach.view_followup")


def test_an_inactive_user_has_no_permission(cochair):
    cochair.is_active = False
    cochair.save()
    assert not _fresh(cochair).has_perm("states.view_treatyaction")


def test_a_change_of_role_is_seen_at_once_by_the_changed_user_object(cochair, secretariat):
    changed = account_change_role(by=secretariat, user=cochair, role=Role.DELEGATES)
    assert changed.has_perm("states.view_state")  # read (and remembered) after the change
    assert role_of(changed) == Role.DELEGATES
    assert not changed.has_perm("outreach.view_outreachactivity")
    assert role_of(_fresh(cochair)) == Role.DELEGATES
