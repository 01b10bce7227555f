"""Downloads in bulk: a meeting's report in every language, or the briefing packs of a set of
states, as one ZIP built by a background task (meetings.tasks.bulk_download_render).

The view that starts one checks access exactly as the single download does and records what to
render (meetings.models.BulkDownload); the task renders each PDF as the single download would
(the meeting reports through their store, so a rendering is shared with single downloads; each
render bounded in time and memory by meetings.reports.pdf), and counts them as it goes so that
the waiting page shows the progress. A set of states is bounded (MAX_STATES).
"""

import datetime as dt
import io
import zipfile

from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import BulkDownload, BulkKind, BulkStatus, Language, Meeting
from meetings.reports.cache import meeting_report_file
from meetings.reports.pdf import ReportUnavailable
from meetings.reports.render import render_state_briefing
from states.models import State

# The most briefing packs one download holds (more than the non-parties of any region).
MAX_STATES = 100
CONTENT_TYPE = "application/zip"
# A ZIP is kept this long for its requester, then deleted when the next bulk download starts.
KEEP = dt.timedelta(days=7)


def bulk_download_create(*, user, kind: str, title: str, params: dict, total: int, confidential):
    """Record a bulk download for `user` (the downloads older than KEEP go first); the caller
    enqueues its rendering (meetings.tasks.bulk_download_render) once it is committed."""
    BulkDownload.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    return BulkDownload.objects.create(
        user=user,
        kind=kind,
        title=title[:300],
        params=params,
        total=total,
        confidential=confidential,
    )


def _progress(download: BulkDownload, **fields):
    for name, value in fields.items():
        setattr(download, name, value)
    download.save(update_fields=list(fields))


def _meeting_files(download: BulkDownload):
    meeting = Meeting.objects.get(pk=download.params["meeting"])
    edition = download.params["edition"]
    for language in Language.values:
        filename, _type, content, _version = meeting_report_file(
            meeting=meeting, edition=edition, language=language
        )
        yield filename, content


def _briefing_files(download: BulkDownload):
    as_of = dt.date.fromisoformat(download.params["as_of"])
    language = download.params["language"]
    states = {s.iso3: s for s in State.objects.filter(iso3__in=download.params["states"])}
    for iso3 in download.params["states"]:
        if iso3 in states:
            filename, _type, content = render_state_briefing(
                states[iso3], language=language, as_of=as_of
            )
            yield filename, content


def bulk_download_build(*, download: BulkDownload) -> dict:
    """Render every PDF of `download` into one ZIP (with a contents list) and store it; the
    count of PDFs done is saved after each. {"ok": true} or {"error": the reader's message}."""
    if download.status in (BulkStatus.READY, BulkStatus.FAILED):
        return {"ok": download.status == BulkStatus.READY}
    _progress(download, status=BulkStatus.RUNNING, done=0)
    files = _meeting_files if download.kind == BulkKind.MEETING_REPORTS else _briefing_files
    buffer = io.BytesIO()
    names = []
    try:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for filename, content in files(download):
                archive.writestr(filename, content)
                names.append(filename)
                _progress(download, done=min(download.done + 1, download.total))
            archive.writestr("CONTENTS.txt", "\n".join([download.title, "", *names, ""]))
    except ReportUnavailable as problem:
        _progress(
            download,
            status=BulkStatus.FAILED,
            error=str(problem),
            finished_at=timezone.now(),
        )
        return {"error": str(problem)}
    _progress(
        download,
        status=BulkStatus.READY,
        content=buffer.getvalue(),
        filename=_zip_name(download),
        total=len(names) if download.kind == BulkKind.BRIEFING_PACKS else download.total,
        done=len(names),
        finished_at=timezone.now(),
    )
    return {"ok": True}


def _zip_name(download: BulkDownload) -> str:
    params = download.params
    if download.kind == BulkKind.MEETING_REPORTS:
        meeting = Meeting.objects.only("date").get(pk=params["meeting"])
        suffix = "_INTERNAL" if params["edition"] == "internal" else ""
        return f"WGTU_report_{meeting.date.isoformat()}_EN_FR_ES{suffix}.zip"
    language = params["language"].upper()
    return f"WGTU_briefings_{params['as_of']}_{language}_INTERNAL.zip"


def meeting_title(meeting: Meeting) -> str:
    return _("%(meeting)s — the report in English, French and Spanish") % {
        "meeting": meeting.heading
    }


def briefing_states(*, selection: str, as_of: dt.date, region: str = "", states=()) -> list[str]:
    """The ISO codes of a set of states, in code order: the non-parties of `region` on `as_of`,
    the stalled states of the joining pipeline on `as_of`, or `states` as chosen."""
    if selection == "region":
        found = State.objects.non_parties(as_of).in_region(region).values_list("iso3", flat=True)
        return sorted(found)
    if selection == "stalled":
        from pipeline.selectors import pipeline_on

        return sorted(row.iso3 for row in pipeline_on(as_of).stalled())
    return sorted(state.iso3 for state in states)


def briefing_title(*, selection: str, as_of: dt.date, region: str = "", count: int) -> str:
    from django.utils.formats import date_format

    from states.models import Region

    day = date_format(as_of, "DATE_FORMAT")
    if selection == "region":
        text = _("Briefing packs: the non-States Parties of %(region)s on %(day)s")
        return text % {"region": Region(region).label, "day": day}
    if selection == "stalled":
        return _("Briefing packs: the stalled states on %(day)s") % {"day": day}
    return _("Briefing packs: %(n)d states chosen, on %(day)s") % {"n": count, "day": day}
