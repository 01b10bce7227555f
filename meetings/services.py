"""Writes of the meetings app: the reference work plan, agenda ordering, document files.

Every function is keyword-only and atomic; each object it changes carries the acting user into
its history (`_history_user`), so "who, when, what" is recorded for every change.
"""

import csv
import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max
from django.utils import translation
from django.utils.translation import gettext as _

from meetings import reference
from meetings.models import (
    INTERNAL_PERMISSION,
    ActivityStatus,
    AgendaItem,
    CalendarToken,
    Conference,
    Document,
    DocumentFile,
    Meeting,
    MeetingStatus,
    PlanActivity,
    StandardTopic,
    WorkPlan,
)
from meetings.titles import conference_name
from meetings.translated import LANGUAGE_CODES, active_language, translation_columns
from states.dates import parse_iso_date
from states.models import State
from states.versioning import record_change, versioned_update
from uploads.validators import validate_document

# --- Reference data -------------------------------------------------------------------------


@dataclass
class SeedReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0

    def lines(self, what: str = "") -> list[str]:
        what = what or _("Work plan")
        line = _(
            "%(what)s: %(created)s records created, %(updated)s updated, %(unchanged)s unchanged."
        ) % {
            "what": what,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        out = [line]
        if self.kept:
            out.append(
                _("%(what)s: %(kept)s records kept as edited in the portal (not overwritten).")
                % {"what": what, "kept": self.kept}
            )
        return out


def _edited_by_a_person(obj) -> bool:
    return obj.history.filter(history_user__isnull=False).exists()


def _seed(model, lookup: dict, values: dict, report: SeedReport):
    """Create or update one seeded record; leave it alone if a person edited or deleted it.

    Returns the record (None when a person deleted it).
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        deleted = model.history.filter(
            **lookup, history_type="-", history_user__isnull=False
        ).exists()
        if deleted:
            report.kept += 1
            return None
        obj = model(**lookup, **values)
        obj._history_user = None
        obj.save()
        report.created += 1
        return obj
    if _edited_by_a_person(obj):
        report.kept += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        # A new version, so a form opened before this update is refused rather than undoing it.
        obj.version += 1
        obj._history_user = None
        obj.save(update_fields=[*changed, "version"])
        report.updated += 1
    else:
        report.unchanged += 1
    return obj


def _free_order(meeting: Meeting, wanted: int) -> int:
    """`wanted` if no item of the meeting has it (a person may have reordered), else the end."""
    taken = meeting.agenda_items.filter(order=wanted).exists()
    if not taken:
        return wanted
    return (meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0) + 1


def conference_rows(path=None) -> list[dict]:
    """The conferences of data/conferences.csv as model values (blank cells stay blank; the
    President's state by its ISO code, None while the states are not loaded)."""
    states = dict(State.objects.values_list("iso3", "pk"))
    rows = []
    with open(path or reference.CONFERENCES_CSV, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            opening, closing = row["opening"].strip(), row["closing"].strip()
            rows.append(
                {
                    "number": int(row["number"]),
                    "opening": parse_iso_date(opening) if opening else None,
                    "closing": parse_iso_date(closing) if closing else None,
                    "place": row["place"].strip(),
                    "place_fr": reference.PLACES.get(row["place"].strip(), ("", ""))[0],
                    "place_es": reference.PLACES.get(row["place"].strip(), ("", ""))[1],
                    "format": reference.CONFERENCE_FORMATS.get(row["format"].strip(), ""),
                    "president": row["president"].strip(),
                    "president_state_id": states.get(row["president_state"].strip()),
                    "confidence": row["confidence"].strip(),
                    "source": row["source"].strip(),
                }
            )
    return rows


@transaction.atomic
def conferences_load(path=None) -> SeedReport:
    """Seed the Conferences of States Parties of data/conferences.csv; idempotent.

    A seeded conference is found again by its reference key ("csp12"). A conference already
    recorded under that number without the key (by the migration that turned the work plans'
    texts into records, or by a person) is taken over when no person has edited it, else kept."""
    report = SeedReport()
    for values in conference_rows(path):
        key = f"csp{values['number']}"
        if not Conference.objects.filter(reference_key=key).exists():
            existing = Conference.objects.filter(number=values["number"]).first()
            if existing is not None:
                if _edited_by_a_person(existing):
                    report.kept += 1
                    continue
                existing.reference_key = key
                existing._history_user = None
                existing.save(update_fields=["reference_key"])
        _seed(Conference, {"reference_key": key}, values, report)
    return report


@transaction.atomic
def work_plan_load() -> SeedReport:
    """Load the CSP4 work plan of the source document (meetings/reference.py); idempotent.
    Its two conferences are recorded first (conferences_load) if they are not."""
    report = SeedReport()
    numbers = (reference.PLAN["opening_conference"], reference.PLAN["conference"])
    if Conference.objects.filter(number__in=numbers).count() < len(numbers):
        conferences_load()
    topics = {}
    for order, (code, title_en, title_fr, title_es) in enumerate(reference.TOPICS, start=1):
        topic = _seed(
            StandardTopic,
            {"code": code},
            {"title_en": title_en, "title_fr": title_fr, "title_es": title_es, "order": order},
            report,
        )
        topics[code] = topic
    conferences = Conference.objects.in_bulk(numbers, field_name="number")
    plan = _seed(
        WorkPlan,
        {"reference_key": reference.PLAN["reference_key"]},
        {
            **reference.PLAN["values"],
            "opening_conference": conferences[numbers[0]],
            "conference": conferences[numbers[1]],
        },
        report,
    )
    if plan is None:
        return report
    for key, values, items in reference.MEETINGS:
        meeting = _seed(Meeting, {"reference_key": key}, {"plan": plan, **values}, report)
        if meeting is None:
            continue
        for order, (topic_code, wording, french, spanish) in enumerate(items, start=1):
            item_key = f"{key}-{order}"
            topic = topics[topic_code]
            # A topic a person deleted: the item keeps the source's wording as its free title.
            values = {
                **reference.SECRETARIAT_TRANSLATION,
                "topic": topic,
                "title": "" if topic else wording,
                "title_fr": "" if topic else french,
                "title_es": "" if topic else spanish,
                "description": wording,
                "description_fr": french,
                "description_es": spanish,
            }
            if not AgendaItem.objects.filter(reference_key=item_key).exists():
                values["order"] = _free_order(meeting, order)
            _seed(AgendaItem, {"reference_key": item_key}, {"meeting": meeting, **values}, report)
    for order, (key, values) in enumerate(reference.ACTIVITIES, start=1):
        _seed(
            PlanActivity, {"reference_key": key}, {"plan": plan, "order": order, **values}, report
        )
    parents = {}
    for key, values, parent_key in reference.DOCUMENTS:
        extra = {"plan": plan, "part_of": parents.get(parent_key)} if parent_key else {"plan": plan}
        parents[key] = _seed(Document, {"reference_key": key}, {**values, **extra}, report)
    return report


def reference_data_load_report() -> list[str]:
    """The load_reference_data hook of this app: the conferences, then the CSP4 work plan;
    returns the report's lines."""
    lines = conferences_load().lines(_("Conferences"))
    return lines + work_plan_load().lines()


def work_plan_load_report() -> list[str]:
    """The work plan alone (its conferences recorded if missing); the report's lines."""
    return work_plan_load().lines()


# --- Edits through forms -------------------------------------------------------------------


@transaction.atomic
def work_plan_update(
    *, plan: WorkPlan, expected_version: int | None, values: dict, standing_topics, user
) -> list[str]:
    """Save a plan's edit form: its fields (states.versioning.versioned_update), and its standing agenda topics
    (a change of these alone is a change of the plan too: a new version, in its history).
    Raises StaleEdit, saving nothing, when the plan moved past `expected_version`."""
    changed = versioned_update(
        instance=plan, expected_version=expected_version, values=values, user=user
    )
    wanted = {t.pk for t in standing_topics}
    if wanted != set(plan.standing_topics.values_list("pk", flat=True)):
        if not changed:
            # The row is locked and at the expected version (versioned_update checked it).
            current = WorkPlan.objects.select_for_update().get(pk=plan.pk)
            current.version += 1
            record_change(
                current, user=user, reason=_("Changed in the portal: standing agenda topics")
            )
            current.save(update_fields=["version"])
            plan.version = current.version
        plan._history_user = user
        plan.standing_topics.set(wanted)
        changed.append("standing_topics")
    return changed


def standing_topics_of(plan: WorkPlan) -> list[StandardTopic]:
    """The topics a plan stands by: its own standing topics if it names any, else the standard
    topics on the agenda of every meeting of the plan (not cancelled). Two queries at most."""
    own = list(plan.standing_topics.all())
    if own:
        return own
    meetings = plan.meetings.not_cancelled()
    count = meetings.count()
    if not count:
        return []
    recurring = (
        StandardTopic.objects.filter(agenda_items__meeting__in=meetings)
        .annotate(meetings=Count("agenda_items__meeting", distinct=True))
        .filter(meetings=count)
    )
    return list(recurring.order_by("order", "code"))


def default_agenda_add(*, meeting: Meeting, user) -> int:
    """Put the plan's standing topics on the meeting's agenda, in the topics' order, after what
    it already has (a topic already on it is not repeated). Returns how many were added."""
    _lock_agenda(meeting.pk)
    present = set(meeting.agenda_items.exclude(topic=None).values_list("topic_id", flat=True))
    last = meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0
    added = 0
    for topic in meeting.plan.standing_topics.all():
        if topic.pk in present:
            continue
        last += 1
        item = AgendaItem(meeting=meeting, order=last, topic=topic)
        item._history_user = user
        item.save()
        added += 1
    return added


@transaction.atomic
def meeting_create(*, meeting: Meeting, user) -> Meeting:
    """Save a new meeting of its plan, its agenda starting with the plan's standing topics."""
    meeting._history_user = user
    meeting.save()
    default_agenda_add(meeting=meeting, user=user)
    return meeting


def next_conference(plan: WorkPlan) -> Conference | None:
    """The conference after the one `plan` prepares (by number), if it is recorded."""
    return Conference.objects.filter(number=plan.conference.number + 1).first()


def default_plan_title(number: int, language: str | None = None) -> str:
    """ "Work plan for the CSP5 preparatory meetings", in `language` (default: active)."""
    language = language or active_language()
    with translation.override(language):
        return _("Work plan for the %(conference)s preparatory meetings") % {
            "conference": conference_name(number, language)
        }


def _plan_titles(title: str, number: int) -> dict:
    """The new plan's title columns: the default title in each language when `title` is the
    default in some language (a translation the catalogue lacks stays empty, never English in
    a French column); else `title` as the English version."""
    defaults = {code: default_plan_title(number, code) for code in LANGUAGE_CODES}
    if title not in defaults.values():
        return {"title": title}
    english = defaults["en"]
    return {
        "title": english,
        "title_fr": defaults["fr"] if defaults["fr"] != english else "",
        "title_es": defaults["es"] if defaults["es"] != english else "",
    }


@transaction.atomic
def next_cycle_start(
    *,
    plan: WorkPlan,
    title: str,
    standing_topics,
    activities,
    meeting_date: dt.date | None,
    meeting_title: str,
    user,
) -> WorkPlan:
    """Start the cycle after `plan`'s: a work plan from the conference `plan` prepares to the
    next one (recorded "dates to be fixed" if it is not yet), with `standing_topics` as the
    default agenda of its meetings, `activities` of `plan` carried over to re-confirm (without
    their dates), and, when `meeting_date` is given, its first meeting with that agenda.
    Documents are not copied. Everything is recorded in the history with `user`."""
    opening = plan.conference
    conference = next_conference(plan)
    if conference is None:
        conference = Conference(number=opening.number + 1)
        conference._history_user = user
        conference.save()
    new_plan = WorkPlan(
        **_plan_titles(title, conference.number), opening_conference=opening, conference=conference
    )
    new_plan._history_user = user
    new_plan.save()
    new_plan.standing_topics.set(standing_topics)
    for order, activity in enumerate(activities, start=1):
        copy = PlanActivity(
            plan=new_plan,
            kind=activity.kind,
            status=ActivityStatus.TO_CONFIRM,
            order=order,
            original_language=activity.original_language,
            unofficial_translation=activity.unofficial_translation,
            # Every language version goes along (meetings.translated).
            **{name: getattr(activity, name) for name in translation_columns(PlanActivity)},
        )
        copy._history_user = user
        copy.save()
    if meeting_date is not None:
        meeting = Meeting(
            plan=new_plan,
            date=meeting_date,
            # Empty: the title composed in each reader's language (meetings.titles).
            title=meeting_title,
            status=MeetingStatus.PLANNED,
        )
        meeting_create(meeting=meeting, user=user)
    return new_plan


# --- Agenda ---------------------------------------------------------------------------------


def _lock_agenda(meeting_id: int) -> None:
    """Lock the meeting's row: changes to the order of its agenda are serialised on it."""
    Meeting.objects.select_for_update().filter(pk=meeting_id).values_list("pk").first()


@transaction.atomic
def agenda_item_add(*, item: AgendaItem, user) -> AgendaItem:
    """Save a new agenda item at the end of its meeting's agenda."""
    _lock_agenda(item.meeting_id)
    last = AgendaItem.objects.filter(meeting=item.meeting).aggregate(m=Max("order"))["m"]
    item.order = (last or 0) + 1
    item._history_user = user
    item.save()
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str, user) -> bool:
    """Swap `item` with its neighbour above ("up") or below ("down"); False at either end.

    The meeting row is locked first, so two reorderings (or additions) of one agenda run one
    after the other and each sees the other's result; the swap goes through a free order value
    (saved without a history row) because (meeting, order) is unique.
    """
    _lock_agenda(item.meeting_id)
    items = AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id)
    item = items.get(pk=item.pk)
    if direction == "up":
        neighbour = items.filter(order__lt=item.order).order_by("-order").first()
    elif direction == "down":
        neighbour = items.filter(order__gt=item.order).order_by("order").first()
    else:
        raise ValueError(direction)
    if neighbour is None:
        return False
    mine, theirs = item.order, neighbour.order
    item.order = (items.aggregate(m=Max("order"))["m"] or 0) + 1
    item.save_without_historical_record(update_fields=["order"])
    neighbour.order = mine
    neighbour._history_user = user
    neighbour.save(update_fields=["order"])
    item.order = theirs
    item._history_user = user
    item.save(update_fields=["order"])
    return True


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, user) -> None:
    item._history_user = user
    item.delete()


