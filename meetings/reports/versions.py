"""The data version of a report: a digest of the state of every table it reads, in one query.

The tables' state is their data version (caching.versions, as for the portal's cached pages): for
each table its highest primary key (a row added raises it, even one written without history, as
by a bulk load), and for a model with django-simple-history its highest history id and the number
of its newest history rows (every create, change and delete made through the portal writes one;
deletions too, cascades and queryset deletes included: the history's post_delete receiver keeps
Django from deleting rows without signals). The many-to-many links the report shows (an
activity's states and challenge tags) count by their highest id, so a link added without saving
the activity is seen as well. The report templates and the print CSS are part of the digest too
(layout_digest), so a change to the layout is never served from an old rendering.

An earlier version counted the live rows of each table and read the latest history date, in two
queries per table (16 for the public edition); counting the 10,000-row tables of the scale data
cost ~2 ms on PostgreSQL on every download. What only the live count would see is a row deleted
without history (raw SQL), a way the portal never writes. A change in place without history
(`queryset.update()`, raw SQL) was never seen.
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings

from caching import versions
from challenges.models import Challenge, ChallengeTag
from depositary.models import DepositarySync
from meetings.models import (
    AgendaItem,
    Conference,
    Document,
    Meeting,
    Organization,
    Participation,
    PlanActivity,
    Presenter,
    StandardTopic,
    WorkPlan,
)
from meetings.summaries import Summary
from outreach.selectors import PUBLIC_VERSIONED, VERSIONED
from pipeline.models import ProcedureStage, StageEntry
from states.models import State, TreatyAction

# Bump when the report's content changes in code (context builders) rather than in templates.
RENDERER_VERSION = "5"

# What the public edition reads: the ledger, the plan and its conferences, its meetings and
# agendas, the public outreach with its states. (Reference documents appear only as the slides
# of presenters, by their symbol.)
PUBLIC_MODELS = (State, TreatyAction, Conference, WorkPlan, Meeting, AgendaItem, StandardTopic)
PUBLIC_MODELS += (PlanActivity,)  # the plan's other activities (issue 22)
PUBLIC_MODELS += PUBLIC_VERSIONED
# The meeting record (issue 16): who took part, who presented (with the slides' symbol), the
# summaries.
PUBLIC_MODELS += (Organization, Participation, Presenter, Summary, Document)
# The freshness line (when the record last agreed with the depositary: its sync runs).
PUBLIC_MODELS += (DepositarySync,)
# The internal edition adds the follow-ups, the challenges and the activities' challenge tags,
# and the joining pipeline (stages and their entries).
INTERNAL_MODELS = tuple(
    dict.fromkeys((*PUBLIC_MODELS, *VERSIONED, Challenge, ChallengeTag, ProcedureStage, StageEntry))
)
LAYOUT_FILES = (
    "templates/reports/pdf_base.html",
    "templates/reports/meeting_report.html",
    "templates/reports/state_briefing.html",
    "templates/reports/includes/delegation_group.html",
    "templates/reports/includes/summary.html",
    "templates/reports/includes/participation.html",
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


def data_version(models, *extra) -> str:
    """The digest (hex, 64 characters) of `models`' tables (caching.versions: one query, the
    same at any data size), the layout, and `extra` values."""
    digest = hashlib.sha256(layout_digest().encode())
    for value in extra:
        digest.update(f"|{value}".encode())
    digest.update(f"|{versions.data_version(*models)}".encode())
    return digest.hexdigest()
