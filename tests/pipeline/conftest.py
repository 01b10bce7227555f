"""Fixtures of the pipeline tests: the stages, a few states of every kind, and a helper that
records entries through the service (as the portal does)."""

import datetime as dt

import pytest

from pipeline.models import ProcedureStage
from pipeline.services import stage_entry_create, stages_load_report
from states.models import Region, TreatyAction
from tests.factories import StateFactory, TreatyActionFactory

D = dt.date
Kind = TreatyAction.Kind


@pytest.fixture
def stages(db):
    """The seeded vocabulary, by code."""
    stages_load_report()
    return {s.code: s for s in ProcedureStage.objects.all()}


@pytest.fixture
def signatory(db):
    state = StateFactory(iso3="XSG", name_en="Signatoria", region=Region.AFRICA)
    TreatyActionFactory(state=state, kind=Kind.SIGNATURE, date=D(2013, 9, 25))
    return state


@pytest.fixture
def non_signatory(db):
    return StateFactory(iso3="XNS", name_en="Nonsignia", region=Region.ASIA)


@pytest.fixture
def depositor(db):
    """Signed in 2013, deposited on 14 August 2018 (in force on 12 November 2018)."""
    state = StateFactory(iso3="XDP", name_en="Depositia", region=Region.AMERICAS)
    TreatyActionFactory(state=state, kind=Kind.SIGNATURE, date=D(2013, 6, 3))
    TreatyActionFactory(state=state, kind=Kind.RATIFICATION, date=D(2018, 8, 14))
    return state


@pytest.fixture
def record(secretariat):
    """record(state, stage, date, **fields): an entry saved through the service."""

    def make(state, stage, day, **fields):
        fields.setdefault("source", "Official gazette")
        return stage_entry_create(state=state, stage=stage, date=day, user=secretariat, **fields)

    return make
