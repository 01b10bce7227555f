"""Synthetic volume for the benchmark (issue 10): outreach, challenge tags and meetings.

The real reference data (the 196 states and their treaty actions) is kept exactly as loaded:
adding synthetic states or actions would change every count the portal shows, so the volume goes
into the records that grow with use instead: outreach activities (with their states and
follow-ups), challenge tags (linked to the activities that noted them) and meetings with their
agendas, spread over `years` years up to a fixed end date.

Reproducible: one random.Random(seed) drives every choice, every date is derived from END (never
from today), and the rows are written in a fixed order. Each record that keeps a change history
gets its creation record, as if entered through the portal (bulk_create_with_history, dated at
END), so the history tables grow with the data as they would in use and the cost of reading their
versions (caching.versions) is measured at size. The links between records (many-to-many rows)
have no history of their own, as in the portal. A state's change history stays the real one.
"""

import datetime as dt
import hashlib
import itertools
import random
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, transaction
from simple_history.utils import bulk_create_with_history

from challenges.models import Challenge, ChallengeTag, TagStatus
from outreach.models import ActivityKind, ActorRole, FollowUp, OutreachActivity, Visibility
from states import rules
from states.models import State, TreatyAction

# Every synthetic date falls in the `years` years up to this day (never "today").
END = dt.date(2026, 6, 30)
MARK = "[synthetic]"  # starts each synthetic activity's summary
TAG_SOURCE = "Synthetic scale data"
PLAN_PREFIX = "SCALE-"
SYNTHETIC_CONFERENCE_FROM = 9001

# Today's data, as the benchmark's "normal" size, is a tenth of the scale size.
SCALE = {"activities": 10_000, "tags": 5_000, "meetings": 50, "years": 20}
NORMAL = {"activities": 1_000, "tags": 500, "meetings": 5, "years": 20}

WORDS = [
    "universalization",
    "treaty",
    "ratification",
    "parliament",
    "ministry",
    "defence",
    "foreign",
    "affairs",
    "legislation",
    "export",
    "control",
    "customs",
    "assistance",
    "capacity",
    "workshop",
    "regional",
    "outreach",
    "implementation",
    "brokering",
    "transit",
    "stockpile",
    "reporting",
    "national",
    "authority",
    "cooperation",
    "timeline",
    "cabinet",
    "review",
    "translation",
    "consultation",
    "trust",
    "fund",
    "sponsorship",
]
PLACES = ["Geneva", "New York", "Vienna", "Lomé", "Bangkok", "Panama City", "Nairobi", "Suva"]
ACTORS = ["Ambassador A", "Ambassador B", "Co-chair C", "Secretariat officer D", "Minister E"]
COUNTERPARTS = ["Ministry of Foreign Affairs", "Ministry of Defence", "Parliament committee"]


class ScaleDataPresent(Exception):
    """Synthetic data is already in the database: generate into a fresh one."""


@dataclass
class Report:
    activities: int = 0
    state_links: int = 0
    followups: int = 0
    tags: int = 0
    tag_links: int = 0
    plans: int = 0
    meetings: int = 0
    agenda_items: int = 0

    def lines(self) -> list[str]:
        return [f"{name.replace('_', ' ')}: {value}" for name, value in vars(self).items()]


def _with_history(rows, model, batch_size=None):
    """Write `rows` with their creation history records (one query per batch and table)."""
    created = bulk_create_with_history(
        rows,
        model,
        batch_size=batch_size,
        default_date=dt.datetime.combine(END, dt.time(12), tzinfo=dt.UTC),
        default_change_reason="Synthetic data (generate_scale_data)",
    )
    if created and created[0].pk is None:  # a backend that does not return ids
        raise RuntimeError(f"{model.__name__}: bulk_create did not set the new rows' ids")
    return created


