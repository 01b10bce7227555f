"""Query counts of the meeting page with its record (issue 16): constant whatever the number of
participating delegations, presenters and summaries, for staff and for Delegates."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from meetings.models import (
    AccountDelegation,
    Document,
    Organization,
    Participation,
    Presenter,
    Summary,
)
from tests.factories import StateFactory, UserFactory

# Session, user, the user's role and permissions (accounts.roles.load_access).
REQUEST = 3
# Meeting with its plan; agenda items with their topics; their presenters (with delegations and
# slides); documents with their parents; document files; the status counts (the status topic);
# the participations (with states and organizations); the participating states' status on the
# meeting day; the summaries the reader may read.
PAGE = 9
# Staff: + the change history (the meeting's records, its agenda items', its participations' and
# its presenters').
STAFF = REQUEST + PAGE + 4
# A Delegate: + their delegation, and whether it took part (who may read a circulated summary).
DELEGATE = REQUEST + PAGE + 2


def fill(meeting, n):
    Document.objects.create(
        symbol="ATT/CSP4.WGTU/2018/CHAIR/300/Conf.Rep",
        title="Report",
        kind="report",
        meeting=meeting,
    )
    items = list(meeting.agenda_items.all())
    for k in range(n):
        state = StateFactory()
        organization = Organization.objects.create(name=f"Org {k}", kind="ngo_think_tank")
        Participation.objects.create(meeting=meeting, state=state, person=f"Person {k}")
        Participation.objects.create(meeting=meeting, organization=organization)
        Presenter.objects.create(agenda_item=items[k % len(items)], state=state, title=f"T{k}")
    for item in items:
        Summary.objects.create(meeting=meeting, agenda_item=item, text="Final.", state="final")
    Summary.objects.create(
        meeting=meeting, text="Circulated.", state="circulated", deadline="2099-01-01"
    )


@pytest.mark.parametrize("n", [1, 12])
def test_the_meeting_page_for_a_cochair_has_a_fixed_query_count(
    client_for, march_meeting, django_assert_num_queries, n
):
    fill(march_meeting, n)
    client = client_for("cochair")
    with django_assert_num_queries(STAFF):
        response = client.get(reverse("meetings:meeting", args=[march_meeting.pk]))
    page = response.content.decode()
    assert "Person 0" in page and f"Participation of Org {n - 1}" in page


@pytest.mark.parametrize("n", [1, 12])
def test_the_meeting_page_for_a_delegate_has_a_fixed_query_count(
    client_for, march_meeting, django_assert_num_queries, n
):
    fill(march_meeting, n)
    delegate = UserFactory(role=Role.DELEGATES)
    AccountDelegation.objects.create(
        user=delegate, state=Participation.objects.filter(state__isnull=False).first().state
    )
    from django.test import Client

    client = Client()
    client.force_login(delegate)
    with django_assert_num_queries(DELEGATE):
        response = client.get(reverse("meetings:meeting", args=[march_meeting.pk]))
    page = response.content.decode()
    assert "Circulated." in page and "Person 0" not in page
