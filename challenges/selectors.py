"""Reads of the challenges app that other layers reuse (outreach, the dashboard, meeting reports).

Every function states its query cost; none grows with the number of tags. The evidence that an
outreach activity gives a tag is read through the reverse relation tag.outreach_activities, owned
by the outreach app; this app never imports it and works before that relation exists.
"""

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote_plus, urlencode

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge, ChallengeTag, TagStatus
from states.collation import by_name, collation_key, name_rank
from states.history import History, history_entries, newest
from states.models import Region, State


class Level:
    """The heat map's level filter."""

    ALL = ""
    TOP = "1"
    SUB = "2"
    CHOICES = [
        (ALL, _("All items")),
        (TOP, _("Challenges (top level, with their sub-items' tags)")),
        (SUB, _("Sub-items only")),
    ]


@functools.cache
def has_outreach_evidence() -> bool:
    """True once the outreach app links activities to tags (checked once per process)."""
    return hasattr(ChallengeTag, "outreach_activities")


def with_evidence(tags):
    """`tags` with their outreach activities prefetched when that relation exists (+1 query)."""
    if has_outreach_evidence():
        return tags.prefetch_related("outreach_activities")
    return tags


def evidence_activities(tag) -> list:
    """The outreach activities that noted `tag` (empty before the outreach app links them)."""
    if not has_outreach_evidence():
        return []
    return list(tag.outreach_activities.all())


# --- counts -------------------------------------------------------------------------------------


