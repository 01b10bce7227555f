"""The dashboard served from two cached HTML fragments, each keyed by the versions of its data.

- The status half (key dates, headline counts and their changes, the map, deposits not yet in
  force, what changed, the chart, the regions): keyed by the treaty ledger's version
  (states.cache.ledger_version), the meetings' version (the key dates are meeting days), the
  date shown, today (the key dates offered end today) and the language.
- The internal panels (the signatory pipeline with open challenges, the joining pipeline's
  summary, the heat map, outreach coverage, upcoming meetings, overdue follow-ups): keyed by the
  ledger's version (statuses), the challenges', the joining pipeline's, outreach's and meetings'
  versions, the date, the language and whether the reader may read internal outreach.

The versions are read in one cheap query (page_versions: all five at once): the highest id of
each table involved, and the highest id and the row count of its history table. Every edit
through the portal writes a history row (a deletion too; a change of an activity's states or tags
saves the activity); a bulk load without history (the scale data generator) still raises a
table's highest id; the history count catches a transaction committing a lower id after a
higher one. So a write makes every older entry unreachable, in every worker process (each has its
own local-memory cache), with nothing to invalidate. A write without history that changes or
deletes rows in place (`queryset.update()`, a bulk delete, raw SQL) is not seen: don't write
that way.

On a hit the page runs the view's own queries and these two version queries, nothing else; on a
miss it also computes the half (selectors.status_half, selectors.internal_half) and the response
context carries that data beside the HTML.
"""

import datetime as dt

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from caching.versions import data_versions
from challenges.models import Challenge, ChallengeTag
from dashboard import selectors
from meetings import calendar
from meetings.models import Meeting
from outreach.selectors import VERSIONED
from pipeline.models import ProcedureStage, StageEntry
from states.cache import LEDGER, TIMEOUT, cached
from states.dates import today as portal_today

FORM_TEMPLATE = "dashboard/includes/as_of_field.html"
STATUS_TEMPLATE = "dashboard/includes/status_half.html"
INTERNAL_TEMPLATE = "dashboard/includes/internal_half.html"


def _groups() -> dict[str, tuple]:
    """The models (with their history) and many-to-many tables behind each part of the page."""
    return {
        "ledger": LEDGER,
        "meetings": (Meeting,),
        "challenges": (Challenge, ChallengeTag),
        "pipeline": (ProcedureStage, StageEntry),
        "outreach": VERSIONED,
    }


def page_versions() -> dict[str, str]:
    """{"ledger": …, "meetings": …, "challenges": …, "pipeline": …, "outreach": …}: everything
    the dashboard (and the pipeline page) shows, in one query (caching.versions.data_versions): of each table the highest id, and of
    each history table the highest history id and the row count. Cheap whatever the data's size
    (an index lookup per table; the history tables only are counted)."""
    return data_versions(_groups())


def _status_entry(as_of: dt.date) -> dict:
    """{"html": the status half, "signatories": the pipeline's rows, "data": the context}."""
    data = selectors.status_half(as_of, calendar.key_dates())
    html = render_to_string(STATUS_TEMPLATE, data)
    return {"html": html, "signatories": data["signatories"], "data": data}


def form_html(form) -> str:
    """The "as of" form as HTML, cached by what it shows: the date typed (or today's, unbound)
    and the language. No query."""
    shown = form.data.get("as_of") if form.is_bound else portal_today().isoformat()
    key = f"dashboard-form:{get_language()}:{shown!r}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(FORM_TEMPLATE, {"form": form})
        cache.set(key, html, TIMEOUT)
    return mark_safe(html)


def dashboard_page(as_of: dt.date, *, user, form, versions=None) -> dict:
    """The dashboard's context: {"as_of", "form_html", "status_html", "internal_html"}, plus the
    data of a half computed on this request (a cache miss). `versions`: page_versions(), if the
    caller has read them already.

    Queries on a hit: the ledger's version (1) and the internal versions (1). On a miss, add the
    half's own (selectors.status_half: the key dates and at most 11; selectors.internal_half: 6).
    """
    versions = versions or page_versions()
    ledger = versions["ledger"]
    today = portal_today()
    context: dict = {"as_of": as_of, "form_html": form_html(form)}

    status_computed: dict = {}

    def compute_status():
        entry = _status_entry(as_of)
        status_computed.update(entry.pop("data"))
        return entry

    status = cached(
        ledger, "dashboard-status", (versions["meetings"], as_of, today), compute_status
    )
    context.update(status_computed)
    context["status_html"] = mark_safe(status["html"])

    internal_computed: dict = {}

    def compute_internal():
        data = selectors.internal_half(as_of, user=user, pipeline=status["signatories"])
        internal_computed.update(data)
        return render_to_string(INTERNAL_TEMPLATE, data)

    readers = user.has_perm("outreach.view_internal_outreach")
    parts = (
        versions["meetings"],
        versions["challenges"],
        versions["pipeline"],
        versions["outreach"],
        as_of,
        readers,
    )
    internal = cached(ledger, "dashboard-internal", parts, compute_internal)
    context["internal_html"] = mark_safe(internal)
    context.update(internal_computed)
    return context