def refresh_statistics() -> None:
    """After the bulk load, what the database does by itself soon after one (autovacuum on
    PostgreSQL): the planner's statistics and, on PostgreSQL, the visibility map (index-only
    scans), so that the benchmark measures the database in its steady state, not mid-load."""
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:  # (VACUUM cannot run inside a transaction: tests)
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def window(years: int) -> tuple[dt.date, dt.date]:
    """The first and last day of the synthetic history."""
    return dt.date(END.year - years, END.month, END.day) + dt.timedelta(days=1), END


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def party_periods() -> dict[int, tuple[dt.date | None, dt.date | None]]:
    """{state pk: (party from, party until)} from the real treaty actions (Art. 22, Art. 25)."""
    deposits, withdrawals = {}, {}
    for state_id, kind, day, named in TreatyAction.objects.values_list(
        "state_id", "kind", "date", "named_effective_date"
    ):
        if kind in TreatyAction.DEPOSIT_KINDS:
            deposits[state_id] = rules.entry_into_force(day)
        elif kind == TreatyAction.Kind.WITHDRAWAL:
            withdrawals[state_id] = rules.withdrawal_effective(day, named)
    return {pk: (deposits.get(pk), withdrawals.get(pk)) for pk in deposits}


def is_party(periods, state_pk: int, on: dt.date) -> bool:
    start, until = periods.get(state_pk, (None, None))
    return start is not None and start <= on and (until is None or on < until)


def _ensure_absent():
    if (
        OutreachActivity.objects.filter(summary__startswith=MARK).exists()
        or ChallengeTag.objects.filter(source__startswith=TAG_SOURCE).exists()
    ):
        raise ScaleDataPresent(
            "Synthetic data is already present: run generate_scale_data on a fresh database."
        )


@transaction.atomic
def generate(*, seed: int, activities: int, tags: int, meetings: int, years: int) -> Report:
    """Write the synthetic volume (the reference data must be loaded). Returns what was written."""
    _ensure_absent()
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not a secret
    start, end = window(years)
    report = Report()
    states = list(State.objects.order_by("iso3").values_list("pk", flat=True))
    if not states:
        raise ValueError("No states: run load_reference_data first.")
    periods = party_periods()
    made = _activities(rng, states, start, end, activities, report)
    _tags(rng, states, periods, made, start, end, tags, seed, report)
    _meetings(rng, start, end, meetings, report)
    return report


def _activities(rng, states, start, end, count, report) -> list[tuple[int, dt.date, list[int]]]:
    """Activities with 1-3 states each and 0-2 follow-ups; returns (pk, date, state pks)."""
    rows, state_lists = [], []
    for _ in range(count):
        first = _day(rng, start, end)
        days = rng.choice([0, 0, 0, 1, 2])
        rows.append(
            OutreachActivity(
                start_date=first,
                end_date=first + dt.timedelta(days=days) if days else None,
                actor_role=rng.choice(ActorRole.values),
                actor_name=rng.choice(ACTORS),
                kind=rng.choice(ActivityKind.values),
                place=rng.choice(PLACES),
                counterpart=rng.choice(COUNTERPARTS),
                summary=f"{MARK} {_text(rng, 25)}",
                outcome=_text(rng, 10),
                visibility=rng.choice(
                    [Visibility.INTERNAL, Visibility.INTERNAL, Visibility.PUBLIC]
                ),
            )
        )
        state_lists.append(rng.sample(states, rng.choice([1, 1, 1, 2, 3])))
    _with_history(rows, OutreachActivity, batch_size=500)
    through = OutreachActivity.states.through
    links = [
        through(outreachactivity_id=a.pk, state_id=s)
        for a, chosen in zip(rows, state_lists, strict=True)
        for s in chosen
    ]
    through.objects.bulk_create(links, batch_size=1000)
    followups = []
    for activity in rows:
        for _ in range(rng.choice([0, 1, 1, 2])):
            due = activity.start_date + dt.timedelta(days=rng.randrange(14, 120))
            done = due < end and rng.random() < 0.7
            followups.append(
                FollowUp(
                    activity=activity,
                    action=_text(rng, 8),
                    owner=rng.choice(ACTORS),
                    due_on=due,
                    done=done,
                    done_on=min(due + dt.timedelta(days=rng.randrange(-10, 30)), end)
                    if done
                    else None,
                )
            )
    _with_history(followups, FollowUp, batch_size=1000)
    report.activities, report.state_links, report.followups = len(rows), len(links), len(followups)
    return [(a.pk, a.start_date, chosen) for a, chosen in zip(rows, state_lists, strict=True)]


