"""An outreach activity notes a procedure stage for one of its states ("before parliament since
…"): the pipeline records it with the activity as its source; the activity owns the link."""

import datetime as dt

import pytest
from django.urls import reverse

from outreach.models import OutreachActivity
from pipeline.models import ProcedureStage, StageEntry
from pipeline.services import stage_entry_create, stages_load_report
from tests.outreach.conftest import VISIT_DAY, form_data

pytestmark = pytest.mark.django_db
D = dt.date
CREATE = reverse("outreach:create")


@pytest.fixture
def stages(db):
    stages_load_report()
    return {s.code: s for s in ProcedureStage.objects.all()}


def test_a_stage_noted_during_an_activity_becomes_an_entry_sourced_to_it(
    client_for, signatory, stages, secretariat
):
    data = form_data(
        states=[signatory],
        stages=[(signatory, stages["before_parliament"], "2018-01-10", "public", "Bill 12")],
    )
    response = client_for("secretariat").post(CREATE, data)
    assert response.status_code == 302
    activity = OutreachActivity.objects.get()
    entry = StageEntry.objects.get()
    assert (entry.state, entry.stage.code, entry.date) == (
        signatory,
        "before_parliament",
        D(2018, 1, 10),
    )
    assert entry.source == activity.evidence_text()
    assert (entry.visibility, entry.note, entry.recorded_by) == ("public", "Bill 12", secretariat)
    assert list(activity.stage_entries.all()) == [entry]
    assert list(entry.outreach_activities.all()) == [activity]
    reason = activity.history.get().history_change_reason
    assert "procedure stages noted: XSG before_parliament" in reason
    detail = client_for("cochair").get(activity.get_absolute_url()).content.decode()
    assert "Procedure stages noted" in detail and "Submitted to parliament" in detail


def test_without_a_date_the_stage_is_dated_on_the_activity(client_for, signatory, stages):
    data = form_data(
        states=[signatory], stages=[(signatory, stages["under_review"], "", "internal", "")]
    )
    client_for("secretariat").post(CREATE, data)
    assert StageEntry.objects.get().date == VISIT_DAY


def test_a_stage_for_a_state_the_activity_does_not_concern_is_refused(
    client_for, signatory, non_signatory, stages
):
    data = form_data(
        states=[signatory], stages=[(non_signatory, stages["under_review"], "", "internal", "")]
    )
    response = client_for("secretariat").post(CREATE, data)
    assert response.status_code == 200
    assert "Choose a state among the states concerned" in response.content.decode()
    assert not OutreachActivity.objects.exists() and not StageEntry.objects.exists()


def test_a_stage_of_a_state_party_is_refused_with_its_deposit_and_nothing_is_saved(
    client_for, party, stages
):
    data = form_data(
        states=[party], stages=[(party, stages["instrument_executed"], "", "internal", "")]
    )
    response = client_for("secretariat").post(CREATE, data)
    text = response.content.decode()
    assert "Partyland, stage “Instrument signed by the competent authority" in text
    assert "2 April 2014" in text  # its deposit
    assert "State Party since 24 December 2014" in text
    assert not OutreachActivity.objects.exists() and not StageEntry.objects.exists()


def test_a_stage_dated_after_the_activity_is_refused(client_for, signatory, stages):
    data = form_data(
        states=[signatory],
        stages=[(signatory, stages["under_review"], "2018-04-01", "internal", "")],
    )
    response = client_for("secretariat").post(CREATE, data)
    assert "cannot be dated after it" in response.content.decode()
    assert not StageEntry.objects.exists()


def test_a_row_with_a_state_and_no_stage_asks_for_the_stage(client_for, signatory, stages):
    data = form_data(states=[signatory], stages=[(signatory, None, "", "internal", "")])
    response = client_for("secretariat").post(CREATE, data)
    assert "Choose the stage this state has reached." in response.content.decode()
    assert not OutreachActivity.objects.exists()


def test_a_stage_recorded_already_is_linked_not_repeated(
    client_for, signatory, stages, secretariat
):
    existing = stage_entry_create(
        state=signatory,
        stage=stages["before_parliament"],
        date=D(2018, 1, 10),
        source="Parliamentary record",
        user=secretariat,
    )
    data = form_data(
        states=[signatory],
        stages=[(signatory, stages["before_parliament"], "2018-01-10", "public", "")],
    )
    client_for("secretariat").post(CREATE, data)
    assert list(StageEntry.objects.all()) == [existing]
    assert existing.source == "Parliamentary record"
    assert list(OutreachActivity.objects.get().stage_entries.all()) == [existing]


def test_an_edit_of_the_activity_can_note_a_stage(client_for, signatory, stages):
    client = client_for("secretariat")
    client.post(CREATE, form_data(states=[signatory]))
    activity = OutreachActivity.objects.get()
    data = form_data(
        states=[signatory],
        stages=[(signatory, stages["government_approved"], "2018-02-20", "internal", "")],
        version=activity.version,
    )
    response = client.post(reverse("outreach:edit", args=[activity.pk]), data)
    assert response.status_code == 302
    assert activity.stage_entries.get().stage.code == "government_approved"


def test_deleting_the_activity_keeps_the_entry(client_for, signatory, stages):
    client = client_for("secretariat")
    data = form_data(
        states=[signatory], stages=[(signatory, stages["under_review"], "", "internal", "")]
    )
    client.post(CREATE, data)
    activity = OutreachActivity.objects.get()
    client.post(reverse("outreach:delete", args=[activity.pk]))
    assert not OutreachActivity.objects.exists()
    entry = StageEntry.objects.get()
    assert entry.source.startswith("Visit (Presidency")
    assert not entry.outreach_activities.exists()
