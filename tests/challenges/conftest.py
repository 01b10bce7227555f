"""Fixtures of the challenges tests: the Annex A taxonomy, a non-party, a party, tags."""

import datetime as dt

import pytest

from challenges.models import Challenge, ChallengeTag
from challenges.services import challenge_tag_create, taxonomy_load_report
from states.models import Region, TreatyAction
from tests.factories import StateFactory, TreatyActionFactory

D = dt.date
DEFAULT_NOTED_ON = D(2016, 5, 1)


@pytest.fixture
def taxonomy(db):
    taxonomy_load_report()
    return {c.code: c for c in Challenge.objects.all()}


@pytest.fixture
def nonparty(db):
    """Signed in 2013, never deposited: not a State Party on any date."""
    state = StateFactory(iso3="XNP", name_en="Nonpartia", region=Region.AFRICA)
    TreatyActionFactory(state=state, kind=TreatyAction.Kind.SIGNATURE, date=D(2013, 9, 25))
    return state


@pytest.fixture
def party(db):
    """Signed 2013, ratified 10 January 2017: a State Party from 10 April 2017 (Art. 22)."""
    state = StateFactory(iso3="XPA", name_en="Partyland", region=Region.ASIA)
    TreatyActionFactory(state=state, kind=TreatyAction.Kind.SIGNATURE, date=D(2013, 9, 25))
    TreatyActionFactory(state=state, kind=TreatyAction.Kind.RATIFICATION, date=D(2017, 1, 10))
    return state


@pytest.fixture
def make_tag(taxonomy, secretariat):
    def make(state, code="6.2", noted_on=DEFAULT_NOTED_ON, **kwargs) -> ChallengeTag:
        kwargs.setdefault("source", "Visit of the CSP President")
        return challenge_tag_create(
            state=state, challenge=taxonomy[code], noted_on=noted_on, user=secretariat, **kwargs
        )

    return make
