"""Writes and scoped reads of the summaries workflow (meetings.summaries): create, edit (a new
version), circulate for comments with a deadline, make final, comment. Each write locks the
summary's row and checks the version its form was opened on (states.versioning): a stale edit
is refused, nothing saved.

The text is held in three languages (meetings.translated): each write takes the three texts and
the original language (`texts`), and each version keeps them. A Final summary's original is
fixed; its translations may still be added or corrected (a new version each time), so the public
summary reaches its French and Spanish readers without being reopened."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from accounts.roles import Role, role_of
from meetings.models import INTERNAL_PERMISSION, Meeting
from meetings.record import AccountDelegation, Participation
from meetings.summaries import Summary, SummaryComment, SummaryState, SummaryVersion
from meetings.translated import LANGUAGE_CODES, column, translation_columns
from states.dates import today
from states.versioning import lock_current, record_change

TEXT_FIELDS = translation_columns(Summary)  # text, text_fr, text_es
LANGUAGE_FIELDS = ["original_language", "unofficial_translation"]
EDITED_FIELDS = [*LANGUAGE_FIELDS, *TEXT_FIELDS]  # what the summary's form edits
FIELDS = [*TEXT_FIELDS, *LANGUAGE_FIELDS, "state", "deadline"]


def _check_texts(texts: dict) -> dict:
    """`texts` with every text stripped of surrounding blanks; the original's text required."""
    unknown = set(texts) - set(EDITED_FIELDS)
    if unknown:
        raise TypeError(f"unknown summary fields: {sorted(unknown)}")
    original = texts.get("original_language") or "en"
    if original not in LANGUAGE_CODES:
        raise ValidationError(_("The original language must be English, French or Spanish."))
    values = {name: (texts.get(name) or "").strip() for name in TEXT_FIELDS}
    if not values[column(Summary, "text", original)]:
        raise ValidationError(_("The text in the original language is required."))
    return {
        **values,
        "original_language": original,
        "unofficial_translation": bool(texts.get("unofficial_translation")),
    }


def reads_all_summaries(user) -> bool:
    """Staff (the Secretariat, the Co-chairs) read every summary in every state."""
    return user.has_perm(INTERNAL_PERMISSION)


def commenting_delegation(user, meeting: Meeting):
    """The delegation of `user` (a Delegate) if it took part in `meeting`, else None. Two
    queries at most."""
    if role_of(user) != Role.DELEGATES:
        return None
    delegation = (
        AccountDelegation.objects.filter(user=user).select_related("state", "organization").first()
    )
    if delegation is None:
        return None
    took_part = Participation.objects.filter(meeting=meeting).filter(
        Q(state_id=delegation.state_id, state__isnull=False)
        | Q(organization_id=delegation.organization_id, organization__isnull=False)
    )
    return delegation if took_part.exists() else None


def may_comment(user, summary: Summary) -> bool:
    """Co-chairs, and Delegates of a delegation that took part in the meeting, while the summary
    is circulated and its deadline not passed."""
    if not summary.is_circulated or summary.deadline < today():
        return False
    if role_of(user) == Role.COCHAIRS:
        return True
    return commenting_delegation(user, summary.meeting) is not None


def summaries_visible_to(user, meeting: Meeting):
    """The summaries of `meeting` that `user` may read: all for staff; Final ones, and the
    circulated ones they may comment on, for a Delegate."""
    summaries = Summary.objects.of_meeting(meeting)
    if reads_all_summaries(user):
        return summaries
    if commenting_delegation(user, meeting) is not None:
        return summaries.filter(state__in=[SummaryState.FINAL, SummaryState.CIRCULATED])
    return summaries.final()


def summary_for(user, pk: int) -> Summary:
    """The summary `pk` if `user` may read it (Summary.DoesNotExist otherwise): the scoped lookup
    of every summary view."""
    summary = Summary.objects.select_related("meeting__plan", "agenda_item").get(pk=pk)
    meetings = Meeting.objects.visible_to(user)
    if not meetings.filter(pk=summary.meeting_id).exists():
        raise Summary.DoesNotExist
    if reads_all_summaries(user) or summary.is_final:
        return summary
    if summary.is_circulated and commenting_delegation(user, summary.meeting) is not None:
        return summary
    raise Summary.DoesNotExist


