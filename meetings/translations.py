"""The translatable records of the meetings app: their side-by-side editors, and the public texts
that lack a French or Spanish version, grouped by what will print them next.

A text is "missing" a language when it has a version in some language but none in that one
(meetings.translated.missing_languages): pages and reports then print its original with the
marker. A meeting's title is never missing: without an override in a language, the composed
title is in that language (meetings.titles).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
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
    StandardTopic,
    WorkPlan,
)
from meetings.summaries import Summary
from meetings.translated import (
    LANGUAGE_CODES,
    column,
    localized,
    missing_languages,
    version,
)
from states.versioning import StaleEdit, versioned_update

# URL segment → model, for /meetings/translations/<kind>/<pk>/ (and the export and import of
# translations). The summaries are not here: each change of a summary's text, a translation
# included, is a new SummaryVersion written by meetings.summary_workflow, which this editor and
# the import (states.versioning.versioned_update) would bypass. A summary's translations are
# edited on its own side-by-side form (editor_url), the one path for them; the export and import
# of files leave them out for the same reason.
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
    # Only a Final summary is public (missing_translations reads no other).
    Summary: ("text",),
}


FIELD_LABELS = {
    "title": gettext_lazy("title"),
    "description": gettext_lazy("description"),
    "public_notes": gettext_lazy("notes"),
    "place": gettext_lazy("place"),
    "text": gettext_lazy("text"),
}


def editor_url(record) -> str:
    if isinstance(record, StandardTopic):
        # The standard topics have their own three-language form.
        return reverse("meetings:topic_edit", args=[record.code])
    if isinstance(record, Summary):
        # Through the summaries workflow: a new version each time (see EDITABLE).
        return reverse("meetings:summary_edit", args=[record.pk])
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
                    original=localized(record, name, getattr(record, "original_language", "en")),
                    editor_url=editor_url(record),
                )
            )
    return out


def _dated_heading(meeting) -> str:
    """The meeting's title with its date: a composed title holds it already ("…, 31 mai
    2018"); a title the Secretariat typed may not."""
    day = date_format(meeting.date, "DATE_FORMAT")
    title = meeting.heading
    return title if day in title else f"{title}, {day}"


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
    listed once, in the first group that prints it. A standard topic lacking a title in a
    language is listed with the first meeting whose agenda names it; a Final summary with its
    meeting (drafts and circulated summaries are not public, never listed). Nine queries."""
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
    summaries = {}
    for summary in (
        Summary.objects.final()
        .filter(meeting__in=[m.pk for m in ordered])
        .filter(_lacking(Summary))
        .select_related("agenda_item__topic")
    ):
        summaries.setdefault(summary.meeting_id, []).append(summary)
    topics = {
        t.pk: t
        for t in StandardTopic.objects.filter(Q(title_fr="") | Q(title_es="") | Q(title_en=""))
    }
    topics_of = {}
    for topic_id, meeting_id in AgendaItem.objects.filter(
        topic__in=list(topics), meeting__in=[m.pk for m in ordered]
    ).values_list("topic_id", "meeting_id"):
        topics_of.setdefault(meeting_id, []).append(topic_id)
    topics_done = set()
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
        for topic_id in sorted(set(topics_of.get(meeting.pk, [])) - topics_done):
            topics_done.add(topic_id)
            texts += _missing(topics[topic_id], ("title",))
        # The meeting's summary first, then its agenda items', in the agenda's order.
        for summary in sorted(
            summaries.get(meeting.pk, []),
            key=lambda s: (s.agenda_item is not None, s.agenda_item.order if s.agenda_item else 0),
        ):
            texts += _missing(summary, PUBLIC_FIELDS[Summary])
        if texts:
            if meeting.date >= today:
                heading = _("The report of %(meeting)s (to come)")
            else:
                heading = _("The report of %(meeting)s")
            groups.append(MissingGroup(heading % {"meeting": _dated_heading(meeting)}, texts))
    pages = MissingGroup(_("Pages only: work plans without meetings, documents, conferences"))
    for pk, plan in plans.items():
        if pk not in plans_done:
            pages.texts += _missing(plan, PUBLIC_FIELDS[WorkPlan])
            for activity in activities.get(pk, []):
                pages.texts += _missing(activity, PUBLIC_FIELDS[PlanActivity])
    for pk in sorted(set(topics) - topics_done):
        pages.texts += _missing(topics[pk], ("title",))
    documents = Document.objects.filter(access=Access.PUBLIC).filter(_lacking(Document))
    for document in documents.order_by("symbol", "annex"):
        pages.texts += _missing(document, PUBLIC_FIELDS[Document])
    for conference in Conference.objects.filter(_lacking(Conference)).order_by("number"):
        pages.texts += _missing(conference, PUBLIC_FIELDS[Conference])
    if pages.texts:
        groups.append(pages)
    return groups


# --- Export and import of the language versions (manage.py export_translations / import_translations)

FILE_HEADER = ["record", "id", "version", "field", "original_language", "en", "fr", "es"]


def translations_export(*, missing_only: bool = False) -> list[list]:
    """One row per translatable text of every record (FILE_HEADER): its three versions, the
    record's original language and version (an import refuses a row whose record changed
    since). `missing_only`: the texts lacking a version. One query per model."""
    rows = []
    for kind, model in EDITABLE.items():
        for record in model._default_manager.order_by("pk"):
            for name in model.TRANSLATED_FIELDS:
                versions = [version(record, name, code) for code in LANGUAGE_CODES]
                if not any(versions):
                    continue
                # A meeting's title is never missing: its composed title stands in.
                if missing_only and (all(versions) or model is Meeting):
                    continue
                rows.append(
                    [kind, record.pk, record.version, name, record.original_language, *versions]
                )
    return rows


@dataclass
class ImportProblem:
    line: int
    reason: str

    def __str__(self):
        return _("line %(line)s: %(reason)s") % {"line": self.line, "reason": self.reason}


@dataclass
class ImportChange:
    record: object
    fields: list[str]


def _cell(text: str) -> str:
    """A cell as exported (formulas neutralised with a leading apostrophe) back to its text."""
    text = (text or "").strip()
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]
    return text


def translations_parse(rows: list[dict]) -> tuple[dict, list[ImportProblem]]:
    """The rows of a file (csv.DictReader, first data row on line 2) grouped by record, with
    every bad row reported: unknown record or text, a version that is not a number, a language
    that is not en, fr or es. Returns ({(kind, id): {"line", "version", "values"}}, problems)."""
    records, problems = {}, []
    for line, row in enumerate(rows, start=2):
        kind, name = (row.get("record") or "").strip(), (row.get("field") or "").strip()
        model = EDITABLE.get(kind)
        if model is None:
            problems.append(
                ImportProblem(line, _("unknown record kind “%(kind)s”") % {"kind": kind})
            )
            continue
        if name not in model.TRANSLATED_FIELDS:
            problems.append(
                ImportProblem(line, _("no translatable text “%(field)s”") % {"field": name})
            )
            continue
        try:
            pk, expected = int(row.get("id") or ""), int(row.get("version") or "")
        except ValueError:
            problems.append(ImportProblem(line, _("the id and the version must be numbers")))
            continue
        original = (row.get("original_language") or "").strip()
        if original not in LANGUAGE_CODES:
            problems.append(ImportProblem(line, _("the original language must be en, fr or es")))
            continue
        entry = records.setdefault((kind, pk), {"line": line, "version": expected, "values": {}})
        if entry["version"] != expected:
            problems.append(ImportProblem(line, _("two versions of one record")))
            continue
        entry["values"]["original_language"] = original
        for code in LANGUAGE_CODES:
            entry["values"][column(model, name, code)] = _cell(row.get(code, ""))
    return records, problems


def translations_import(rows: list[dict], *, dry_run: bool = False, user=None, source: str = ""):
    """Apply a file of translations, all or nothing: each record at the version it was exported
    at (else its rows are refused, saying who changed what since), each text's original kept
    non-empty; saved through states.versioning (a new version, in the history with `source`).
    Returns (changes, problems); nothing is written when there is a problem or on a dry run."""
    records, problems = translations_parse(rows)
    changes = []
    if problems:
        return changes, problems
    try:
        with transaction.atomic():
            for (kind, pk), entry in records.items():
                model = EDITABLE[kind]
                record = model._default_manager.filter(pk=pk).first()
                if record is None:
                    problems.append(ImportProblem(entry["line"], _("no such record")))
                    continue
                values = entry["values"]
                original = values["original_language"]
                for name in model.TRANSLATED_FIELDS:
                    columns = [column(model, name, code) for code in LANGUAGE_CODES]
                    if not any(c in values for c in columns):
                        continue
                    merged = {c: values.get(c, getattr(record, c)) for c in columns}
                    if (
                        model is not Meeting
                        and any(merged.values())
                        and not merged[column(model, name, original)]
                    ):
                        problems.append(
                            ImportProblem(entry["line"], _("the original text cannot be empty"))
                        )
                try:
                    changed = versioned_update(
                        instance=record,
                        expected_version=entry["version"],
                        values=values,
                        user=user,
                        reason=_("Translations imported from %(file)s") % {"file": source}
                        if source
                        else "",
                    )
                except StaleEdit as stale:
                    problems.append(ImportProblem(entry["line"], str(stale)))
                    continue
                if changed:
                    changes.append(ImportChange(record, changed))
            if problems or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    except ValidationError as error:
        problems.append(ImportProblem(0, "; ".join(error.messages)))
    return changes, problems


class _Rollback(Exception):
    """Undo the import's transaction (a problem found, or a dry run)."""
