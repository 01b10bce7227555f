"""The audit trail (/audit/, Secretariat): every change to every record and the sign-in security
events, newest first, built on the tables that already hold them (no second copy):

- the history tables django-simple-history keeps for every edited model of the portal's apps
  (who, when, which record, added/changed/deleted, the reason); each change is compared with the
  previous row of the same record by states.history.field_changes, the one diff of the portal;
- django-axes' AccessLog (sign-ins, and sign-outs at their own time) and AccessFailureLog
  (failed sign-ins and lockouts; settings.AXES_ENABLE_ACCESS_FAILURE_LOG).

One UNION ALL query lists a page of events from every table (with, for each change, the id of
the previous history row of its record), one more counts them; the page's rows are then read per
table they come from (one query each, users joined) and the records they point at per related
model (one query each): the cost depends on the kinds of record on a page, never on its size.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

from axes.models import AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    CharField,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import registered_models

from accounts.roles import PORTAL_APPS
from outreach.models import OutreachActivity
from states.history import HISTORY_TYPES, field_changes
from states.models import State

SECURITY = "security"
# Fields never shown as changes: keys, optimistic-locking versions and automatic timestamps.
SKIPPED_FIELDS = {"id", "version", "created_at", "updated_at"}
# The field that names a record, the first one a model has.
LABEL_FIELDS = ("name_en", "title", "name", "action", "original_name", "code", "file_name")
SECURITY_EVENTS = {
    "in": gettext_lazy("signed in"),
    "out": gettext_lazy("signed out"),
    "fail": gettext_lazy("failed sign-in"),
    "lock": gettext_lazy("failed sign-in, locked out"),
}


@cache
def audited_models() -> dict[str, type]:
    """Every model of the portal's apps whose history is kept, by its label ("states.state")."""
    found = {}
    for model in registered_models.values():
        history = getattr(model, "history", None)
        if model._meta.app_label in PORTAL_APPS and history is not None:
            found[model._meta.label_lower] = model
    return dict(sorted(found.items()))


def kind_choices() -> list[tuple[str, str]]:
    """The kinds of record one may filter on: each audited model, then the sign-in events."""
    choices = [
        (label, str(model._meta.verbose_name).capitalize())
        for label, model in audited_models().items()
    ]
    return [*choices, (SECURITY, _("Sign-in events"))]


@dataclass(frozen=True)
class AuditFilters:
    person: object = None
    kind: str = ""
    state: State | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    # Several kinds of record at once (the weekly summary's areas); empty: as `kind` says.
    kinds: tuple = ()


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _in_range(filters: AuditFilters, name: str) -> Q:
    condition = Q()
    if filters.since:
        condition &= Q(**{f"{name}__gte": _start_of(filters.since)})
    if filters.until:
        condition &= Q(**{f"{name}__lt": _start_of(filters.until + dt.timedelta(days=1))})
    return condition


def _concerns_a_state(model) -> bool:
    """Whether `model`'s records point at a State through a field named "state" (a summary's
    "state" is its workflow state, not a State)."""
    field = next((f for f in model._meta.concrete_fields if f.name == "state"), None)
    return field is not None and field.is_relation and field.related_model is State


def _state_condition(model, state: State) -> Q | None:
    """The history rows of `model` that concern `state`, or None when its records concern no
    state. An outreach activity (and its follow-ups and files) concerns the states it is linked
    to now (the links themselves are not kept in history)."""
    if model is State:
        return Q(id=state.pk)
    names = {f.name for f in model._meta.concrete_fields}
    if _concerns_a_state(model):
        return Q(state_id=state.pk)
    activities = OutreachActivity.states.through.objects.filter(state=state).values(
        "outreachactivity_id"
    )
    if model is OutreachActivity:
        return Q(id__in=activities)
    if "activity" in names and model._meta.get_field("activity").related_model is OutreachActivity:
        return Q(activity_id__in=activities)
    return None


# A typed NULL: PostgreSQL types the columns of a UNION from its first branch.
NO_NUMBER = Cast(Value(None), IntegerField())
COLUMNS = ("a_kind", "a_hid", "a_when", "a_user", "a_name", "a_type", "a_prev")


