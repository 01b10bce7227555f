"""The summaries in the French and Spanish reports (issue 22): a Final summary prints in the
report's language, none of its English sentences; a summary left in English only prints with the
marker and the cover counts it, in the public and the internal edition."""

import io

import pypdf
import pytest
from django.utils import translation

from meetings.reports import pdf
from meetings.reports.context import meeting_report_context
from meetings.reports.i18n import language as report_language
from meetings.reports.render import meeting_report_html
from meetings.summaries import Summary, SummaryState
from tests.reports.conftest import meeting_on

pytestmark = pytest.mark.django_db

MAY = "2018-05-31"
TEXTS = {
    "en": "The Working Group welcomed the two new accessions. It thanked the presenters.",
    "fr": "Le Groupe de travail a salué les deux nouvelles adhésions. Il a remercié les orateurs.",
    "es": "El Grupo de Trabajo acogió las dos nuevas adhesiones. Agradeció a los ponentes.",
}
ENGLISH_ONLY = "The Chair closed the item without further discussion."


def _text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def summaries(report_world):
    meeting = meeting_on(MAY)
    item = meeting.agenda_items.order_by("order").first()
    Summary.objects.create(
        meeting=meeting,
        state=SummaryState.FINAL,
        text=TEXTS["en"],
        text_fr=TEXTS["fr"],
        text_es=TEXTS["es"],
    )
    Summary.objects.create(
        meeting=meeting, agenda_item=item, state=SummaryState.FINAL, text=ENGLISH_ONLY
    )
    return meeting


@pytest.mark.parametrize("edition", ["public", "internal"])
def test_the_french_and_spanish_reports_print_the_summary_in_their_language(summaries, edition):
    for code in ("fr", "es"):
        html = meeting_report_html(summaries, edition=edition, language=code)
        text = _text(pdf.render_pdf(html).content)
        assert " ".join(TEXTS[code].split()) in text, (code, edition)
        for sentence in ("The Working Group welcomed the two new accessions.", "thanked"):
            assert sentence not in text, (code, edition)
        with translation.override(code):
            marker = translation.pgettext("content fallback marker", "(in English only)")
        # The summary left in English is printed with the marker in the report's language.
        assert f"{ENGLISH_ONLY} {marker}" in text, (code, edition)


def test_a_summary_shown_in_its_original_is_counted_on_the_cover(summaries):
    with report_language("fr"):
        context = meeting_report_context(summaries, "public")
    assert context["shown_in_original"] == 1
    with report_language("en"):
        assert meeting_report_context(summaries, "public")["shown_in_original"] == 0
    # A French original read in English: counted, marked "(in French only)".
    Summary.objects.filter(agenda_item__isnull=False).update(
        text="", text_fr="Le point est clos.", original_language="fr"
    )
    with report_language("en"):
        context = meeting_report_context(meeting_on(MAY), "public")
    assert context["shown_in_original"] == 1
    html = meeting_report_html(meeting_on(MAY), edition="public", language="en")
    assert '<div lang="fr"><p>Le point est clos.</p></div>' in html
    assert "(in French only)" in html
