"""A state's stage on any date, for every state in one query; what the database refuses."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from pipeline.models import ProcedureStage, StageEntry, pipeline_states
from states.models import State

D = dt.date


def stage_of(state, on, **kwargs):
    return pipeline_states().with_stage(on, **kwargs).get(pk=state.pk)


def test_a_state_without_an_entry_has_no_stage(stages, signatory):
    row = stage_of(signatory, D(2018, 5, 31))
    assert (row.stage_id, row.stage_date, row.stage_since) == (None, None, None)


def test_the_stage_on_a_date_is_the_latest_entry_on_or_before_it(stages, signatory, record):
    record(signatory, stages["under_review"], D(2016, 1, 10))
    record(signatory, stages["before_parliament"], D(2017, 6, 1))
    assert stage_of(signatory, D(2016, 1, 9)).stage_id is None
    assert stage_of(signatory, D(2016, 1, 10)).stage_id == stages["under_review"].pk
    assert stage_of(signatory, D(2017, 5, 31)).stage_id == stages["under_review"].pk
    on_the_day = stage_of(signatory, D(2017, 6, 1))
    assert on_the_day.stage_id == stages["before_parliament"].pk
    assert on_the_day.stage_date == D(2017, 6, 1)


def test_on_one_day_the_later_step_counts(stages, signatory, record):
    record(signatory, stages["parliament_approved"], D(2017, 6, 1))
    record(signatory, stages["before_parliament"], D(2017, 6, 1))
    assert stage_of(signatory, D(2017, 6, 1)).stage_id == stages["parliament_approved"].pk


def test_since_is_the_first_of_the_consecutive_entries_of_the_stage(stages, signatory, record):
    record(signatory, stages["under_review"], D(2015, 3, 1))
    record(signatory, stages["before_parliament"], D(2016, 3, 1))
    record(signatory, stages["before_parliament"], D(2017, 3, 1))  # confirmed a year later
    row = stage_of(signatory, D(2018, 1, 1))
    assert row.stage_id == stages["before_parliament"].pk
    assert row.stage_date == D(2017, 3, 1)
    assert row.stage_since == D(2016, 3, 1)


def test_since_restarts_when_a_state_comes_back_to_a_stage(stages, signatory, record):
    record(signatory, stages["before_parliament"], D(2015, 3, 1))
    record(signatory, stages["government_approved"], D(2016, 3, 1))  # withdrawn from parliament
    record(signatory, stages["before_parliament"], D(2017, 3, 1))
    assert stage_of(signatory, D(2018, 1, 1)).stage_since == D(2017, 3, 1)


def test_public_only_reads_the_public_entries(stages, signatory, record):
    record(signatory, stages["under_review"], D(2016, 1, 10), visibility="public")
    record(signatory, stages["before_parliament"], D(2017, 6, 1), visibility="internal")
    assert stage_of(signatory, D(2018, 1, 1)).stage_id == stages["before_parliament"].pk
    public = stage_of(signatory, D(2018, 1, 1), public_only=True)
    assert public.stage_id == stages["under_review"].pk


def test_every_state_is_annotated_in_one_query(
    stages, signatory, non_signatory, record, django_assert_num_queries
):
    record(signatory, stages["under_review"], D(2016, 1, 10))
    record(non_signatory, stages["none_known"], D(2017, 1, 10))
    with django_assert_num_queries(1):
        rows = {
            s.iso3: s.stage_id
            for s in pipeline_states().with_record(D(2018, 1, 1)).with_stage(D(2018, 1, 1))
        }
    assert rows == {"XSG": stages["under_review"].pk, "XNS": stages["none_known"].pk}


def test_stage_on_filters_the_states_at_a_stage(stages, signatory, non_signatory, record):
    record(signatory, stages["under_review"], D(2016, 1, 10))
    record(non_signatory, stages["none_known"], D(2017, 1, 10))
    at = pipeline_states().stage_on(D(2018, 1, 1), stages["none_known"])
    assert [s.iso3 for s in at] == ["XNS"]
    assert at[0].status == "non_signatory"  # with the ledger's record too


def test_pipeline_states_keep_the_ledgers_reads(stages, signatory):
    assert list(pipeline_states().non_parties(D(2018, 1, 1))) == list(
        State.objects.non_parties(D(2018, 1, 1))
    )


def test_the_database_refuses_a_second_entry_of_a_stage_on_one_day(stages, signatory, record):
    entry = record(signatory, stages["under_review"], D(2016, 1, 10))
    with pytest.raises(IntegrityError), transaction.atomic():
        StageEntry.objects.create(
            state=signatory, stage=entry.stage, date=entry.date, source="Another source"
        )


def test_the_database_refuses_a_date_before_the_treaty_opened(stages, signatory):
    with pytest.raises(IntegrityError), transaction.atomic():
        StageEntry.objects.create(
            state=signatory, stage=stages["under_review"], date=D(2013, 6, 2), source="x"
        )


def test_the_database_refuses_an_unknown_visibility(stages, signatory):
    with pytest.raises(IntegrityError), transaction.atomic():
        StageEntry.objects.create(
            state=signatory,
            stage=stages["under_review"],
            date=D(2016, 1, 1),
            source="x",
            visibility="secret",
        )


@pytest.mark.parametrize("code", ["deposited", "Before Parliament", "x", "1st_reading"])
def test_the_database_refuses_a_stage_code_that_is_not_one(stages, code):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProcedureStage.objects.create(code=code, order=99, name_en="A stage")


def test_stage_names_follow_the_language(stages):
    from django.utils import translation

    stage = stages["before_parliament"]
    with translation.override("fr"):
        assert stage.name == "Soumis au parlement"
    with translation.override("es"):
        assert stage.name == "Presentado al parlamento"
    assert stage.name == "Submitted to parliament"