def open_tag_counts_by_state(on: dt.date, *, region: str | None = None) -> dict[int, int]:
    """{state id: number of tags open on `on`} for states with at least one. One query."""
    rows = (
        ChallengeTag.objects.open_on(on)
        .in_region(region)
        .order_by()
        .values_list("state_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def open_tag_counts_by_challenge(on: dt.date) -> dict[int, int]:
    """{challenge id: tags open on `on`}; a top-level item counts its sub-items' tags too.

    One query. Items without open tags are absent (read with .get(pk, 0)).
    """
    rows = (
        ChallengeTag.objects.open_on(on)
        .order_by()
        .values_list("challenge_id", "challenge__parent_id")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, int] = defaultdict(int)
    for challenge_id, parent_id, n in rows:
        counts[challenge_id] += n
        if parent_id is not None:
            counts[parent_id] += n
    return dict(counts)


def taxonomy(on: dt.date) -> list[Challenge]:
    """Every item in code order with .open_count (on `on`) and .sub_items set. Two queries."""
    items = list(Challenge.objects.select_related("parent"))
    counts = open_tag_counts_by_challenge(on)
    by_id = {c.pk: c for c in items}
    for item in items:
        item.open_count = counts.get(item.pk, 0)
        item.sub_items = []
    for item in items:
        if item.parent_id is not None:
            by_id[item.parent_id].sub_items.append(item)
    return items


# --- lookups (scoped: every view goes through these) --------------------------------------------


def challenge_by_code(code: str) -> Challenge:
    return get_object_or_404(Challenge.objects.select_related("parent"), code=code)


def state_by_iso3(iso3: str, *, on: dt.date) -> State:
    """The state annotated with its record on `on` (status, deposit date). One query."""
    return get_object_or_404(State.objects.with_record(on), iso3=iso3.upper())


def tag_by_pk(pk: int) -> ChallengeTag:
    """A tag with its state, item, recorder and the state's deposit date. One query."""
    return get_object_or_404(ChallengeTag.objects.with_related().with_deposit_date(), pk=pk)


# --- pages --------------------------------------------------------------------------------------


@dataclass
class StateProfile:
    state: State
    as_of: dt.date
    open: list = field(default_factory=list)
    history: list = field(default_factory=list)


def state_profile(state: State, on: dt.date) -> StateProfile:
    """A state's tags: those open on `on`, then the others (addressed, overtaken, later).

    Two queries (tags with their item and recorder; outreach evidence once it exists). Each tag
    gets .shown_status ("open", "addressed", "overtaken") and .overtaken (a date or None).
    """
    tags = with_evidence(
        ChallengeTag.objects.for_state(state)
        .with_related()
        .with_deposit_date()
        .order_by("challenge__sort_key", "-noted_on", "pk")
    )
    profile = StateProfile(state=state, as_of=on)
    for tag in tags:
        _annotate_status(tag, on)
        if tag.shown_status == TagStatus.OPEN and tag.noted_on <= on:
            profile.open.append(tag)
        else:
            profile.history.append(tag)
    profile.history.sort(key=lambda t: (t.noted_on, t.pk), reverse=True)
    return profile


def _annotate_status(tag: ChallengeTag, on: dt.date) -> None:
    tag.overtaken = tag.overtaken_on(on)
    tag.shown_status = tag.status_on(on)


@dataclass
class RegionGroup:
    region: str
    label: str
    rows: list = field(default_factory=list)  # (state, number of open tags)


def challenge_states(challenge: Challenge, on: dt.date) -> list[RegionGroup]:
    """States for which `challenge` (with its sub-items if top-level) is open on `on`, by region.

    One query.
    """
    rows = (
        ChallengeTag.objects.open_on(on)
        .for_challenge(challenge)
        .order_by()
        .values_list(
            "state__region", "state__iso3", "state__name_en", "state__name_fr", "state__name_es"
        )
        .annotate(n=Count("pk"))
    )
    groups = {value: RegionGroup(value, label) for value, label in Region.choices}
    for region, iso3, name_en, name_fr, name_es, n in rows:
        state = State(iso3=iso3, name_en=name_en, name_fr=name_fr, name_es=name_es, region=region)
        groups[region].rows.append((state, n))
    for group in groups.values():
        group.rows.sort(key=lambda row: collation_key(row[0].name))
    return list(groups.values())


TAG_HISTORY_FIELDS = (
    "state",
    "challenge",
    "noted_on",
    "source",
    "document_symbol",
    "note",
    "status",
    "addressed_on",
    "addressed_reason",
)


def change_reason(reason: str) -> str:
    """The reasons the challenges services record, in the reader's language."""
    labels = {
        "created": _("Created"),
        "edited": _("Edited"),
        "closed": _("Closed (addressed)"),
        "reopened": _("Reopened"),
        "retired": _("Retired"),
        "unretired": _("Offered again"),
    }
    return str(labels.get(reason, reason))


def tag_history(tag: ChallengeTag) -> History:
    """The tag's history, newest first: when, who, what and the fields changed. One query."""
    records = tag.history.select_related("history_user", "state", "challenge").order_by(
        "history_date", "history_id"
    )
    entries = history_entries(
        records,
        ChallengeTag,
        TAG_HISTORY_FIELDS,
        lambda r: _("Tag"),
        reason=change_reason,
    )
    return newest(entries)


# --- tag lists (filters shared by the list page, the heat-map links and the CSV export) ---------


@dataclass
class TagFilter:
    as_of: dt.date
    challenge: Challenge | None = None
    region: str = ""
    state: State | None = None
    status: str = "open"  # "open": open on as_of; "all": every tag noted by as_of

    def query(self) -> dict:
        params = {"as_of": self.as_of.isoformat()}
        if self.challenge is not None:
            params["challenge"] = self.challenge.code
        if self.region:
            params["region"] = self.region
        if self.state is not None:
            params["state"] = self.state.iso3
        if self.status != "open":
            params["status"] = self.status
        return params


def tags_matching(flt: TagFilter):
    """The tags a TagFilter selects, by state (names in the reader's order), item and date, with
    related rows; evaluate once (2 queries with evidence; 1 more now, for the states' names,
    unless one state is chosen)."""
    if flt.status == "all":
        qs = ChallengeTag.objects.filter(noted_on__lte=flt.as_of)
    else:
        qs = ChallengeTag.objects.open_on(flt.as_of)
    if flt.challenge is not None:
        qs = qs.for_challenge(flt.challenge)
    if flt.state is not None:
        qs = qs.for_state(flt.state)
    qs = qs.in_region(flt.region)
    by_state = name_rank("state") if flt.state is None else "state_id"
    return with_evidence(
        qs.with_related()
        .with_deposit_date()
        .order_by(by_state, "challenge__sort_key", "-noted_on", "pk")
    )


def annotate_statuses(tags, on: dt.date):
    for tag in tags:
        _annotate_status(tag, on)
    return tags


def tags_url(**params) -> str:
    return f"{reverse('challenges:tags')}?{urlencode(params)}"


# --- heat map -----------------------------------------------------------------------------------


@dataclass
class HeatCell:
    challenge: Challenge
    count: int
    url: str | None
    intensity: int  # 0 (none) … 5 (the highest count on the map)


@dataclass
class HeatRow:
    key: str
    label: str
    cells: list[HeatCell]
    total: int
    url: str | None


@dataclass
class HeatMap:
    """Open tags on one date: rows (regions or states) by columns (challenge items)."""

    as_of: dt.date
    region: str
    level: str
    columns: list[Challenge]
    by_region: list[HeatRow]
    by_state: list[HeatRow]
    max_count: int
    total: int


INTENSITY_STEPS = 5


def _intensity(count: int, highest: int) -> int:
    if count <= 0 or highest <= 0:
        return 0
    return max(1, -(-count * INTENSITY_STEPS // highest))  # ceil, 1 … 5


def heatmap(
    on: dt.date, *, region: str = "", level: str = Level.ALL, with_states: bool = True
) -> HeatMap:
    """The heat map of tags open on `on`, optionally for one region and one level.

    A top-level column counts its own tags and its sub-items' tags; a row's total counts each
    open tag once. Two queries whatever the number of tags: the items, and the open tags grouped
    by (state, item) with the state's names and region. `with_states=False`: the regions' rows
    only (by_state is empty), for a page that shows no state (the dashboard).
    """
    items = list(Challenge.objects.all())
    children: dict[int, list[int]] = defaultdict(list)
    for item in items:
        if item.parent_id is not None:
            children[item.parent_id].append(item.pk)
    if level == Level.TOP:
        columns = [c for c in items if c.parent_id is None]
    elif level == Level.SUB:
        columns = [c for c in items if c.parent_id is not None]
    else:
        columns = items

    rows = (
        ChallengeTag.objects.open_on(on)
        .in_region(region)
        .order_by()
        .values_list(
            "state_id",
            "state__iso3",
            "state__name_en",
            "state__name_fr",
            "state__name_es",
            "state__region",
            "challenge_id",
        )
        .annotate(n=Count("pk"))
    )
    raw_state: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    raw_region: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    states: dict[int, State] = {}
    for state_id, iso3, name_en, name_fr, name_es, state_region, challenge_id, n in rows:
        if state_id not in states:
            states[state_id] = State(
                pk=state_id,
                iso3=iso3,
                name_en=name_en,
                name_fr=name_fr,
                name_es=name_es,
                region=state_region,
            )
        raw_state[state_id][challenge_id] += n
        raw_region[state_region][challenge_id] += n

    def column_count(raw: dict[int, int], column: Challenge) -> int:
        count = raw.get(column.pk, 0)
        for child in children.get(column.pk, ()):
            count += raw.get(child, 0)
        return count

    base = {"as_of": on.isoformat()}
    # tags_url(**base, **extra, challenge=code), built from parts: reversing and encoding each
    # cell's URL cost more than the rest of the map at ten times the data.
    prefix = reverse("challenges:tags") + "?"
    codes = {column.pk: quote_plus(column.code) for column in columns}

    def build(key, label, raw, extra) -> HeatRow:
        query = prefix + urlencode({**base, **extra})
        cells = []
        for column in columns:
            count = column_count(raw, column)
            url = f"{query}&challenge={codes[column.pk]}" if count else None
            cells.append(HeatCell(column, count, url, 0))
        total = sum(raw.values())
        return HeatRow(key, label, cells, total, query if total else None)

    region_rows = [
        build(value, label, raw_region.get(value, {}), {"region": value})
        for value, label in Region.choices
        if not region or value == region
    ]
    state_rows = (
        [
            build(state.iso3, state.name, raw_state[state.pk], {"state": state.iso3})
            for state in by_name(states.values())
        ]
        if with_states
        else []
    )
    # Each table has its own scale: a region's counts dwarf a state's.
    highest = 0
    for table in (region_rows, state_rows):
        table_max = max((cell.count for row in table for cell in row.cells), default=0)
        highest = max(highest, table_max)
        for row in table:
            for cell in row.cells:
                cell.intensity = _intensity(cell.count, table_max)
    return HeatMap(
        as_of=on,
        region=region,
        level=level,
        columns=columns,
        by_region=region_rows,
        by_state=state_rows,
        max_count=highest,
        total=sum(row.total for row in region_rows),
    )
