"""The pipeline's writes: the ledger's rules with clear messages, versioned edits, the seed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from pipeline.models import ProcedureStage, StageEntry
from pipeline.services import (
    procedure_stage_update,
    stage_entry_delete,
    stage_entry_note,
    stage_entry_update,
    stages_load_report,
)
from states.dates import today
from states.versioning import StaleEdit

D = dt.date


def messages_of(error: ValidationError) -> str:
    return " ".join(error.value.messages)


def test_an_entry_is_saved_with_its_history_and_recorder(stages, signatory, record, secretariat):
    entry = record(signatory, stages["under_review"], D(2016, 1, 10), note="From the embassy")
    record_ = entry.history.get()
    assert (record_.history_user, record_.history_type) == (secretariat, "+")
    assert entry.recorded_by == secretariat
    assert entry.visibility == "internal"  # the default keeps it from the public


def test_an_entry_after_the_deposit_is_refused_with_the_deposit_date(stages, depositor, record):
    with pytest.raises(ValidationError) as error:
        record(depositor, stages["instrument_executed"], D(2018, 9, 1))
    text = messages_of(error)
    assert "14 August 2018" in text
    assert "Depositia deposited its instrument of ratification" in text
    assert not StageEntry.objects.exists()


def test_an_entry_on_a_day_the_state_is_a_party_says_since_when(stages, depositor, record):
    with pytest.raises(ValidationError) as error:
        record(depositor, stages["instrument_executed"], D(2019, 1, 1))
    text = messages_of(error)
    assert "14 August 2018" in text
    assert "State Party since 12 November 2018" in text


def test_an_entry_on_the_deposit_day_or_before_is_accepted(stages, depositor, record):
    record(depositor, stages["instrument_executed"], D(2018, 8, 1))
    record(depositor, stages["parliament_approved"], D(2018, 8, 14))
    assert StageEntry.objects.count() == 2


def test_a_future_date_is_refused(stages, signatory, record):
    with pytest.raises(ValidationError) as error:
        record(signatory, stages["under_review"], today() + dt.timedelta(days=1))
    assert "cannot be in the future" in messages_of(error)


def test_a_second_entry_of_the_same_stage_and_day_is_refused_clearly(stages, signatory, record):
    record(signatory, stages["under_review"], D(2016, 1, 10))
    with pytest.raises(ValidationError) as error:
        record(signatory, stages["under_review"], D(2016, 1, 10), source="Another")
    assert "already has an entry" in messages_of(error)
    assert StageEntry.objects.count() == 1


def test_noting_an_existing_entry_returns_it_unchanged(stages, signatory, record, secretariat):
    entry = record(signatory, stages["under_review"], D(2016, 1, 10), source="Gazette")
    again = stage_entry_note(
        state=signatory,
        stage=stages["under_review"],
        date=D(2016, 1, 10),
        source="A visit",
        user=secretariat,
    )
    assert again.pk == entry.pk and again.source == "Gazette"
    assert StageEntry.objects.count() == 1


def test_an_update_saves_the_changed_fields_and_bumps_the_version(
    stages, signatory, record, secretariat
):
    entry = record(signatory, stages["under_review"], D(2016, 1, 10))
    changed = stage_entry_update(
        entry=entry,
        expected_version=1,
        values={"visibility": "public", "note": "", "date": D(2016, 1, 10)},
        user=secretariat,
    )
    assert changed == ["visibility"]
    entry.refresh_from_db()
    assert (entry.visibility, entry.version) == ("public", 2)
    assert entry.history.count() == 2


def test_an_update_from_a_stale_form_saves_nothing_and_says_what_changed(
    stages, signatory, record, secretariat
):
    entry = record(signatory, stages["under_review"], D(2016, 1, 10))
    stage_entry_update(entry=entry, expected_version=1, values={"note": "First"}, user=secretariat)
    with pytest.raises(StaleEdit) as stale:
        stage_entry_update(
            entry=entry, expected_version=1, values={"note": "Second"}, user=secretariat
        )
    assert "First" in stale.value.message
    entry.refresh_from_db()
    assert entry.note == "First"


def test_an_update_to_a_date_after_the_deposit_is_refused(stages, depositor, record, secretariat):
    entry = record(depositor, stages["instrument_executed"], D(2018, 8, 1))
    with pytest.raises(ValidationError) as error:
        stage_entry_update(
            entry=entry,
            expected_version=1,
            values={"date": D(2018, 8, 20)},
            user=secretariat,
        )
    assert "14 August 2018" in messages_of(error)
    entry.refresh_from_db()
    assert entry.date == D(2018, 8, 1)


def test_an_update_onto_another_entry_is_refused(stages, signatory, record, secretariat):
    record(signatory, stages["under_review"], D(2016, 1, 10))
    other = record(signatory, stages["before_parliament"], D(2016, 1, 10))
    with pytest.raises(ValidationError) as error:
        stage_entry_update(
            entry=other,
            expected_version=1,
            values={"stage": stages["under_review"]},
            user=secretariat,
        )
    assert "already has an entry" in messages_of(error)


def test_a_stale_deletion_deletes_nothing(stages, signatory, record, secretariat):
    entry = record(signatory, stages["under_review"], D(2016, 1, 10))
    stage_entry_update(entry=entry, expected_version=1, values={"note": "x"}, user=secretariat)
    with pytest.raises(StaleEdit):
        stage_entry_delete(entry=entry, expected_version=1, user=secretariat)
    stage_entry_delete(entry=entry, expected_version=2, user=secretariat)
    assert not StageEntry.objects.exists()
    assert StageEntry.history.filter(history_type="-").get().history_user == secretariat


def test_the_seed_is_idempotent_and_keeps_a_renamed_stage(db, secretariat):
    assert stages_load_report() == ["Procedure stages: 6 created, 0 already present."]
    stage = ProcedureStage.objects.get(code="before_parliament")
    procedure_stage_update(
        stage=stage,
        expected_version=1,
        values={"name_en": "Before the National Assembly", "name_fr": ""},
        user=secretariat,
    )
    assert stages_load_report() == [
        "Procedure stages: 0 created, 6 already present, 1 translations filled in."
    ]
    stage.refresh_from_db()
    assert stage.name_en == "Before the National Assembly"
    assert stage.name_fr == "Soumis au parlement"
    assert list(ProcedureStage.objects.values_list("code", flat=True)) == [
        "none_known",
        "under_review",
        "government_approved",
        "before_parliament",
        "parliament_approved",
        "instrument_executed",
    ]
