"""Follow-ups assigned to portal accounts (issue 23, item 1): the owner chosen on the activity
form, the old free-text owners moved to accounts by the migration, "My follow-ups" for every
role (a Delegate sees only theirs, nothing internal)."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from outreach.models import FollowUp
from tests.factories import UserFactory
from tests.outreach.conftest import form_data
from tests.outreach.factories import FollowUpFactory, OutreachActivityFactory

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("outreach.migrations.0005_followup_owner_to_account")


def test_the_activity_form_assigns_a_follow_up_to_an_account(
    client_for, signatory, cochair, taxonomy
):
    data = form_data(
        states=[signatory],
        followups=[("Call the ministry", cochair, "2018-04-01"), ("Brief the press", "UNODA", "")],
    )
    response = client_for("secretariat").post(reverse("outreach:create"), data)
    assert response.status_code == 302
    by_account, by_text = FollowUp.objects.order_by("pk")
    assert by_account.assignee == cochair and by_account.owner == ""
    assert by_text.assignee is None and by_text.owner == "UNODA"


def test_an_inactive_account_is_not_offered_as_owner(client_for, signatory, taxonomy):
    gone = UserFactory(username="gone", is_active=False)
    data = form_data(states=[signatory], followups=[("Call", gone, "2018-04-01")])
    response = client_for("secretariat").post(reverse("outreach:create"), data)
    assert response.status_code == 200
    assert not FollowUp.objects.exists()


def test_the_migration_moves_owners_that_name_one_account_and_keeps_the_others():
    alice = UserFactory(username="alice", first_name="Alice", last_name="Martin", email="a@x.org")
    UserFactory(username="bob", email="shared@x.org")
    UserFactory(username="carol", email="shared@x.org")
    activity = OutreachActivityFactory()
    owners = ["  alice martin ", "ALICE", "a@x.org", "shared@x.org", "The Presidency", ""]
    rows = [FollowUpFactory(activity=activity, owner=owner) for owner in owners]

    MIGRATION.owners_to_accounts(apps, None)

    moved = [FollowUp.objects.get(pk=row.pk) for row in rows]
    assert [(f.assignee_id, f.owner) for f in moved] == [
        (alice.pk, ""),
        (alice.pk, ""),
        (alice.pk, ""),
        (None, "shared@x.org"),  # two accounts: kept as text
        (None, "The Presidency"),
        (None, ""),
    ]


def test_owner_name_shows_the_account_or_the_text(cochair):
    cochair.first_name, cochair.last_name = "Chris", "Cochair"
    assert FollowUp(assignee=cochair).owner_name == "Chris Cochair"
    assert FollowUp(owner="UNODA").owner_name == "UNODA"


@pytest.fixture
def assigned(delegate, cochair):
    internal = OutreachActivityFactory(summary="Secret talks", visibility="internal")
    mine = FollowUpFactory(
        activity=internal, action="Send the national report", assignee=delegate, owner=""
    )
    other = FollowUpFactory(
        activity=internal, action="Call the minister", assignee=cochair, owner=""
    )
    return {"mine": mine, "other": other, "activity": internal}


def test_a_delegate_sees_only_their_follow_ups_and_nothing_internal(client_for, assigned):
    response = client_for("delegate").get(reverse("my_followups"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Send the national report" in text
    assert "Call the minister" not in text
    assert "Secret talks" not in text
    assert assigned["activity"].get_absolute_url() not in text


def test_a_cochair_sees_theirs_with_the_activity(client_for, assigned):
    response = client_for("cochair").get(reverse("my_followups"))
    text = response.content.decode()
    assert "Call the minister" in text and "Send the national report" not in text
    assert assigned["activity"].get_absolute_url() in text


def test_the_account_menu_links_to_my_follow_ups(client_for):
    response = client_for("delegate").get(reverse("my_followups"))
    assert 'href="/my/follow-ups/"' in response.content.decode()


@pytest.mark.parametrize("count", [3, 60])
def test_my_follow_ups_query_count_does_not_grow(
    client_for, cochair, count, django_assert_num_queries
):
    activity = OutreachActivityFactory()
    for index in range(count):
        FollowUpFactory(
            activity=activity, assignee=cochair, due_on=dt.date(2018, 1, 1) + dt.timedelta(index)
        )
    client = client_for("cochair")
    # session, user, role and permissions; the count, the page (activity, owner joined), the
    # activities' states.
    with django_assert_num_queries(6):
        assert client.get(reverse("my_followups")).status_code == 200