# --- Document files -------------------------------------------------------------------------


def _delete_stored_file_on_commit(name: str, storage) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def document_file_attach(*, document: Document, language: str, upload, user) -> DocumentFile:
    """Attach `upload` (already validated by the form) as the `language` version of `document`.

    Replaces the file of that language if there is one; the old file leaves the storage once the
    transaction commits. The upload is checked again here so no caller can store an unchecked file.
    """
    file_format = validate_document(upload)
    existing = (
        DocumentFile.objects.select_for_update()
        .filter(document=document, language=language)
        .first()
    )
    old_name = existing.file.name if existing else ""
    version = existing or DocumentFile(document=document, language=language)
    version.file = upload
    version.file_format = file_format
    version.original_name = (upload.name or "")[:255]
    version.size = upload.size
    version._history_user = user
    storage = version.file.storage
    try:
        version.save()
    except Exception:
        # The file is written before the row: a failed save must not leave it in MEDIA_ROOT.
        if version.file.name and version.file.name != old_name:
            storage.delete(version.file.name)
        raise
    if old_name and old_name != version.file.name:
        _delete_stored_file_on_commit(old_name, storage)
    return version


@transaction.atomic
def document_file_remove(*, version: DocumentFile, user) -> None:
    name, storage = version.file.name, version.file.storage
    version._history_user = user
    version.delete()
    _delete_stored_file_on_commit(name, storage)


