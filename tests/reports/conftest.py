"""Fixtures of the report tests. Rendering costs seconds, so each distinct PDF is rendered once per
test session and shared (`rendered`): every test that asks for a key builds it from the same data
(the reference data plus `report_world`), so whichever test comes first renders it."""

import datetime as dt
import io

import pypdf
import pytest

from challenges.models import Challenge, ChallengeTag
from meetings.models import Meeting
from meetings.reports import pdf
from meetings.reports.render import meeting_report_html, render_state_briefing
from outreach.models import Visibility
from pipeline.models import ProcedureStage, StageEntry
from states.models import State
from tests.outreach.factories import FollowUpFactory, OutreachActivityFactory

D = dt.date
HOSTILE_NOTE = 'See <img src="file:///etc/passwd"> and <a href="http://evil.example/x">this</a>.'
HTTP_NOTE = "Background: http://evil.example/tracker.png and https://evil.example/b.css"
PUBLIC_ACTOR = "Ambassador Públicola"
INTERNAL_ACTOR = "Envoy Internalis"
SECRET_SUMMARY = "Confidential summary never for Delegates"
PIPELINE_SECRET = "Cabinet memorandum never for Delegates"

_SESSION_PDFS: dict = {}


def page_texts(content: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages]


def meeting_on(day: str) -> Meeting:
    return Meeting.objects.select_related("plan").get(date=day)


@pytest.fixture
def report_world(reference_data, secretariat):
    """The reference data plus what the reports must handle: a hostile public note, an agenda note
    with URLs, a public and an internal outreach activity, and an open challenge, all in the
    period before the 7 March 2018 meeting; and stages of domestic procedures: Angola under
    review since 2016 (internal), before parliament since April 2018 (between the two
    meetings); Kenya with no known process since 2016 (public, stalled)."""
    march = meeting_on("2018-03-07")
    first, second = march.agenda_items.order_by("order")[:2]
    first.public_notes = HOSTILE_NOTE
    first.internal_notes = "Minutes only the Secretariat reads."
    first.save()
    second.public_notes = HTTP_NOTE
    second.save()
    angola = State.objects.get(iso3="AGO")
    public = OutreachActivityFactory(
        start_date=D(2017, 11, 20),
        actor_name=PUBLIC_ACTOR,
        place="Luanda",
        summary=SECRET_SUMMARY,
        counterpart="Secret counterpart",
        visibility=Visibility.PUBLIC,
        states=[angola],
    )
    internal = OutreachActivityFactory(
        start_date=D(2018, 1, 15),
        actor_name=INTERNAL_ACTOR,
        summary="Internal talks on the control list.",
        visibility=Visibility.INTERNAL,
        states=[angola],
    )
    FollowUpFactory(activity=internal, action="Send the model control list", due_on=D(2018, 6, 1))
    tag = ChallengeTag.objects.create(
        challenge=Challenge.objects.get(code="6.2"),
        state=angola,
        noted_on=D(2018, 1, 15),
        source="Visit of the envoy",
        note="Needs a national control list.",
    )
    internal.challenge_tags.add(tag)
    stages = {s.code: s for s in ProcedureStage.objects.all()}
    kenya = State.objects.get(iso3="KEN")
    for state, code, day, source, visibility in (
        (angola, "under_review", D(2016, 5, 2), PIPELINE_SECRET, "internal"),
        (angola, "before_parliament", D(2018, 4, 12), "National Assembly agenda", "internal"),
        (kenya, "none_known", D(2016, 1, 15), "ATT Monitor 2016", "public"),
    ):
        StageEntry.objects.create(
            state=state, stage=stages[code], date=day, source=source, visibility=visibility
        )
    return {"march": march, "angola": angola, "public": public, "internal": internal, "tag": tag}


@pytest.fixture
def rendered(report_world):
    """rendered(date, edition, language) → (html, PdfResult), rendered once per session."""

    def get(day: str, edition: str, language: str):
        key = (day, edition, language)
        if key not in _SESSION_PDFS:
            html = meeting_report_html(meeting_on(day), edition=edition, language=language)
            _SESSION_PDFS[key] = (html, pdf.render_pdf(html))
        return _SESSION_PDFS[key]

    return get


@pytest.fixture
def angola_briefing(report_world):
    """Angola's briefing pack of 31 May 2018 (English), rendered once per session."""
    key = ("briefing", "AGO")
    if key not in _SESSION_PDFS:
        _SESSION_PDFS[key] = render_state_briefing(
            report_world["angola"], language="en", as_of=D(2018, 5, 31)
        )
    return _SESSION_PDFS[key]