def _new_version(summary: Summary, user) -> SummaryVersion:
    last = summary.versions.aggregate(n=Max("number"))["n"] or 0
    record = SummaryVersion(
        summary=summary,
        number=last + 1,
        state=summary.state,
        author=user,
        original_language=summary.original_language,
        **{name: getattr(summary, name) for name in TEXT_FIELDS},
    )
    record_change(record, user=user)
    record.save()
    return record


@transaction.atomic
def summary_create(*, meeting: Meeting, agenda_item=None, user, **texts) -> Summary:
    """A new Draft summary of `meeting` (or of one of its agenda items), its version 1.
    `texts`: text, text_fr, text_es, original_language ("en" when not said) and
    unofficial_translation; the original's text is required."""
    texts = _check_texts(texts)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(_("This agenda item belongs to another meeting."))
    exists = Summary.objects.filter(meeting=meeting, agenda_item=agenda_item).exists()
    if exists:
        raise ValidationError(_("This summary exists already: edit it."))
    summary = Summary(meeting=meeting, agenda_item=agenda_item, **texts)
    record_change(summary, user=user, reason=_("Summary drafted in the portal"))
    summary.save()
    _new_version(summary, user)
    return summary


def _save(current: Summary, changed: list[str], user, reason: str) -> None:
    current.version += 1
    record_change(current, user=user, reason=reason)
    current.save(update_fields=[*changed, "version"])


@transaction.atomic
def summary_edit(*, summary: Summary, expected_version: int, user, **texts) -> list[str]:
    """Save new texts (as summary_create takes them; a text not given is empty): a new version, in the summary's current state, when
    any language's text changed (a translation alone included). A Final summary keeps its
    original (its text and language): only its translations change. Returns the fields changed
    ([]: nothing saved); the translations' flag alone changes no text and makes no version."""
    texts = _check_texts(texts)
    current = lock_current(summary, expected_version, fields=FIELDS)
    if current.is_final:
        original = current.original_language
        original_column = column(Summary, "text", original)
        if (
            texts["original_language"] != original
            or texts[original_column] != (getattr(current, original_column) or "").strip()
        ):
            raise ValidationError(
                _(
                    "A final summary is not edited any more. Only its translations can be added "
                    "or corrected."
                )
            )
        texts[original_column] = getattr(current, original_column)
    changed = [name for name, value in texts.items() if getattr(current, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(current, name, texts[name])
    _save(current, changed, user, _("Summary edited in the portal"))
    if any(name in TEXT_FIELDS or name == "original_language" for name in changed):
        _new_version(current, user)
    for name in [*changed, "version"]:
        setattr(summary, name, getattr(current, name))
    return changed


@transaction.atomic
def summary_circulate(
    *, summary: Summary, expected_version: int, deadline: dt.date, user
) -> Summary:
    """Circulate a Draft for comments until `deadline` (or move the deadline of a circulated
    summary). The deadline is today or later."""
    current = lock_current(summary, expected_version, fields=FIELDS)
    if current.is_final:
        raise ValidationError(_("A final summary is not circulated again."))
    if deadline < today():
        raise ValidationError(_("The deadline for comments cannot be in the past."))
    current.state, current.deadline = SummaryState.CIRCULATED, deadline
    _save(current, ["state", "deadline"], user, _("Circulated for comments"))
    return current


@transaction.atomic
def summary_finalize(*, summary: Summary, expected_version: int, user) -> Summary:
    """Make a circulated summary Final: from now on it is public."""
    current = lock_current(summary, expected_version, fields=FIELDS)
    if not current.is_circulated:
        raise ValidationError(_("Only a summary circulated for comments can be made final."))
    current.state = SummaryState.FINAL
    _save(current, ["state"], user, _("Made final"))
    return current


@transaction.atomic
def summary_comment(*, summary: Summary, user, text: str) -> SummaryComment:
    """Record `user`'s comment against the summary's latest version (may_comment decides)."""
    current = Summary.objects.select_for_update().select_related("meeting").get(pk=summary.pk)
    if not may_comment(user, current):
        raise ValidationError(_("Comments on this summary are closed, or not yours to make."))
    delegation = commenting_delegation(user, current.meeting)
    version = current.versions.order_by("-number").first()
    comment = SummaryComment(
        version=version,
        author=user,
        text=text,
        delegation_name=delegation.delegation_name if delegation else "",
    )
    record_change(comment, user=user)
    comment.save()
    return comment
