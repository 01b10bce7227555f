"""No lost edits: two Secretariat users open the same edit form; the first to save wins, the
second is refused (409) with who changed what, and the database keeps the first's values."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from meetings import services
from meetings.models import AgendaItem, Document, Meeting, PlanActivity, StandardTopic, WorkPlan
from states.versioning import StaleEdit, versioned_update
from tests.factories import UserFactory


@pytest.fixture
def alice(secretariat):
    return secretariat


@pytest.fixture
def bob(db):
    return UserFactory(username="bob.secretariat", role=Role.SECRETARIAT)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(response) -> dict:
    """What the browser would send back unchanged: every field of the page's form."""
    data = {}
    for name, bound in response.context["form"].fields.items():
        value = response.context["form"][name].value()
        if bound.disabled or value is None or value is False:
            continue
        if isinstance(value, list | tuple):  # a multiple choice: each value
            data[name] = [str(v) for v in value]
            continue
        data[name] = "on" if value is True else str(value)
    return data


def form_errors(response) -> str:
    return " ".join(response.context["form"].non_field_errors())


# (URL name, the record's URL argument, field alice changes, her value, field bob changes, his)
CASES = {
    "meeting": ("meetings:meeting_edit", "venue", "Vienna", "title", "Bob's title"),
    "agenda item": ("meetings:agenda_item_edit", "presenter", "Alice", "presenter", "Bob"),
    "work plan": ("meetings:plan_edit", "title", "Alice's plan", "description", "Bob's aims"),
    "activity": ("meetings:activity_edit", "title", "Alice's workshop", "title", "Bob's"),
    "topic": ("meetings:topic_edit", "title_fr", "Titre d'Alice", "title_es", "Título de Bob"),
    "document": ("meetings:document_edit", "title", "Alice's report", "note", "Bob's note"),
}


def record_for(kind, plan):
    meeting = plan.meetings.order_by("date").first()
    return {
        "meeting": lambda: meeting,
        "agenda item": lambda: meeting.agenda_items.first(),
        "work plan": lambda: plan,
        "activity": lambda: plan.activities.first(),
        "topic": lambda: StandardTopic.objects.first(),
        "document": lambda: Document.objects.filter(part_of__isnull=True).first(),
    }[kind]()


def url_for(kind, record):
    url_name = CASES[kind][0]
    return reverse(url_name, args=[record.code if kind == "topic" else record.pk])


KINDS = list(CASES)


@pytest.mark.parametrize("kind", KINDS)
def test_the_second_save_of_the_same_version_is_refused_and_shows_the_first(
    kind, work_plan, alice, bob
):
    _url_name, her_field, her_value, his_field, his_value = CASES[kind]
    record = record_for(kind, work_plan)
    url = url_for(kind, record)
    her_client, his_client = signed_in(alice), signed_in(bob)
    her_form = form_data(her_client.get(url))
    his_form = form_data(his_client.get(url))
    old_value = getattr(record, her_field)

    assert her_client.post(url, {**her_form, her_field: her_value}).status_code == 302
    response = his_client.post(url, {**his_form, his_field: his_value})

    assert response.status_code == 409
    message = form_errors(response)
    assert alice.get_full_name() in message
    assert f"“{old_value or '—'}” → “{her_value}”" in message
    record.refresh_from_db()
    assert getattr(record, her_field) == her_value
    assert getattr(record, his_field) != his_value
    assert record.history.first().history_user == alice


@pytest.mark.parametrize("kind", KINDS)
def test_a_refused_form_keeps_the_input_and_saves_on_the_second_try(kind, work_plan, alice, bob):
    _url_name, her_field, her_value, his_field, his_value = CASES[kind]
    record = record_for(kind, work_plan)
    url = url_for(kind, record)
    her_client, his_client = signed_in(alice), signed_in(bob)
    his_form = form_data(his_client.get(url))
    her_client.post(url, {**form_data(her_client.get(url)), her_field: her_value})

    refused = his_client.post(url, {**his_form, his_field: his_value})
    again = form_data(refused)
    assert again[his_field] == his_value
    assert his_client.post(url, again).status_code == 302

    record.refresh_from_db()
    assert getattr(record, his_field) == his_value
    assert record.version == 3


def test_a_save_with_the_current_version_is_accepted_and_bumps_it(work_plan, alice):
    meeting = work_plan.meetings.order_by("date").first()
    url = reverse("meetings:meeting_edit", args=[meeting.pk])
    client = signed_in(alice)
    data = form_data(client.get(url))
    assert data["version"] == "1"

    response = client.post(url, {**data, "venue": "Vienna"})

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.venue, meeting.version) == ("Vienna", 2)


