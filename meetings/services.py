"""Writes of the meetings app: the reference work plan, agenda ordering, document files.

Every function is keyword-only and atomic; each object it changes carries the acting user into
its history (`_history_user`), so "who, when, what" is recorded for every change.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from meetings import reference
from meetings.models import (
    AgendaItem,
    Document,
    DocumentFile,
    Meeting,
    PlanActivity,
    StandardTopic,
    WorkPlan,
)
from uploads.validators import validate_document

# --- Reference data -------------------------------------------------------------------------


@dataclass
class SeedReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0

    def lines(self) -> list[str]:
        line = _(
            "Work plan: %(created)s records created, %(updated)s updated, %(unchanged)s unchanged."
        ) % {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}
        out = [line]
        if self.kept:
            out.append(
                _("Work plan: %(kept)s records kept as edited in the portal (not overwritten).")
                % {"kept": self.kept}
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


@transaction.atomic
def work_plan_load() -> SeedReport:
    """Load the CSP4 work plan of the source document (meetings/reference.py); idempotent."""
    report = SeedReport()
    topics = {}
    for order, (code, title_en, title_fr, title_es) in enumerate(reference.TOPICS, start=1):
        topic = _seed(
            StandardTopic,
            {"code": code},
            {"title_en": title_en, "title_fr": title_fr, "title_es": title_es, "order": order},
            report,
        )
        topics[code] = topic
    plan = _seed(
        WorkPlan,
        {"reference_key": reference.PLAN["reference_key"]},
        reference.PLAN["values"],
        report,
    )
    if plan is None:
        return report
    for key, values, items in reference.MEETINGS:
        meeting = _seed(Meeting, {"reference_key": key}, {"plan": plan, **values}, report)
        if meeting is None:
            continue
        for order, (topic_code, wording) in enumerate(items, start=1):
            item_key = f"{key}-{order}"
            topic = topics[topic_code]
            # A topic a person deleted: the item keeps the source's wording as its free title.
            values = {"topic": topic, "title": "" if topic else wording, "description": wording}
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


def work_plan_load_report() -> list[str]:
    """The load_reference_data hook of this app: loads and returns the report's lines."""
    return work_plan_load().lines()


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
        "The date must fall within the work plan's period, from %(start)s (%(opening)s) to "
        "%(end)s (%(closing)s)."
    ) % {
        "start": plan.opens_start.isoformat(),
        "opening": plan.opening_conference,
        "end": plan.closes_end.isoformat(),
        "closing": plan.conference,
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
