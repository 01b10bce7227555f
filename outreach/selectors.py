"""Reads of the outreach log (HackSoft's "selectors"): each in a constant number of queries.

Scoped lookups (activity_for, followup_for, attachment_for) are the only way views reach one
record: they return 404 for what the user may not read.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from challenges.models import ChallengeTag
from outreach.models import (
    ActivityKind,
    ActorRole,
    Attachment,
    FollowUp,
    OutreachActivity,
)
from pipeline.models import StageEntry
from states import rules
from states.collation import by_name, collation_key
from states.dates import today
from states.history import History, history_entries, newest
from states.models import State, Status, TreatyAction

# CSP3 opened on 11 September 2017: the CSP4 cycle (the WGTU's current one here) starts there.
DEFAULT_CYCLE_START = dt.date(2017, 9, 11)
STATE_FIELDS = ("iso3", "name_en", "name_fr", "name_es", "region")


def _states_prefetch():
    """The states of each activity (pages show them in the reader's order: states_by_name)."""
    return Prefetch("states", queryset=State.objects.only(*STATE_FIELDS))


def _count_subquery(queryset, key: str):
    """COUNT(*) of `queryset` grouped by `key`, as a correlated subquery that yields 0 for none."""
    return Coalesce(
        Subquery(
            queryset.order_by().values(key).annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


# --- scoped lookups -----------------------------------------------------------------------------


def activity_for(user, pk) -> OutreachActivity:
    """The activity `pk` if `user` may read it, else 404 (one query)."""
    return get_object_or_404(OutreachActivity.objects.visible_to(user), pk=pk)


def followup_for(user, pk) -> FollowUp:
    """The follow-up `pk` (with its activity) if `user` may read its activity, else 404."""
    readable = OutreachActivity.objects.visible_to(user)
    return get_object_or_404(
        FollowUp.objects.select_related("activity").filter(activity__in=readable), pk=pk
    )


def attachment_for(user, activity_pk, pk) -> Attachment:
    readable = OutreachActivity.objects.visible_to(user)
    return get_object_or_404(
        Attachment.objects.filter(activity__in=readable), activity_id=activity_pk, pk=pk
    )


# --- the log ----------------------------------------------------------------------------------


# The tables behind the log, whose data version (caching.versions) keys its caches: activities and
# follow-ups (with their history), and the activities' links to states, challenge tags and stage
# entries (a change of them also saves the activity).
VERSIONED = (
    OutreachActivity,
    FollowUp,
    OutreachActivity.states.through,
    OutreachActivity.challenge_tags.through,
    OutreachActivity.stage_entries.through,
)
# What the public record of outreach shows (public_activities_between): activities and states.
PUBLIC_VERSIONED = (OutreachActivity, OutreachActivity.states.through)


def reader_scope(user) -> str:
    """What of the activities `user` reads (OutreachActivityQuerySet.visible_to): "internal"
    (everything), "public" or "none": the key of what is cached for several readers."""
    if user.has_perm("outreach.view_internal_outreach"):
        return "internal"
    return "public" if user.has_perm("outreach.view_outreachactivity") else "none"


def activity_log(user, filters: dict | None = None):
    """The activities `user` may read, newest first, filtered by the log form's cleaned values.

    Each row carries open_followup_count and tag_count; states are prefetched (one query per
    page). Cost: one query for the page, one for the states, one count for the paginator; the
    status filter "on the activity's date" adds one query (the treaty actions).
    """
    filters = filters or {}
    through = OutreachActivity.states.through
    tags = OutreachActivity.challenge_tags.through
    qs = (
        OutreachActivity.objects.visible_to(user)
        .newest_first()
        .annotate(
            open_followup_count=_count_subquery(
                FollowUp.objects.open().filter(activity=OuterRef("pk")), "activity"
            ),
            tag_count=_count_subquery(
                tags.objects.filter(outreachactivity=OuterRef("pk")), "outreachactivity"
            ),
        )
        .prefetch_related(_states_prefetch())
    )
    if filters.get("actor_role"):
        qs = qs.filter(actor_role=filters["actor_role"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("visibility"):
        qs = qs.filter(visibility=filters["visibility"])
    if filters.get("region"):
        qs = qs.in_region(filters["region"])
    if filters.get("state"):
        qs = qs.for_state(filters["state"])
    if filters.get("date_from"):
        qs = qs.filter(
            Q(end_date__gte=filters["date_from"]) | Q(start_date__gte=filters["date_from"])
        )
    if filters.get("date_to"):
        qs = qs.filter(start_date__lte=filters["date_to"])
    if filters.get("open_followups") in ("yes", "no"):
        qs = qs.with_open_followups(filters["open_followups"] == "yes")
    if filters.get("status"):
        if filters.get("status_on") == "today":
            qs = qs.concerning_any(State.objects.status_on(today(), filters["status"]).values("pk"))
        else:
            through_q = status_on_activity_date_q(filters["status"])
            qs = qs.filter(
                Exists(through.objects.filter(through_q, outreachactivity=OuterRef("pk")))
            )
    return qs


def status_periods(status: str) -> dict[tuple, list[int]]:
    """{(from, until): [state pks]}: when each state had `status` (from included, until excluded;
    None: unbounded). Derived from the treaty actions with the rules of StateQuerySet.with_record
    (one query), so it agrees with with_record on every date.
    """
    records: dict[int, dict] = {}
    rows = State.objects.values_list(
        "pk", "actions__kind", "actions__date", "actions__named_effective_date"
    )
    for pk, kind, date, named in rows:
        record = records.setdefault(pk, {})
        if kind == TreatyAction.Kind.SIGNATURE:
            record["signature"] = date
        elif kind in TreatyAction.DEPOSIT_KINDS:
            record["deposit"] = date
        elif kind == TreatyAction.Kind.WITHDRAWAL:
            record["withdrawal"] = rules.withdrawal_effective(date, named)
    periods: dict[tuple, list[int]] = {}
    for pk, record in records.items():
        for span in _periods_of(record, status):
            periods.setdefault(span, []).append(pk)
    return periods


def _status_of(record: dict, on: dt.date) -> str:
    deposit, signature = record.get("deposit"), record.get("signature")
    withdrawn = record.get("withdrawal") is not None and record["withdrawal"] <= on
    if deposit and deposit <= on and not withdrawn:
        if rules.entry_into_force(deposit) <= on:
            return Status.STATE_PARTY
        return Status.RATIFIED_NOT_IN_FORCE
    if signature and signature <= on:
        return Status.SIGNATORY
    return Status.NON_SIGNATORY


def _periods_of(record: dict, status: str) -> list[tuple]:
    edges = {record.get("signature"), record.get("deposit"), record.get("withdrawal")}
    if record.get("deposit"):
        edges.add(rules.entry_into_force(record["deposit"]))
    edges = sorted(d for d in edges if d is not None)
    starts = [None, *edges]
    spans = []
    for index, start in enumerate(starts):
        until = starts[index + 1] if index + 1 < len(starts) else None
        if _status_of(record, start or dt.date.min) != status:
            continue
        if spans and spans[-1][1] == start:
            spans[-1] = (spans[-1][0], until)
        else:
            spans.append((start, until))
    return spans


def status_on_activity_date_q(status: str) -> Q:
    """A condition on the activity-state link rows: the state had `status` on the activity's
    (first) date. One query (status_periods)."""
    condition = Q(pk__in=[])
    for (start, until), pks in status_periods(status).items():
        part = Q(state_id__in=pks)
        if start is not None:
            part &= Q(outreachactivity__start_date__gte=start)
        if until is not None:
            part &= Q(outreachactivity__start_date__lt=until)
        condition |= part
    return condition


# --- one activity -------------------------------------------------------------------------------


def activity_detail(user, pk) -> OutreachActivity:
    """The activity with its states, tags (and their challenge), the stage entries it noted,
    follow-ups and files: 6 queries."""
    qs = OutreachActivity.objects.visible_to(user).prefetch_related(
        _states_prefetch(),
        Prefetch(
            "challenge_tags",
            # By item; the page lists them by state name in the reader's order (by_name).
            queryset=ChallengeTag.objects.select_related("challenge", "state").order_by(
                "challenge__sort_key", "pk"
            ),
        ),
        Prefetch(
            "stage_entries",
            queryset=StageEntry.objects.select_related("state", "stage").order_by(
                "state__name_en", "date", "pk"
            ),
        ),
        Prefetch("followups", FollowUp.objects.select_related("assignee")),
        "attachments",
    )
    return get_object_or_404(qs.select_related("created_by"), pk=pk)


ACTIVITY_HISTORY_FIELDS = (
    "start_date",
    "end_date",
    "actor_role",
    "actor_name",
    "kind",
    "place",
    "counterpart",
    "summary",
    "outcome",
    "visibility",
)
FOLLOWUP_HISTORY_FIELDS = ("action", "assignee", "owner", "due_on", "done", "done_on")


def activity_history(activity: OutreachActivity) -> History:
    """Who changed what and when: the activity, its follow-ups and its files, newest first.

    Three queries (one per history table), whatever the number of changes.
    """

    def ordered(qs):
        return qs.select_related("history_user").order_by("history_date", "history_id")

    entries = history_entries(
        ordered(activity.history.all()),
        OutreachActivity,
        ACTIVITY_HISTORY_FIELDS,
        lambda r: _("Activity"),
    )
    entries += history_entries(
        ordered(FollowUp.history.filter(activity_id=activity.pk)).select_related("assignee"),
        FollowUp,
        FOLLOWUP_HISTORY_FIELDS,
        lambda r: _("Follow-up: %s") % Truncator(r.action).chars(60),
    )
    entries += history_entries(
        ordered(Attachment.history.filter(activity_id=activity.pk)),
        Attachment,
        (),
        lambda r: _("File: %s") % r.original_name,
    )
    return newest(entries)


# --- timelines, coverage, follow-ups ------------------------------------------------------------


def state_timeline(user, state: State):
    """The activities concerning `state`, newest first, with their states, the tags they noted
    and their open follow-up count. Per page: the page, its states, its tags, the count."""
    return (
        OutreachActivity.objects.visible_to(user)
        .for_state(state)
        .newest_first()
        .annotate(
            open_followup_count=_count_subquery(
                FollowUp.objects.open().filter(activity=OuterRef("pk")), "activity"
            )
        )
        .prefetch_related(
            _states_prefetch(),
            Prefetch(
                "challenge_tags",
                queryset=ChallengeTag.objects.select_related("challenge").order_by(
                    "challenge__sort_key"
                ),
            ),
        )
    )


@dataclass
class CoverageRow:
    state: State
    status: str
    last_contact: dt.date | None
    days_since: int | None
    contacts_in_cycle: int
    open_challenges: int

    @property
    def status_label(self) -> str:
        return Status(self.status).label


def coverage(*, on: dt.date, since: dt.date, region: str | None = None) -> list[CoverageRow]:
    """Every state not a party on `on`: its last contact up to `on`, the days since, its contacts
    from `since` to `on`, and its challenges open on `on`. Never-contacted first, then the
    longest since last contact. Three queries, whatever the number of activities: the states
    not parties, the contacts grouped by state, the open challenge tags grouped by state.

    (One query with three correlated subqueries per state took 2.7 s at ten times the data on
    PostgreSQL; the two grouped scans take a few milliseconds.)
    """
    states = list(State.objects.non_parties(on).in_region(region))
    links = OutreachActivity.states.through.objects.filter(outreachactivity__start_date__lte=on)
    tags = ChallengeTag.objects.open_on(on)
    if region:
        links = links.filter(state__region=region)
        tags = tags.filter(state__region=region)
    contacts = {
        state_id: (last, in_cycle)
        for state_id, last, in_cycle in links.order_by()
        .values("state_id")
        .annotate(
            last=Max("outreachactivity__start_date"),
            in_cycle=Count("pk", filter=Q(outreachactivity__start_date__gte=since)),
        )
        .values_list("state_id", "last", "in_cycle")
    }
    open_tags = dict(
        tags.order_by().values("state_id").annotate(n=Count("pk")).values_list("state_id", "n")
    )
    rows = []
    for state in states:
        last, in_cycle = contacts.get(state.pk, (None, 0))
        rows.append(
            CoverageRow(
                state=state,
                status=state.status,
                last_contact=last,
                days_since=(on - last).days if last else None,
                contacts_in_cycle=in_cycle,
                open_challenges=open_tags.get(state.pk, 0),
            )
        )
    # Never contacted first, then the longest since; the states of one day by name, in the
    # reader's order.
    rows.sort(key=lambda r: (r.last_contact or dt.date.min, collation_key(r.state.name)))
    return rows


def open_followups(user):
    """Open follow-ups of the activities `user` may read, earliest due first (overdue ones come
    first by construction), undated last. Per page: the page (activity joined), the activities'
    states (for their headings), the count."""
    readable = OutreachActivity.objects.visible_to(user)
    return (
        FollowUp.objects.open()
        .filter(activity__in=readable)
        .select_related("activity", "assignee")
        .prefetch_related(Prefetch("activity__states", State.objects.only(*STATE_FIELDS)))
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )


def my_followups(user):
    """The follow-ups assigned to `user`: the open ones, earliest due first (undated last), then
    the done ones, latest done first. Readers of internal outreach get the activities (and their
    states) to link to; others the follow-ups alone (an activity's notes are internal). Per page:
    the page, + the activities' states for internal readers; and the count."""
    followups = FollowUp.objects.assigned_to(user).order_by(
        "done", F("due_on").asc(nulls_last=True), F("done_on").desc(), "pk"
    )
    if user.has_perm("outreach.view_internal_outreach"):
        followups = followups.select_related("activity", "assignee").prefetch_related(
            Prefetch("activity__states", State.objects.only(*STATE_FIELDS))
        )
    else:
        followups = followups.select_related("assignee").only(
            "pk",
            "action",
            "due_on",
            "done",
            "done_on",
            "owner",
            "assignee__username",
            "assignee__first_name",
            "assignee__last_name",
        )
    return followups


# --- for delegates' reports ---------------------------------------------------------------------


@dataclass(frozen=True)
class PublicState:
    iso3: str
    name_en: str
    name_fr: str
    name_es: str

    @property
    def name(self) -> str:
        return State(name_en=self.name_en, name_fr=self.name_fr, name_es=self.name_es).name


@dataclass(frozen=True)
class PublicActivity:
    """The public fields of an activity marked public, and nothing else."""

    start_date: dt.date
    end_date: dt.date | None
    actor_role: str
    actor_name: str
    kind: str
    place: str
    states: tuple[PublicState, ...]

    @property
    def actor_role_label(self) -> str:
        return ActorRole(self.actor_role).label

    @property
    def kind_label(self) -> str:
        return ActivityKind(self.kind).label


def public_activities_between(start: dt.date, end: dt.date) -> list[PublicActivity]:
    """The activities marked public that took place from `start` to `end`, oldest first, with
    their PUBLIC FIELDS ONLY: dates, actor role and name, kind, place, and the states concerned.

    Never included (they stay with the Secretariat and the Co-chairs whatever the visibility):
    the counterpart, summary, outcome, challenges noted, follow-ups, attachments, who recorded it.
    Safe for Delegates' reports: the values are plain data, not model instances. Two queries.
    """
    qs = (
        OutreachActivity.objects.public()
        .between(start, end)
        .only("pk", "start_date", "end_date", "actor_role", "actor_name", "kind", "place")
        .order_by("start_date", "pk")
        .prefetch_related(_states_prefetch())
    )
    return [
        PublicActivity(
            start_date=a.start_date,
            end_date=a.end_date,
            actor_role=a.actor_role,
            actor_name=a.actor_name,
            kind=a.kind,
            place=a.place,
            states=tuple(
                PublicState(s.iso3, s.name_en, s.name_fr, s.name_es)
                for s in by_name(a.states.all())
            ),
        )
        for a in qs
    ]


# --- for the reports (meetings), which read outreach through these selectors only ---------------


def report_activities(start: dt.date, end: dt.date) -> list[OutreachActivity]:
    """Every activity (public and internal) from `start` to `end`, oldest first, with its states,
    the challenge tags it noted and its follow-ups: the internal report's record. Four queries."""
    return list(
        OutreachActivity.objects.between(start, end)
        .order_by("start_date", "pk")
        .prefetch_related(
            Prefetch("states", State.objects.order_by("name_en")),
            Prefetch(
                "challenge_tags",
                # By item here; by state name (the reader's order) in the template.
                ChallengeTag.objects.select_related("challenge", "state").order_by(
                    "challenge__sort_key", "pk"
                ),
            ),
            Prefetch("followups", FollowUp.objects.select_related("assignee")),
        )
    )


def state_outreach(state: State, as_of: dt.date) -> tuple[list[OutreachActivity], list[FollowUp]]:
    """A state's outreach up to `as_of` for its briefing pack: the activities concerning it,
    newest first, with their states and the tags they noted; and its open follow-ups by due date.
    Four queries."""
    activities = list(
        OutreachActivity.objects.for_state(state)
        .filter(start_date__lte=as_of)
        .newest_first()
        .prefetch_related(
            Prefetch("states", State.objects.order_by("name_en")),
            Prefetch(
                "challenge_tags",
                ChallengeTag.objects.select_related("challenge").order_by("challenge__sort_key"),
            ),
        )
    )
    followups = list(
        FollowUp.objects.open()
        .filter(activity__states=state, activity__start_date__lte=as_of)
        .select_related("activity", "assignee")
        .order_by("due_on", "pk")
    )
    return activities, followups