def test_an_invalid_stale_form_is_reported_as_stale(work_plan, alice, bob):
    meeting = work_plan.meetings.order_by("date").first()
    url = reverse("meetings:meeting_edit", args=[meeting.pk])
    her_client, his_client = signed_in(alice), signed_in(bob)
    his_form = form_data(his_client.get(url))
    her_client.post(url, {**form_data(her_client.get(url)), "venue": "Vienna"})

    response = his_client.post(url, {**his_form, "title": ""})

    assert response.status_code == 409
    assert "“Vienna”" in form_errors(response)


def test_the_service_refuses_a_stale_version_and_saves_nothing(work_plan, alice, bob):
    plan = WorkPlan.objects.get(pk=work_plan.pk)
    versioned_update(instance=plan, expected_version=1, values={"title": "First"}, user=alice)
    stale = WorkPlan.objects.get(pk=plan.pk)
    with pytest.raises(StaleEdit):
        versioned_update(instance=stale, expected_version=1, values={"title": "Second"}, user=bob)
    plan.refresh_from_db()
    assert (plan.title, plan.version) == ("First", 2)


def test_an_unchanged_form_saves_nothing_and_keeps_the_version(work_plan, alice):
    activity = PlanActivity.objects.filter(plan=work_plan).first()
    url = reverse("meetings:activity_edit", args=[activity.pk])
    client = signed_in(alice)
    client.post(url, form_data(client.get(url)))
    activity.refresh_from_db()
    assert activity.version == 1
    assert activity.history.count() == 1


def test_the_data_load_bumps_the_version_of_what_it_updates(work_plan):
    meeting = Meeting.objects.filter(reference_key__gt="").first()
    Meeting.objects.filter(pk=meeting.pk).update(title="Renamed outside the portal")
    services.work_plan_load()
    meeting.refresh_from_db()
    assert meeting.version == 2


def test_reordering_the_agenda_does_not_make_an_open_item_form_stale(work_plan, alice):
    meeting = work_plan.meetings.order_by("date").first()
    first, second = meeting.agenda_items.order_by("order")[:2]
    url = reverse("meetings:agenda_item_edit", args=[second.pk])
    client = signed_in(alice)
    data = form_data(client.get(url))
    services.agenda_item_move(item=second, direction="up", user=alice)

    assert client.post(url, {**data, "presenter": "Alice"}).status_code == 302
    second.refresh_from_db()
    assert (second.order, second.presenter) == (first.order, "Alice")


# --- the change history on the pages ------------------------------------------------------


def test_the_meeting_page_shows_its_history_to_the_cochairs(work_plan, alice, client_for):
    meeting = work_plan.meetings.order_by("date").first()
    versioned_update(instance=meeting, expected_version=1, values={"venue": "Vienna"}, user=alice)
    page = client_for("cochair").get(meeting.get_absolute_url()).content.decode()
    assert "Change history" in page
    assert "<ins>Vienna</ins>" in page
    assert alice.username in page or alice.get_full_name() in page


def test_the_plan_page_shows_its_activities_history_to_the_secretariat(
    work_plan, alice, client_for
):
    activity = work_plan.activities.first()
    versioned_update(
        instance=activity, expected_version=1, values={"title": "Renamed workshop"}, user=alice
    )
    page = client_for("secretariat").get(work_plan.get_absolute_url()).content.decode()
    assert "<ins>Renamed workshop</ins>" in page


@pytest.mark.parametrize("page", ["meeting", "plan"])
def test_delegates_do_not_see_the_history(page, work_plan, client_for):
    meeting = work_plan.meetings.order_by("date").first()
    url = meeting.get_absolute_url() if page == "meeting" else work_plan.get_absolute_url()
    response = client_for("delegate").get(url)
    assert "history" not in response.context
    assert "Change history" not in response.content.decode()


def test_an_agenda_items_internal_notes_change_is_listed_shortened(work_plan, alice, client_for):
    item = AgendaItem.objects.filter(meeting__plan=work_plan).first()
    versioned_update(
        instance=item, expected_version=1, values={"internal_notes": "x" * 200}, user=alice
    )
    page = client_for("cochair").get(item.meeting.get_absolute_url()).content.decode()
    assert "<ins>" + "x" * 79 + "…</ins>" in page