def _tags(rng, states, periods, activities, start, end, count, seed, report):
    """Tags only for states not parties on the date noted; half noted during an activity (and
    linked to it). One tag per (state, challenge) stays open: an older one is addressed on the
    day the next is noted, and some are addressed at a random later date."""
    challenges = list(Challenge.objects.active().order_by("sort_key").values_list("pk", flat=True))
    drafts = []  # (noted_on, order, state, challenge, activity pk or None)
    attempts = 0
    while len(drafts) < count and attempts < count * 50:
        attempts += 1
        activity = rng.choice(activities) if activities and rng.random() < 0.5 else None
        if activity:
            state, noted_on = rng.choice(activity[2]), activity[1]
        else:
            state, noted_on = rng.choice(states), _day(rng, start, end)
        if is_party(periods, state, noted_on):
            continue
        drafts.append(
            (
                noted_on,
                len(drafts),
                state,
                rng.choice(challenges),
                activity[0] if activity else None,
            )
        )
    drafts.sort()
    by_pair = defaultdict(list)
    for draft in drafts:
        by_pair[(draft[2], draft[3])].append(draft)
    closing = {}
    for pair_drafts in by_pair.values():
        for index, draft in enumerate(pair_drafts):
            later = pair_drafts[index + 1][0] if index + 1 < len(pair_drafts) else None
            chosen = None
            if rng.random() < 0.3:
                chosen = min(draft[0] + dt.timedelta(days=rng.randrange(30, 900)), end)
            closed = min(d for d in (chosen, later) if d is not None) if (chosen or later) else None
            closing[draft[1]] = closed
    rows = []
    for noted_on, order, state, challenge, _activity in drafts:
        closed = closing[order]
        rows.append(
            ChallengeTag(
                state_id=state,
                challenge_id=challenge,
                noted_on=noted_on,
                source=f"{TAG_SOURCE} (seed {seed})",
                note=_text(rng, 12),
                status=TagStatus.ADDRESSED if closed else TagStatus.OPEN,
                addressed_on=closed,
                addressed_reason=_text(rng, 6) if closed else "",
            )
        )
    _with_history(rows, ChallengeTag, batch_size=500)
    through = OutreachActivity.challenge_tags.through
    links = [
        through(outreachactivity_id=draft[4], challengetag_id=tag.pk)
        for draft, tag in zip(drafts, rows, strict=True)
        if draft[4] is not None
    ]
    through.objects.bulk_create(links, batch_size=1000)
    report.tags, report.tag_links = len(rows), len(links)


