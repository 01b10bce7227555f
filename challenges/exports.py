"""CSV export of challenge tags, formula-safe through states.exports (safe_cell, csv_response)."""

import datetime as dt

from django.utils.translation import gettext as _

from challenges.selectors import evidence_activities
from states.exports import csv_response


def tag_export_header() -> list[str]:
    return [
        _("State code"),
        _("State"),
        _("Region"),
        _("Challenge code"),
        _("Challenge"),
        _("Noted on"),
        _("Source"),
        _("Document symbol"),
        _("Outreach activities"),
        _("Note"),
        _("Status"),
        _("Addressed on"),
        _("How it was addressed"),
        _("Overtaken on"),
        _("Recorded by"),
    ]


def tag_export_rows(tags, *, as_of: dt.date) -> list[list]:
    """One row per tag (as selectors.tags_matching gives them), in the header's order."""
    rows = []
    for tag in tags:
        recorder = tag.recorded_by
        rows.append(
            [
                tag.state.iso3,
                tag.state.name,
                tag.state.get_region_display(),
                tag.challenge.code,
                tag.challenge.title,
                tag.noted_on,
                tag.source,
                tag.document_symbol,
                "; ".join(str(a) for a in evidence_activities(tag)),
                tag.note,
                tag.get_status_display(),
                tag.addressed_on,
                tag.addressed_reason,
                tag.overtaken_on(as_of),
                (recorder.get_full_name() or recorder.username) if recorder else "",
            ]
        )
    return rows


def tags_csv_response(tags, *, as_of: dt.date):
    """A CSV download of the tags; every text cell neutralised by states.exports.safe_cell."""
    return csv_response(
        f"challenge-tags-{as_of.isoformat()}.csv",
        tag_export_header(),
        tag_export_rows(tags, as_of=as_of),
    )
