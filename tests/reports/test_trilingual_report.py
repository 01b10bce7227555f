"""The French and Spanish reports of 31 May 2018 carry no English sentence from the records: a
French or Spanish title and running header, agenda and activities, the ATT's acronyms (CEP,
CEEP); a text left in English only prints with the marker, and the cover counts it (issue 22)."""

import io
import re

import pypdf
import pytest
from django.utils import translation

from meetings.models import AgendaItem, PlanActivity, WorkPlan
from meetings.reports import pdf
from meetings.reports.context import meeting_report_context
from meetings.reports.i18n import language as report_language
from meetings.reports.render import meeting_report_html
from meetings.titles import composed_meeting_title
from tests.reports.conftest import meeting_on

pytestmark = pytest.mark.django_db

MAY = "2018-05-31"
ACRONYMS = {"fr": ("CEP3", "CEP4", "GTUT"), "es": ("CEEP3", "CEEP4", "GTUT")}


def _text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _english_sentences() -> list[str]:
    """Every English sentence the records hold for the plan of 31 May 2018 (titles, the plan's
    description, agenda wordings and notes, activities), and the meeting's English title."""
    plan = WorkPlan.objects.get(reference_key="csp4-work-plan")
    # The meetings' English titles too: "Évolution depuis WGTU meeting, 7 March 2018" was the
    # French report's line before issue 22.
    texts = [plan.title, plan.description, *plan.meetings.values_list("title", flat=True)]
    for item in AgendaItem.objects.filter(meeting__plan=plan).select_related("topic"):
        texts += [item.title, item.description, item.public_notes]
        if item.topic:
            texts.append(item.topic.title_en)
    for activity in PlanActivity.objects.filter(plan=plan):
        texts += [activity.title, activity.description]
    sentences = []
    for text in texts:
        sentences += [s.strip() for s in re.split(r"(?<=\.)\s+", text or "") if len(s.strip()) > 12]
    return sentences


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_report_of_31_may_2018_has_no_english_sentence_from_the_records(rendered, language):
    _html, result = rendered(MAY, "public", language)
    text = _text(result.content)
    english = _english_sentences()
    assert len(english) > 10
    for sentence in english:
        assert " ".join(sentence.split()) not in text, (language, sentence)
    title = composed_meeting_title(meeting_on(MAY).date, language)
    assert title in text
    # The running header repeats the title on every page.
    pages = pypdf.PdfReader(io.BytesIO(result.content)).pages
    assert all(title in " ".join(page.extract_text().split()) for page in pages)
    plan = WorkPlan.objects.get(reference_key="csp4-work-plan")
    assert getattr(plan, f"title_{language}") in text
    activity = PlanActivity.objects.get(reference_key="csp4-outreach")
    assert " ".join(getattr(activity, f"title_{language}").split()) in text
    march = composed_meeting_title(meeting_on("2018-03-07").date, language, short=True)
    assert march in text  # "Évolution depuis Réunion du GTUT, 7 mars 2018"
    for acronym in ACRONYMS[language]:
        assert acronym in text, (language, acronym)
    assert "CSP4" not in text and "WGTU" not in text
    with translation.override(language):
        marker = translation.pgettext("content fallback marker", "(in English only)")
    assert marker not in text
    # The seeded translations are the Secretariat's: the cover says so.
    with translation.override(language):
        note = translation.gettext(
            "The translations of the records' texts are the Secretariat's, not official ATT "
            "translations."
        )
    assert " ".join(note.split()) in text


def test_a_text_left_in_english_only_prints_with_the_marker_and_is_counted(report_world):
    meeting = meeting_on(MAY)
    item = meeting.agenda_items.order_by("order").first()
    item.public_notes = "The Chair welcomed the delegations."
    item.save()
    with report_language("fr"):
        context = meeting_report_context(meeting, "public")
        marker = translation.pgettext("content fallback marker", "(in English only)")
    assert context["shown_in_original"] == 1
    html = meeting_report_html(meeting, edition="public", language="fr")
    text = _text(pdf.render_pdf(html).content)
    assert f"The Chair welcomed the delegations. {marker}" in text
    assert 'class="cover-note cover-languages"' in html
