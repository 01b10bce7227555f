"""Rendered once per (meeting, edition, language, data version); served from storage afterwards."""

from unittest import mock

import pytest

from meetings.models import RenderedReport
from meetings.reports import cache
from meetings.reports.render import render_meeting_report
from states.models import TreatyAction
from tests.reports.conftest import meeting_on

FAKE = ("fake.pdf", "application/pdf", b"%PDF-fake")


@pytest.fixture
def march(reference_data):
    return meeting_on("2018-03-07")


def test_first_download_renders_and_stores_the_report(march):
    with mock.patch.object(cache, "render_meeting_report", return_value=FAKE) as renderer:
        cache.meeting_report_file(meeting=march, edition="public", language="en")
    renderer.assert_called_once_with(march, edition="public", language="en")
    assert bytes(RenderedReport.objects.get().content) == b"%PDF-fake"


def test_a_cached_download_does_no_rendering(march):
    with mock.patch.object(cache, "render_meeting_report", return_value=FAKE):
        cache.meeting_report_file(meeting=march, edition="public", language="en")
    with (
        mock.patch("weasyprint.HTML") as weasy,
        mock.patch.object(cache, "render_meeting_report") as renderer,
    ):
        filename, content_type, content, _version = cache.meeting_report_file(
            meeting=march, edition="public", language="en"
        )
    renderer.assert_not_called()
    weasy.assert_not_called()
    assert (filename, content_type, content) == FAKE


def test_each_language_and_edition_is_stored_apart(march):
    with mock.patch.object(cache, "render_meeting_report", return_value=FAKE) as renderer:
        for language in ("en", "fr"):
            for edition in ("public", "internal"):
                cache.meeting_report_file(meeting=march, edition=edition, language=language)
    assert renderer.call_count == 4
    assert RenderedReport.objects.count() == 4


def test_editing_a_treaty_action_makes_a_new_version(march, secretariat):
    with mock.patch.object(cache, "render_meeting_report", return_value=FAKE):
        *_rest, before = cache.meeting_report_file(meeting=march, edition="public", language="en")
    action = TreatyAction.objects.filter(state__iso3="KAZ").deposits().get()
    action.note = "Corrected source."
    action._history_user = secretariat
    action.save()
    with mock.patch.object(cache, "render_meeting_report", return_value=FAKE) as renderer:
        *_rest, after = cache.meeting_report_file(meeting=march, edition="public", language="en")
    renderer.assert_called_once()
    assert after != before
    # The older rendering of the same report is dropped.
    assert list(RenderedReport.objects.values_list("data_version", flat=True)) == [after]


def test_editing_an_agenda_note_makes_a_new_version(march):
    before = cache.report_data_version(march, "public")
    item = march.agenda_items.first()
    item.public_notes = "A new note."
    item.save()
    assert cache.report_data_version(march, "public") != before


def test_same_data_gives_the_same_version(march):
    assert cache.report_data_version(march, "public") == cache.report_data_version(march, "public")


def test_data_version_costs_one_query(march, django_assert_num_queries):
    # One SELECT of sub-selects: per table its highest id, and its history's count and highest id.
    with django_assert_num_queries(1):
        cache.report_data_version(march, "internal")


@pytest.mark.real_pdf_renders  # two renders, not one shared (tests/pdf_renders.py)
def test_the_same_data_renders_the_same_bytes(reference_data):
    """Reproducible output: fixed metadata, no identifier, no date but the data's."""
    may = meeting_on("2018-05-31")
    with mock.patch("meetings.reports.context.annex_rows", return_value=[]):
        first = render_meeting_report(may, edition="public", language="en")
        second = render_meeting_report(may, edition="public", language="en")
    assert first == second