def meeting_period_error(*, plan: WorkPlan, day: dt.date) -> str | None:
    """The message for a meeting date outside the plan's cycle, or None."""
    if plan.covers(day):
        return None
    return _(
        "The date must fall within the work plan's cycle, from %(start)s (%(opening)s) to "
        "%(end)s (%(closing)s)."
    ) % {
        "start": plan.starts.isoformat() if plan.starts else "?",
        "opening": plan.opening_conference.name,
        "end": plan.ends.isoformat() if plan.ends else _("dates to be fixed"),
        "closing": plan.conference.name,
    }


# --- Reports --------------------------------------------------------------------------------


@transaction.atomic
def meeting_report_publish(*, meeting: Meeting, published: bool, user) -> bool:
    """Publish (or withdraw) the meeting's report for Delegates; False when nothing changed.
    The change is recorded in the meeting's history with `user`."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.report_published == published:
        return False
    meeting.report_published = published
    meeting._history_user = user
    meeting.save(update_fields=["report_published"])
    return True


# --- Private calendar feeds -----------------------------------------------------------------


def calendar_token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_token_make(*, owner, user) -> str:
    """A new secret for `owner`'s private calendar feed, replacing any earlier one (whose
    address stops working at once). Returns the secret: only its digest is stored."""
    token = secrets.token_urlsafe(32)
    existing = CalendarToken.objects.select_for_update().filter(user=owner).first()
    record = existing or CalendarToken(user=owner)
    record.digest = calendar_token_digest(token)
    record._history_user = user
    record._change_reason = "regenerated" if existing else "made"
    record.save()
    return token


@transaction.atomic
def calendar_token_revoke(*, token: CalendarToken, user) -> None:
    token._history_user = user
    token.delete()


def calendar_token_owner(token: str):
    """The active account whose private feed `token` opens, if it may still read internal
    meetings; else None. One query (and one for the account's permissions)."""
    if not token or len(token) > 100:
        return None
    record = (
        CalendarToken.objects.select_related("user")
        .filter(digest=calendar_token_digest(token))
        .first()
    )
    if record is None or not record.user.is_active:
        return None
    if not record.user.has_perm(INTERNAL_PERMISSION):
        return None
    return record.user


# --- Delegations of accounts (issue 16, item 5) ----------------------------------------------


def account_delegation_set(*, person, state, organization, expected_version, by):
    """Make `person` (a Delegate's account) belong to the delegation of `state` or
    `organization`, or to none when both are None. Returns what was done: "set", "changed",
    "removed" or "" (nothing). Raises ValidationError (the account is not a Delegate's, or both
    are given) and StaleEdit (the delegation changed since the form was opened)."""
    from django.core.exceptions import ValidationError

    from accounts.roles import Role
    from meetings.record import AccountDelegation
    from states import versioning

    if state is not None and organization is not None:
        raise ValidationError(_("Choose a state or an organization, not both."))
    with transaction.atomic():
        current = AccountDelegation.objects.select_for_update().filter(user=person).first()
        if current is None:
            if state is None and organization is None:
                return ""
            if not person.groups.filter(name=Role.DELEGATES).exists():
                raise ValidationError(_("Only a Delegate's account belongs to a delegation."))
            record = AccountDelegation(user=person, state=state, organization=organization)
            record_change(record, user=by, reason=_("Delegation set in the portal"))
            record.save()
            return "set"
        if expected_version is None:
            raise versioning.StaleEdit(
                current,
                versioning.stale_message(current, 0, fields=["state", "organization"]),
            )
        if state is None and organization is None:
            versioning.versioned_delete(
                instance=current,
                expected_version=expected_version,
                user=by,
                reason=_("Delegation removed in the portal"),
                fields=["state", "organization"],
            )
            return "removed"
        changed = versioning.versioned_update(
            instance=current,
            expected_version=expected_version,
            values={"state": state, "organization": organization},
            user=by,
        )
        return "changed" if changed else ""


# --- Presenters (issue 16, item 3) -------------------------------------------------------------


@transaction.atomic
def presenter_save(
    *, presenter, values: dict, upload=None, symbol="", language="en", user, expected_version=None
):
    """Create `presenter` (no pk yet) or update it with `values`; with `upload`, first record the
    slides as a new public presentation document of the meeting (`symbol`, the file in
    `language`, checked again by document_file_attach) and link them. Returns the presenter.
    Raises StaleEdit when an update is based on an older version."""
    from meetings.models import DocumentKind

    if upload is not None:
        item = presenter.agenda_item
        document = Document(
            symbol=symbol,
            title=values.get("title") or presenter.title,
            kind=DocumentKind.PRESENTATION,
            meeting_id=item.meeting_id,
            date=item.meeting.date,
        )
        record_change(document, user=user, reason=_("Slides of a presentation"))
        document.save()
        document_file_attach(document=document, language=language, upload=upload, user=user)
        values = {**values, "slides": document}
    if presenter.pk is None:
        for name, value in values.items():
            setattr(presenter, name, value)
        record_change(presenter, user=user, reason=_("Presenter recorded in the portal"))
        presenter.save()
        return presenter
    versioned_update(
        instance=presenter, expected_version=expected_version, values=values, user=user
    )
    return presenter
