"""The tests' snapshot fixtures write exactly what their loaders write: reference_data what
load_reference_data writes, work_plan what work_plan_load writes."""

import io

import pytest
from django.core.management import call_command

from tests.snapshots import snapshot_models


def _counts():
    return {m._meta.label: m._base_manager.count() for m in snapshot_models()}


def test_fixture_rows_equal_a_fresh_load(reference_data):
    restored = _counts()
    assert restored["states.State"] == 196


@pytest.mark.django_db
def test_a_fresh_load_writes_the_same_number_of_rows(reference_snapshot):
    call_command("load_reference_data", stdout=io.StringIO())
    expected = {m._meta.label: len(rows) for m, rows in reference_snapshot}
    assert {k: v for k, v in _counts().items() if v} == expected


def test_ids_continue_after_the_restored_rows(reference_data):
    from states.models import State

    state = State.objects.create(iso3="XXA", name_en="Testland", region="Europe")
    assert state.pk > max(State.objects.exclude(pk=state.pk).values_list("pk", flat=True))


@pytest.mark.django_db
def test_the_work_plan_snapshot_holds_what_the_loader_writes(work_plan_snapshot):
    from meetings.services import work_plan_load

    report = work_plan_load()
    expected = {m._meta.label: len(rows) for m, rows in work_plan_snapshot}
    assert {k: v for k, v in _counts().items() if v} == expected
    assert expected["meetings.Meeting"] == 2 and report.created  # a load into an empty database
