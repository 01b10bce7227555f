"""Fixtures of the outreach tests: three states (two not parties, one party), Annex A, and a
helper that builds the activity form's POST data."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from challenges.models import Challenge
from challenges.services import taxonomy_load_report
from states.models import Region, TreatyAction
from tests.factories import StateFactory, TreatyActionFactory

VISIT_DAY = dt.date(2018, 3, 1)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def media_root(settings):
    return settings.MEDIA_ROOT


@pytest.fixture
def signatory(db):
    state = StateFactory(iso3="XSG", name_en="Signatoria", region=Region.AFRICA)
    TreatyActionFactory(state=state, kind=TreatyAction.Kind.SIGNATURE, date=dt.date(2013, 9, 25))
    return state


@pytest.fixture
def non_signatory(db):
    return StateFactory(iso3="XNS", name_en="Nonsignia", region=Region.ASIA)


@pytest.fixture
def party(db):
    state = StateFactory(iso3="XPT", name_en="Partyland", region=Region.EUROPE)
    TreatyActionFactory(state=state, kind=TreatyAction.Kind.RATIFICATION, date=dt.date(2014, 4, 2))
    return state


@pytest.fixture
def taxonomy(db):
    taxonomy_load_report()


@pytest.fixture
def challenge_62(taxonomy):
    return Challenge.objects.get(code="6.2")


def pdf_upload(name="report.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "application/pdf")


def zip_upload(name, members: dict, content_type="application/zip"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type)


def form_data(*, states, noted=(), stages=(), followups=(), version=None, **fields):
    """POST data of the activity form. noted: (state, challenge, note) rows; stages: (state,
    stage, since, visibility, note) rows; followups: (action, owner, due) rows."""
    data = {
        "activity-start_date": VISIT_DAY.isoformat(),
        "activity-end_date": "",
        "activity-actor_role": "presidency",
        "activity-actor_name": "H.E. Ambassador Nobushige Takamizawa",
        "activity-kind": "visit",
        "activity-place": "Capital City",
        "activity-counterpart": "Ministry of Foreign Affairs",
        "activity-summary": "Discussed the ATT with the ministry.",
        "activity-outcome": "Interest in joining.",
        "activity-visibility": "internal",
        "activity-states": [s.pk for s in states],
        "noted-TOTAL_FORMS": str(max(3, len(noted))),
        "noted-INITIAL_FORMS": "0",
        "noted-MIN_NUM_FORMS": "0",
        "noted-MAX_NUM_FORMS": "50",
        "stages-TOTAL_FORMS": str(max(1, len(stages))),
        "stages-INITIAL_FORMS": "0",
        "stages-MIN_NUM_FORMS": "0",
        "stages-MAX_NUM_FORMS": "50",
        "followups-TOTAL_FORMS": str(max(2, len(followups))),
        "followups-INITIAL_FORMS": "0",
        "followups-MIN_NUM_FORMS": "0",
        "followups-MAX_NUM_FORMS": "50",
    }
    if version is not None:
        data["activity-version"] = str(version)
    for key, value in fields.items():
        data[f"activity-{key}"] = value
    for index, (state, challenge, note) in enumerate(noted):
        data[f"noted-{index}-state"] = state.pk if state else ""
        data[f"noted-{index}-challenge"] = challenge.pk if challenge else ""
        data[f"noted-{index}-note"] = note
    for index, (state, stage, since, visibility, note) in enumerate(stages):
        data[f"stages-{index}-state"] = state.pk if state else ""
        data[f"stages-{index}-stage"] = stage.pk if stage else ""
        data[f"stages-{index}-since"] = since
        data[f"stages-{index}-visibility"] = visibility
        data[f"stages-{index}-note"] = note
    for index, (action, owner, due) in enumerate(followups):
        data[f"followups-{index}-action"] = action
        # An account as owner goes in the owner list; text in the "without an account" field.
        if hasattr(owner, "pk"):
            data[f"followups-{index}-assignee"] = owner.pk
        else:
            data[f"followups-{index}-owner"] = owner
        data[f"followups-{index}-due_on"] = due
    return data
