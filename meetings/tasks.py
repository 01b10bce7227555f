"""Report renders on demand as background tasks (django.tasks; settings.TASKS chooses the
backend). The views enqueue them and wait a bounded time (meetings.reports.jobs): a reader gets
the PDF in the same request when the render is quick, else a page that refreshes itself until it
is ready. Arguments and results are JSON."""

import base64
import datetime as dt

from django.tasks import task

from meetings.models import BulkDownload, Meeting
from meetings.reports import bulk
from meetings.reports.cache import meeting_report_file
from meetings.reports.pdf import ReportUnavailable
from meetings.reports.render import render_state_briefing
from states.models import State


@task
def meeting_report_render(meeting_id: int, edition: str, language: str) -> dict:
    """Render and store the meeting report (meetings.reports.cache): {"ok": true}, or
    {"error": the reader's message} when the render exceeded its bounds. Access was checked by
    the view that enqueued it."""
    meeting = Meeting.objects.get(pk=meeting_id)
    try:
        meeting_report_file(meeting=meeting, edition=edition, language=language)
    except ReportUnavailable as problem:
        return {"error": str(problem)}
    return {"ok": True}


@task
def state_briefing_render(iso3: str, language: str, as_of: str) -> dict:
    """A state's briefing pack: {"filename", "content" (base64)} or {"error": message}. Not
    stored (it is rendered for one reader); the task's result carries it to the view."""
    state = State.objects.get(iso3=iso3)
    try:
        filename, _content_type, content = render_state_briefing(
            state, language=language, as_of=dt.date.fromisoformat(as_of)
        )
    except ReportUnavailable as problem:
        return {"error": str(problem)}
    return {"filename": filename, "content": base64.b64encode(content).decode("ascii")}


@task
def bulk_download_render(download_id: int) -> dict:
    """Render the PDFs of a bulk download (meetings.models.BulkDownload) into one ZIP, counting
    them as it goes for the waiting page: {"ok": true}, or {"error": message} when one render
    exceeded its bounds (each is bounded like a single render: meetings.reports.pdf). Access
    was checked by the view that created it."""
    return bulk.bulk_download_build(download=BulkDownload.objects.get(pk=download_id))
