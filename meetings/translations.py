"""The translatable records of the meetings app: their side-by-side editors, and the public texts
that lack a French or Spanish version, grouped by what will print them next.

A text is "missing" a language when it has a version in some language but none in that one
(meetings.translated.missing_languages): pages and reports then print its original with the
marker. A meeting's title is never missing: without an override in a language, the composed
title is in that language (meetings.titles).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.models import (
    Access,
    AgendaItem,
    Conference,
    Document,
    Meeting,
    MeetingStatus,
    PlanActivity,
    WorkPlan,
)
from meetings.translated import LANGUAGE_CODES, column, localized, missing_languages

# URL segment → model, for /meetings/translations/<kind>/<pk>/.
EDITABLE = {
    "plan": WorkPlan,
    "meeting": Meeting,
    "agenda-item": AgendaItem,
    "activity": PlanActivity,
    "document": Document,
    "conference": Conference,
}
KIND_OF = {model: kind for kind, model in EDITABLE.items()}

# Texts that are public but not translated by these columns stay out (internal notes, names).
PUBLIC_FIELDS = {
    WorkPlan: ("title", "description"),
    AgendaItem: ("title", "description", "public_notes"),
    PlanActivity: ("title", "description"),
    Document: ("title",),
    Conference: ("place",),
}


FIELD_LABELS = {
    "title": gettext_lazy("title"),
    "description": gettext_lazy("description"),
    "public_notes": gettext_lazy("notes"),
    "place": gettext_lazy("place"),
}


def editor_url(record) -> str:
    return reverse("meetings:translation_edit", args=[KIND_OF[type(record)], record.pk])


def record_url(record) -> str:
    """The page where the record's texts are read."""
    if isinstance(record, AgendaItem):
        return f"{reverse('meetings:meeting', args=[record.meeting_id])}#item-{record.pk}"
    if isinstance(record, PlanActivity):
        return reverse("meetings:plan", args=[record.plan_id])
    return record.get_absolute_url()


@dataclass
class MissingText:
    record: object
    field: str
    label: str
    missing: list[str]
    original: object  # meetings.translated.Localized: the text as it stands
    editor_url: str


@dataclass
class MissingGroup:
    heading: str
    texts: list[MissingText] = field(default_factory=list)


def _missing(record, fields) -> list[MissingText]:
    out = []
    for name in fields:
        languages = missing_languages(record, name)
        if languages:
            out.append(
                MissingText(
                    record=record,
                    field=name,
                    label=str(FIELD_LABELS[name]),
                    missing=languages,
                    original=localized(record, name, record.original_language),
                    editor_url=editor_url(record),
                )
            )
    return out


def _lacking(model) -> Q:
    """Rows with some text in a public field and no version in a language (done again exactly
    in Python): narrows the rows read on a large portal."""
    condition = Q()
    for name in PUBLIC_FIELDS[model]:
        for code in LANGUAGE_CODES:
            condition |= Q(**{column(model, name, code): ""})
    return condition


def missing_translations(today: dt.date) -> list[MissingGroup]:
    """Every public text lacking a version, grouped by what prints it next: the reports of the
    meetings to come, the next first; then those of past meetings, the latest first (they are
    printed again when downloaded); then the pages alone (documents, conferences). A text is
    listed once, in the first group that prints it. Six queries."""
    meetings = list(
        Meeting.objects.public()
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("plan")
        .order_by("date", "pk")
    )
    upcoming = [m for m in meetings if m.date >= today]
    past = sorted((m for m in meetings if m.date < today), key=lambda m: m.date, reverse=True)
    ordered = upcoming + past
    items = {}
    for item in AgendaItem.objects.filter(meeting__in=[m.pk for m in ordered]).filter(
        _lacking(AgendaItem)
    ):
        items.setdefault(item.meeting_id, []).append(item)
    plans = {p.pk: p for p in WorkPlan.objects.filter(_lacking(WorkPlan))}
    activities = {}
    for activity in PlanActivity.objects.filter(_lacking(PlanActivity)).order_by("order", "pk"):
        activities.setdefault(activity.plan_id, []).append(activity)

    groups = []
    plans_done = set()
    for meeting in ordered:
        texts = []
        if meeting.plan_id not in plans_done:
            plans_done.add(meeting.plan_id)
            if meeting.plan_id in plans:
                texts += _missing(plans[meeting.plan_id], PUBLIC_FIELDS[WorkPlan])
            for activity in activities.get(meeting.plan_id, []):
                texts += _missing(activity, PUBLIC_FIELDS[PlanActivity])
        for item in sorted(items.get(meeting.pk, []), key=lambda i: i.order):
            texts += _missing(item, PUBLIC_FIELDS[AgendaItem])
        if texts:
            if meeting.date >= today:
                heading = _("The report of %(meeting)s, %(date)s (to come)")
            else:
                heading = _("The report of %(meeting)s, %(date)s")
            groups.append(
                MissingGroup(
                    heading % {"meeting": meeting.heading, "date": meeting.date.isoformat()},
                    texts,
                )
            )
    pages = MissingGroup(_("Pages only: work plans without meetings, documents, conferences"))
    for pk, plan in plans.items():
        if pk not in plans_done:
            pages.texts += _missing(plan, PUBLIC_FIELDS[WorkPlan])
            for activity in activities.get(pk, []):
                pages.texts += _missing(activity, PUBLIC_FIELDS[PlanActivity])
    documents = Document.objects.filter(access=Access.PUBLIC).filter(_lacking(Document))
    for document in documents.order_by("symbol", "annex"):
        pages.texts += _missing(document, PUBLIC_FIELDS[Document])
    for conference in Conference.objects.filter(_lacking(Conference)).order_by("number"):
        pages.texts += _missing(conference, PUBLIC_FIELDS[Conference])
    if pages.texts:
        groups.append(pages)
    return groups