def _meetings(rng, start, end, count, report):
    """A work plan per year of the window and `count` meetings spread over them, each with an
    agenda of 4-8 items (standard topics or free titles). Skipped without the meetings app."""
    if count <= 0 or not apps.is_installed("meetings"):
        return
    try:
        Conference = apps.get_model("meetings", "Conference")
        WorkPlan = apps.get_model("meetings", "WorkPlan")
        Meeting = apps.get_model("meetings", "Meeting")
        AgendaItem = apps.get_model("meetings", "AgendaItem")
        StandardTopic = apps.get_model("meetings", "StandardTopic")
    except LookupError:
        return
    # A synthetic conference each August of the window, numbered from SYNTHETIC_CONFERENCE_FROM
    # (clear of the real CSPs' numbers), and a plan for each cycle between two of them.
    conferences = []
    for k, year in enumerate(range(start.year, end.year + 1)):
        opens = dt.date(year, 8, 20)
        conferences.append(
            Conference(
                number=SYNTHETIC_CONFERENCE_FROM + k,
                opening=opens,
                closing=opens + dt.timedelta(days=4),
                source=TAG_SOURCE,
            )
        )
    _with_history(conferences, Conference)
    plans = []
    for opening, closing in itertools.pairwise(conferences):
        plans.append(
            WorkPlan(
                title=f"{PLAN_PREFIX}work plan {opening.opening.year}-{closing.opening.year}",
                opening_conference=opening,
                conference=closing,
            )
        )
    _with_history(plans, WorkPlan)
    topics = list(StandardTopic.objects.order_by("order", "code").values_list("pk", flat=True))
    rows, used = [], set()
    for index in range(count):
        plan = plans[index % len(plans)]
        while True:
            day = _day(
                rng,
                plan.opening_conference.closing + dt.timedelta(days=1),
                plan.conference.opening,
            )
            if (plan.pk, day) not in used:
                used.add((plan.pk, day))
                break
        rows.append(
            Meeting(
                plan=plan,
                date=day,
                title=f"WGTU meeting {index + 1} (synthetic)",
                venue=rng.choice(PLACES),
                status="held" if day <= end else "planned",
            )
        )
    _with_history(rows, Meeting)
    items = []
    for meeting in rows:
        for order in range(1, rng.randrange(4, 9) + 1):
            topic = rng.choice(topics) if topics and rng.random() < 0.6 else None
            items.append(
                AgendaItem(
                    meeting=meeting,
                    order=order,
                    topic_id=topic,
                    title="" if topic else _text(rng, 5),
                    description=_text(rng, 15),
                    presenter=rng.choice(ACTORS),
                    public_notes=_text(rng, 10),
                    internal_notes=_text(rng, 20),
                )
            )
    _with_history(items, AgendaItem, batch_size=500)
    report.plans, report.meetings, report.agenda_items = len(plans), len(rows), len(items)


def fingerprint() -> str:
    """A digest of the synthetic rows by their content (not their ids or timestamps), so two
    runs with the same seed can be compared even when the database's sequences differ."""
    digest = hashlib.sha256()
    activities = (
        OutreachActivity.objects.filter(summary__startswith=MARK)
        .order_by("start_date", "summary", "pk")
        .prefetch_related("states", "followups")
    )
    for a in activities:
        states = sorted(s.iso3 for s in a.states.all())
        followups = sorted(
            (f.action, str(f.due_on), f.done, str(f.done_on)) for f in a.followups.all()
        )
        digest.update(
            repr((a.start_date, a.end_date, a.kind, a.summary, states, followups)).encode()
        )
    tags = (
        ChallengeTag.objects.filter(source__startswith=TAG_SOURCE)
        .select_related("state", "challenge")
        .prefetch_related("outreach_activities")
        .order_by("noted_on", "state__iso3", "challenge__sort_key", "pk")
    )
    for t in tags:
        linked = sorted(str(a.start_date) for a in t.outreach_activities.all())
        digest.update(
            repr(
                (t.state.iso3, t.challenge.code, t.noted_on, t.status, t.addressed_on, linked)
            ).encode()
        )
    if apps.is_installed("meetings"):
        Meeting = apps.get_model("meetings", "Meeting")
        synthetic = Meeting.objects.filter(plan__title__startswith=PLAN_PREFIX)
        for m in synthetic.select_related("plan__conference").order_by("date", "title"):
            agenda = list(
                m.agenda_items.order_by("order").values_list("order", "title", "topic__code")
            )
            digest.update(repr((m.date, m.title, m.plan.conference.opening, agenda)).encode())
    return digest.hexdigest()