def _history_part(label: str, model, filters: AuditFilters):
    rows = model.history.model.objects.all()
    if filters.person is not None:
        rows = rows.filter(history_user_id=filters.person.pk)
    if filters.state is not None:
        condition = _state_condition(model, filters.state)
        if condition is None:
            return None
        rows = rows.filter(condition)
    rows = rows.filter(_in_range(filters, "history_date"))
    previous = (
        model.history.model.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    return (
        rows.order_by()
        .annotate(
            a_kind=Value(label, output_field=CharField()),
            a_hid=F("history_id"),
            a_when=F("history_date"),
            a_user=F("history_user_id"),
            a_name=Value("", output_field=CharField()),
            a_type=Cast("history_type", CharField()),
            a_prev=Subquery(previous, output_field=IntegerField()),
        )
        .values(*COLUMNS)
    )


def _security_parts(filters: AuditFilters) -> list:
    if filters.state is not None:
        return []
    parts = []
    for model, when, event in (
        (AccessLog, "attempt_time", Value("in", output_field=CharField())),
        (AccessLog, "logout_time", Value("out", output_field=CharField())),
        (
            AccessFailureLog,
            "attempt_time",
            Case(
                When(locked_out=True, then=Value("lock")),
                default=Value("fail"),
                output_field=CharField(),
            ),
        ),
    ):
        rows = model.objects.filter(**{f"{when}__isnull": False})
        if filters.person is not None:
            rows = rows.filter(username=filters.person.get_username())
        rows = rows.filter(_in_range(filters, when))
        parts.append(
            rows.order_by()
            .annotate(
                a_kind=Value(SECURITY, output_field=CharField()),
                a_hid=F("id"),
                a_when=F(when),
                a_user=NO_NUMBER,
                a_name=Cast("username", CharField()),
                a_type=event,
                a_prev=NO_NUMBER,
            )
            .values(*COLUMNS)
        )
    return parts


def audit_events(filters: AuditFilters):
    """The events that match `filters`, newest first, as rows (dicts of COLUMNS): a queryset of
    one UNION ALL, to count and slice (a page: one query)."""
    parts = []
    if filters.kind in ("", SECURITY) and not filters.kinds:
        parts += _security_parts(filters)
    for label, model in audited_models().items():
        if filters.kinds and label not in filters.kinds:
            continue
        if filters.kind in ("", label):
            part = _history_part(label, model, filters)
            if part is not None:
                parts.append(part)
    if not parts:
        return _empty()
    first, *rest = parts
    combined = first.union(*rest, all=True) if rest else first
    return combined.order_by("-a_when", "-a_kind", "-a_hid")


def _empty():
    """No event (every kind asked for was filtered out), with the columns of audit_events."""
    return (
        AccessLog.objects.none()
        .annotate(
            a_kind=Value("", output_field=CharField()),
            a_hid=F("id"),
            a_when=F("attempt_time"),
            a_user=NO_NUMBER,
            a_name=Value("", output_field=CharField()),
            a_type=Value("", output_field=CharField()),
            a_prev=NO_NUMBER,
        )
        .values(*COLUMNS)
    )


@dataclass
class AuditEntry:
    when: dt.datetime
    who: str
    kind: str
    record: str
    change: str
    reason: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    security: bool = False


def _compared_fields(model) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.name not in SKIPPED_FIELDS and not f.name.startswith("history_")
    ]


def _record_label(model, record, states: dict) -> str:
    names = {f.name for f in model._meta.concrete_fields}
    text = next(
        (str(getattr(record, n)) for n in LABEL_FIELDS if n in names and getattr(record, n)),
        None,
    )
    if text is None:
        # A record named by the organization it concerns (a meeting's participation), read
        # with the page's other relations (_prime_relations); else by its number.
        related = None
        if any(f.name == "organization" and f.is_relation for f in model._meta.concrete_fields):
            history_field = model.history.model._meta.get_field("organization")
            related = history_field.get_cached_value(record, None)
        text = str(related) if related is not None else f"#{record.id}"
    if model is not State and _concerns_a_state(model):
        state = states.get(record.state_id)
        if state is not None:
            text = f"{state.name} — {text}"
    return Truncator(text).chars(100)


