"""The dashboard served from cached HTML fragments (caching.fragments), each keyed by the data
versions of what it shows (caching.versions says what a version is and why it is never stale):

- The status half (key dates, headline counts and their changes, the map, deposits not yet in
  force, what changed, the chart, the regions): keyed by the treaty ledger's version
  (states.cache.ledger_version), the meetings' and conferences' version (the key dates are
  their days), the date shown, today (the key dates offered end today) and the language.
- The internal panels (the signatory pipeline with open challenges, the joining pipeline's
  summary, the heat map, outreach coverage, participation in the cycle's meetings, upcoming
  meetings, overdue follow-ups): keyed by the ledger's version (statuses), the challenges', the
  joining pipeline's, outreach's, meetings' (with conferences') and the meeting record's (plans,
  participations) versions, the date, the language and whether the reader may read internal
  outreach.
- A comparison of any two dates (from … to …): keyed by the ledger's version, the two dates and
  the language.

The key dates themselves (conferences and meetings, one query) are kept by the meetings'
version (meetings.calendar.key_dates), so the two halves missing together read them once.

All the versions are read in one query (page_versions). On a hit the page runs the view's own
queries and that one, nothing else; on a miss it also computes the half (selectors.status_half,
selectors.internal_half) and the response context carries that data beside the HTML.
"""

import datetime as dt

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from caching.fragments import cached
from caching.versions import data_versions
from challenges.models import Challenge, ChallengeTag
from dashboard import selectors
from meetings import calendar
from meetings.calendar import KEY_DATE_MODELS
from meetings.models import Participation, WorkPlan
from outreach.selectors import VERSIONED, reader_scope
from pipeline.models import ProcedureStage, StageEntry
from states import freshness
from states.cache import LEDGER
from states.dates import today as portal_today

STATUS_TEMPLATE = "dashboard/includes/status_half.html"
INTERNAL_TEMPLATE = "dashboard/includes/internal_half.html"


def _groups() -> dict[str, tuple]:
    """The models (with their history) and many-to-many tables behind each part of the page."""
    return {
        "ledger": LEDGER,
        "meetings": KEY_DATE_MODELS,
        "challenges": (Challenge, ChallengeTag),
        "pipeline": (ProcedureStage, StageEntry),
        "outreach": VERSIONED,
        # Participation in the cycle's meetings (the plans and who took part).
        "record": (WorkPlan, Participation),
        # The freshness line (the depositary's sync runs): shown above both halves.
        "freshness": freshness.models(),
    }


def page_versions() -> dict[str, str]:
    """{"ledger": …, "meetings": …, "challenges": …, "pipeline": …, "outreach": …, "record": …,
    "freshness": …}: everything the dashboard (and the pipeline page) shows, in one query
    (caching.versions.data_versions): of each table the highest id, and of
    each history table the highest history id and the row count. Cheap whatever the data's size
    (an index lookup per table; the history tables only are counted)."""
    return data_versions(_groups())


def _status_entry(as_of: dt.date, key_dates) -> dict:
    """{"html": the status half, "signatories": the pipeline's rows, "data": the context}."""
    data = selectors.status_half(as_of, key_dates)
    html = render_to_string(STATUS_TEMPLATE, data)
    return {"html": html, "signatories": data["signatories"], "data": data}


def dashboard_page(as_of: dt.date, *, user, versions=None) -> dict:
    """The dashboard's context: {"as_of", "status_html", "internal_html"}, plus the
    data of a half computed on this request (a cache miss). `versions`: page_versions(), if the
    caller has read them already.

    Queries on a hit: the versions (1) and the freshness line (1: states.freshness.current).
    On a miss, add the key dates (1, unless this process has them for this version) and the
    half's own (selectors.status_half: at most 10; selectors.internal_half: 6).
    """
    versions = versions or page_versions()
    ledger = versions["ledger"]
    today = portal_today()
    record = freshness.current()
    context: dict = {
        "as_of": as_of,
        "freshness": record,
        "freshness_stale": record.stale(today),
        "stale_days": settings.WGTU_DEPOSITARY_STALE_DAYS,
    }

    def key_dates():
        return calendar.key_dates(version=versions["meetings"])

    status_computed: dict = {}

    def compute_status():
        entry = _status_entry(as_of, key_dates())
        status_computed.update(entry.pop("data"))
        return entry

    status = cached(
        ledger, "dashboard-status", (versions["meetings"], as_of, today), compute_status
    )
    context.update(status_computed)
    context["status_html"] = mark_safe(status["html"])

    internal_computed: dict = {}

    def compute_internal():
        data = selectors.internal_half(
            as_of, user=user, pipeline=status["signatories"], key_dates=key_dates()
        )
        internal_computed.update(data)
        return render_to_string(INTERNAL_TEMPLATE, data)

    readers = reader_scope(user)  # the overdue follow-ups are the reader's (visible_to)
    parts = (
        versions["meetings"],
        versions["challenges"],
        versions["pipeline"],
        versions["outreach"],
        versions["record"],
        as_of,
        readers,
    )
    internal = cached(ledger, "dashboard-internal", parts, compute_internal)
    context["internal_html"] = mark_safe(internal)
    context.update(internal_computed)
    return context


def comparison(since: dt.date, until: dt.date, *, ledger: str):
    """What changed from `since` to `until` (selectors.comparison), cached by the ledger's
    version, the dates and the language: no query when cached, five otherwise."""
    return cached(
        ledger, "dashboard-compare", (since, until), lambda: selectors.comparison(since, until)
    )
