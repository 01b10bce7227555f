"""Rendered once, served from storage afterwards: one stored rendering per (meeting, edition,
language, data version). A download whose version is stored does no rendering at all."""

import time

from django.db import IntegrityError, transaction

from meetings.models import Meeting, RenderedReport, ReportEdition
from meetings.reports import versions
from meetings.reports.render import CONTENT_TYPE, render_meeting_report


def report_data_version(meeting: Meeting, edition: str) -> str:
    models = (
        versions.INTERNAL_MODELS if edition == ReportEdition.INTERNAL else (versions.PUBLIC_MODELS)
    )
    return versions.data_version(models, meeting.pk, edition)


def meeting_report_file(*, meeting: Meeting, edition: str, language: str):
    """(filename, content_type, bytes, data_version) of the report, rendered only if this data
    version is not stored yet. Queries when cached: the digest (two per table) and the lookup."""
    version = report_data_version(meeting, edition)
    stored = (
        RenderedReport.objects.filter(
            meeting=meeting, edition=edition, language=language, data_version=version
        )
        .only("filename", "content")
        .first()
    )
    if stored is not None:
        return stored.filename, CONTENT_TYPE, bytes(stored.content), version
    started = time.perf_counter()
    filename, content_type, content = render_meeting_report(
        meeting, edition=edition, language=language
    )
    report_store(
        meeting=meeting,
        edition=edition,
        language=language,
        version=version,
        filename=filename,
        content=content,
        seconds=time.perf_counter() - started,
    )
    return filename, content_type, content, version


@transaction.atomic
def report_store(*, meeting, edition, language, version, filename, content, seconds) -> None:
    """Keep this rendering and drop the older versions of the same report. Two concurrent
    renders of the same version: the second finds the first one's row and keeps it."""
    RenderedReport.objects.filter(meeting=meeting, edition=edition, language=language).exclude(
        data_version=version
    ).delete()
    try:
        with transaction.atomic():
            RenderedReport.objects.create(
                meeting=meeting,
                edition=edition,
                language=language,
                data_version=version,
                filename=filename,
                content=content,
                size=len(content),
                render_seconds=round(seconds, 3),
            )
    except IntegrityError:
        pass
