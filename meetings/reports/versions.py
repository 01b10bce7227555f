"""The data version of a report: a digest of everything it reads.

For each table behind the report: the number of live rows, and the number and latest date of its
history records (simple_history records every create, change and delete made through the portal).
Any edit, addition or removal changes one of these, so the digest changes and the next download
renders a new version. The report templates and print CSS are part of the digest too, so a change
to the layout is never served from an old rendering. One aggregate query per table.
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max

from challenges.models import Challenge, ChallengeTag
from meetings.models import AgendaItem, Document, Meeting, StandardTopic, WorkPlan
from outreach.models import FollowUp, OutreachActivity
from states.models import State, TreatyAction

# Bump when the report's content changes in code (context builders) rather than in templates.
RENDERER_VERSION = "1"

PUBLIC_MODELS = (State, TreatyAction, WorkPlan, Meeting, AgendaItem, StandardTopic, Document)
PUBLIC_MODELS += (OutreachActivity,)
INTERNAL_MODELS = (*PUBLIC_MODELS, FollowUp, Challenge, ChallengeTag)
BRIEFING_MODELS = (State, TreatyAction, OutreachActivity, FollowUp, Challenge, ChallengeTag)
LAYOUT_FILES = (
    "templates/reports/pdf_base.html",
    "templates/reports/meeting_report.html",
    "templates/reports/state_briefing.html",
    "static/css/report.css",
)


@functools.cache
def layout_digest() -> str:
    """A digest of the report templates and the print CSS (read once per process)."""
    digest = hashlib.sha256(RENDERER_VERSION.encode())
    for name in LAYOUT_FILES:
        path = Path(settings.BASE_DIR) / name
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def _table_state(model) -> str:
    live = model._base_manager.count()
    history = getattr(model, "history", None)
    if history is None:
        return f"{model._meta.label}:{live}"
    row = history.model._base_manager.aggregate(n=Count("pk"), latest=Max("history_date"))
    latest = row["latest"].isoformat() if row["latest"] else "-"
    return f"{model._meta.label}:{live}:{row['n']}:{latest}"


def data_version(models, *extra) -> str:
    """The digest (hex, 64 characters) of `models`' tables, the layout, and `extra` values."""
    digest = hashlib.sha256(layout_digest().encode())
    for value in extra:
        digest.update(f"|{value}".encode())
    for model in models:
        digest.update(f"|{_table_state(model)}".encode())
    return digest.hexdigest()