def _prime_relations(model, records: list) -> dict:
    """Read the records that `records` point at (one query per related model) and put them in
    each row's relation cache, so that field_changes reads them without a query. Returns the
    states read (for the labels)."""
    relations = [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and f.name in _compared_fields(model)
    ]
    found_states: dict = {}
    for relation in relations:
        history_field = model.history.model._meta.get_field(relation.name)
        keys = {getattr(r, history_field.attname) for r in records} - {None}
        related = relation.related_model._base_manager.in_bulk(keys) if keys else {}
        if relation.related_model is State:
            found_states.update(related)
        for record in records:
            key = getattr(record, history_field.attname)
            if key is not None and key in related:
                history_field.set_cached_value(record, related[key])
    return found_states


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else "—"


def audit_entries(rows: list[dict]) -> list[AuditEntry]:
    """The rows of a page (from audit_events) in words. One query per audited model present
    (its rows and their previous rows, users joined), one per model they point at; sign-in
    events none."""
    by_kind: dict[str, set[int]] = {}
    for row in rows:
        if row["a_kind"] != SECURITY:
            wanted = by_kind.setdefault(row["a_kind"], set())
            wanted.add(row["a_hid"])
            if row["a_prev"] is not None:
                wanted.add(row["a_prev"])
    models = audited_models()
    loaded: dict[tuple[str, int], object] = {}
    states: dict = {}
    for kind, ids in by_kind.items():
        model = models[kind]
        records = list(
            model.history.model.objects.filter(history_id__in=ids).select_related("history_user")
        )
        states.update(_prime_relations(model, records))
        loaded.update({(kind, r.history_id): r for r in records})
    entries = []
    for row in rows:
        if row["a_kind"] == SECURITY:
            entries.append(
                AuditEntry(
                    when=row["a_when"],
                    who=row["a_name"] or "—",
                    kind=_("Sign-in events"),
                    record=row["a_name"] or "—",
                    change=str(SECURITY_EVENTS.get(row["a_type"], row["a_type"])),
                    security=True,
                )
            )
            continue
        model = models[row["a_kind"]]
        record = loaded.get((row["a_kind"], row["a_hid"]))
        if record is None:  # deleted between the two queries
            continue
        before = loaded.get((row["a_kind"], row["a_prev"])) if row["a_prev"] else None
        changes = []
        if before is not None and record.history_type == "~":
            changes = field_changes(model, before, record, _compared_fields(model))
        entries.append(
            AuditEntry(
                when=record.history_date,
                who=_person(record.history_user),
                kind=str(model._meta.verbose_name).capitalize(),
                record=_record_label(model, record, states),
                change=str(HISTORY_TYPES.get(record.history_type, record.history_type)),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def audit_csv_rows(filters: AuditFilters, batch: int = 500):
    """Every event matching `filters` as CSV rows (one per field changed, one for an event
    without fields), read `batch` events at a time."""
    events = audit_events(filters)
    start = 0
    while True:
        rows = list(events[start : start + batch])
        if not rows:
            return
        for entry in audit_entries(rows):
            when = timezone.localtime(entry.when).isoformat(timespec="seconds")
            base = [when, entry.who, entry.kind, entry.record, entry.change]
            if entry.changes:
                for name, old, new in entry.changes:
                    yield [*base, name, old, new, entry.reason]
            else:
                yield [*base, "", "", "", entry.reason]
        start += batch


def audit_csv_header() -> list[str]:
    return [
        _("When"),
        _("Who"),
        _("Kind of record"),
        _("Record"),
        _("Change"),
        _("Field"),
        _("From"),
        _("To"),
        _("Reason"),
    ]


def people():
    """The accounts one may filter on, by name."""
    return get_user_model().objects.order_by("last_name", "first_name", "username")
