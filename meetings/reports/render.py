"""Renderers: (filename, content_type, bytes), callable from a view, a command and tests alike
(STYLE.md § 15). Each renders its template in the requested language, whatever the request's,
and turns it into PDF in a bounded child process (meetings.reports.pdf)."""

import datetime as dt
import logging

from django.template.loader import get_template, render_to_string

from meetings.models import Meeting, ReportEdition
from meetings.reports import pdf
from meetings.reports.context import (
    meeting_report_context,
    meeting_report_data,
    state_briefing_context,
)
from meetings.reports.i18n import language as active_language
from states import maps
from states.models import State

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/pdf"
AUTHOR = "ATT Secretariat — WGTU"
TEMPLATES = ("reports/meeting_report.html", "reports/state_briefing.html", "reports/pdf_base.html")


def warm_up() -> None:
    """Pay at worker start what the first report of a process would otherwise pay once on top
    of its own work (~0.3 s): the template engine started and the report templates compiled,
    the world map's geometry decoded (states.maps.geometry, kept per process; the dashboard and
    the state pages use it too), WeasyPrint initialised in this process so that the render
    children forked from it inherit it (pdf.warm_up). Reads no data, renders no report, fetches
    nothing; safe to call again (the caches are already filled). Never raises: a failure is
    logged and the first report pays the cost (or reports its error) as before.

    Call it once per server process, after the fork: gunicorn's post_worker_init."""
    try:
        for name in TEMPLATES:
            get_template(name)
        maps.geometry()
    except Exception:
        logger.exception("The report templates or the map could not be prepared in advance.")
    pdf.warm_up()


LANGUAGES = ("en", "fr", "es")


def _check(edition: str, language: str) -> None:
    if edition not in ReportEdition.values:
        raise ValueError(f"unknown edition {edition!r}")
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")


def meeting_report_filename(meeting: Meeting, edition: str, language: str) -> str:
    suffix = "_INTERNAL" if edition == ReportEdition.INTERNAL else ""
    return f"WGTU_report_{meeting.date.isoformat()}_{language.upper()}{suffix}.pdf"


def meeting_report_html(
    meeting: Meeting, *, edition: str = "public", language: str = "en", annex_limit=None
) -> str:
    """The report's HTML in `language` (the PDF's source)."""
    _check(edition, language)
    with active_language(language):
        context = meeting_report_context(meeting, edition, annex_limit=annex_limit)
        context.update(language=language, author=AUTHOR)
        return render_to_string("reports/meeting_report.html", context)


def meeting_report_htmls(
    meeting: Meeting, *, edition: str = "public", languages=LANGUAGES, annex_limit=None
) -> dict[str, str]:
    """{language: the report's HTML} for each of `languages`: what the report reads from the
    database is read once (context.meeting_report_data), then said in each language."""
    for language in languages:
        _check(edition, language)
    data = meeting_report_data(meeting, annex_limit=annex_limit)
    htmls = {}
    for language in languages:
        with active_language(language):
            context = meeting_report_context(meeting, edition, data=data)
            context.update(language=language, author=AUTHOR)
            htmls[language] = render_to_string("reports/meeting_report.html", context)
    return htmls


def render_meeting_reports(meeting: Meeting, *, edition: str = "public", languages=LANGUAGES):
    """{language: (filename, "application/pdf", bytes)} of the report in each of `languages`,
    from one reading of the data, rendered side by side (pdf.render_pdfs: one bounded child per
    language, forked at once from this process's started renderer). Raises
    pdf.ReportUnavailable when any render exceeds its bounds."""
    htmls = meeting_report_htmls(meeting, edition=edition, languages=languages)
    results = pdf.render_pdfs(list(htmls.values()))
    return {
        language: (meeting_report_filename(meeting, edition, language), CONTENT_TYPE, r.content)
        for language, r in zip(htmls, results, strict=True)
    }


def render_meeting_report(meeting: Meeting, *, edition: str = "public", language: str = "en"):
    """The meeting report as (filename, "application/pdf", bytes). Raises pdf.ReportUnavailable
    when the render exceeds its time or memory bound."""
    html = meeting_report_html(meeting, edition=edition, language=language)
    result = pdf.render_pdf(html)
    return meeting_report_filename(meeting, edition, language), CONTENT_TYPE, result.content


def state_briefing_html(state: State, *, language: str = "en", as_of: dt.date) -> str:
    _check(ReportEdition.INTERNAL, language)
    with active_language(language):
        context = state_briefing_context(state, as_of)
        context.update(language=language, author=AUTHOR)
        return render_to_string("reports/state_briefing.html", context)


def render_state_briefing(state: State, *, language: str = "en", as_of: dt.date):
    """A state's briefing pack (internal) as (filename, "application/pdf", bytes)."""
    html = state_briefing_html(state, language=language, as_of=as_of)
    result = pdf.render_pdf(html)
    name = f"WGTU_briefing_{state.iso3}_{as_of.isoformat()}_{language.upper()}_INTERNAL.pdf"
    return name, CONTENT_TYPE, result.content
