"""Writes to the outreach log: each function is one transaction, all or nothing.

Recording or editing an activity saves the activity, its states, the challenge tags it notes
(through challenges.services.challenge_tag_create, which refuses a State Party), the stages of a
domestic procedure it notes (through pipeline.services.stage_entry_note, which checks them
against the ledger; the activity is their source), its follow-ups and its attachments together: a ValidationError anywhere rolls everything back, and files
already written to storage are removed again.

History: every save of an activity writes one historical record (simple_history) whose change
reason lists what changed in its collections (states, challenges and stages noted, follow-ups,
files);
changes to its own fields are read from the difference between consecutive records.
"""

import datetime as dt
import os
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from challenges.models import Challenge, ChallengeTag
from outreach.models import Attachment, FollowUp, OutreachActivity
from pipeline.models import ProcedureStage, StageEntry, Visibility
from pipeline.services import stage_entry_note
from states.dates import today
from states.models import State
from states.versioning import lock_current
from uploads.validators import validate_document

# The activity's own fields that the form edits (everything but its collections).
ACTIVITY_FIELDS = (
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


@dataclass(frozen=True)
class NotedChallenge:
    """A challenge noted for one of the activity's states during the activity."""

    state: State
    challenge: Challenge
    note: str = ""


@dataclass(frozen=True)
class NotedStage:
    """A stage of a domestic procedure noted for one of the activity's states: "before
    parliament since …" (`since`: the day it reached it; the activity's first day if None)."""

    state: State
    stage: ProcedureStage
    since: dt.date | None = None
    visibility: str = Visibility.INTERNAL
    note: str = ""


@dataclass(frozen=True)
class FollowUpChange:
    """A follow-up to add (followup=None), change, or delete (delete=True)."""

    action: str = ""
    owner: str = ""
    assignee: object = None
    due_on: dt.date | None = None
    followup: FollowUp | None = None
    delete: bool = False


@transaction.atomic
def activity_create(
    *,
    user,
    fields: dict,
    states: Iterable[State],
    noted: Sequence[NotedChallenge] = (),
    stages: Sequence[NotedStage] = (),
    followups: Sequence[FollowUpChange] = (),
    files: Sequence = (),
) -> OutreachActivity:
    """Record an activity with its states, challenges and stages noted, follow-ups and
    attachments."""
    states = list(states)
    activity = OutreachActivity(created_by=user, **_only_activity_fields(fields))
    _check_activity(activity, states, noted, stages)
    activity._history_user = user
    activity._change_reason = _describe(
        states_added=states, noted=noted, stages=stages, followups=followups, files=files
    )
    stored: list[str] = []
    try:
        activity.save()
        activity.states.set(states)
        _note_challenges(activity, noted, user)
        _note_stages(activity, stages, user)
        _apply_followups(activity, followups, user)
        _store_files(activity, files, user, stored)
    except BaseException:
        _delete_stored(stored)
        raise
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: OutreachActivity,
    user,
    expected_version: int,
    fields: dict,
    states: Iterable[State],
    noted: Sequence[NotedChallenge] = (),
    stages: Sequence[NotedStage] = (),
    followups: Sequence[FollowUpChange] = (),
    files: Sequence = (),
    remove_attachments: Sequence[Attachment] = (),
) -> OutreachActivity:
    """Save an edit made on a form opened at `expected_version`.

    Raises StaleEdit (states.versioning), whose message says what changed since, when someone
    else saved the activity in between; nothing is saved then.
    """
    current = lock_current(activity, expected_version, fields=ACTIVITY_FIELDS)
    states = list(states)
    for name, value in _only_activity_fields(fields).items():
        setattr(current, name, value)
    _check_activity(current, states, noted, stages)
    old_states = set(current.states.all())
    removed_files = [a for a in remove_attachments if a.activity_id == current.pk]
    current.version += 1
    current._history_user = user
    current._change_reason = _describe(
        states_added=[s for s in states if s not in old_states],
        states_removed=sorted(old_states - set(states), key=lambda s: s.iso3),
        noted=noted,
        stages=stages,
        followups=followups,
        files=files,
        removed_files=removed_files,
    )
    stored: list[str] = []
    try:
        current.save(update_fields=[*ACTIVITY_FIELDS, "version", "updated_at"])
        current.states.set(states)
        _note_challenges(current, noted, user)
        _note_stages(current, stages, user)
        _apply_followups(current, followups, user)
        for attachment in removed_files:
            _delete_attachment(attachment, user)
        _store_files(current, files, user, stored)
    except BaseException:
        _delete_stored(stored)
        raise
    activity.version = current.version
    return current


@transaction.atomic
def activity_delete(*, activity: OutreachActivity, user) -> int:
    """Delete an activity, its follow-ups and its attachments; return the number of tags kept.

    The challenge tags and stage entries it noted are kept unchanged, with their whole history:
    they only stop linking to it (the link rows belong to the activity).
    """
    kept = activity.challenge_tags.count()
    for followup in activity.followups.all():
        followup._history_user = user
        followup.delete()
    for attachment in activity.attachments.all():
        _delete_attachment(attachment, user)
    activity._history_user = user
    activity.delete()
    return kept


@transaction.atomic
def followup_mark_done(*, followup: FollowUp, user, on: dt.date | None = None) -> FollowUp:
    """Mark a follow-up done (on `on`, today by default); marking it again changes nothing."""
    if followup.done:
        return followup
    on = on or today()
    if on < followup.activity.start_date:
        raise ValidationError(_("A follow-up cannot be done before its activity took place."))
    followup.done = True
    followup.done_on = on
    followup._history_user = user
    followup.save(update_fields=["done", "done_on"])
    return followup


# --- helpers ----------------------------------------------------------------------------------


def _only_activity_fields(fields: dict) -> dict:
    return {name: fields[name] for name in ACTIVITY_FIELDS if name in fields}


def _check_activity(activity, states, noted, stages=()):
    errors = []
    try:
        activity.full_clean(exclude=["created_by"], validate_unique=False)
    except ValidationError as exc:
        errors.extend(exc.messages)
    if not states:
        errors.append(_("Choose at least one state concerned."))
    for item in noted:
        errors.extend(noted_state_errors(state=item.state, states=states, on=activity.start_date))
    chosen = {s.pk for s in states}
    for item in stages:
        if item.state.pk not in chosen:
            errors.append(
                _("%(state)s: a stage can only be noted for a state the activity concerns.")
                % {"state": item.state.name}
            )
        if item.since is not None and item.since > activity.last_date:
            errors.append(
                _("%(state)s: a stage noted during the activity cannot be dated after it.")
                % {"state": item.state.name}
            )
    if errors:
        raise ValidationError(errors)


def noted_state_errors(*, state: State, states: Iterable[State], on: dt.date | None) -> list[str]:
    """Why a challenge cannot be noted for `state` during an activity on `on` concerning `states`
    (empty: it can). The form asks the same in the same pass as its own checks, so every error is
    reported at once. At most one query (the state's status on `on`)."""
    from challenges.services import state_party_since

    if state.pk not in {s.pk for s in states}:
        return [
            _("%(state)s: a challenge can only be noted for a state the activity concerns.")
            % {"state": state.name}
        ]
    if on is None:
        return []
    if on > timezone.localdate():
        return [
            _("%(state)s: a challenge is noted once the activity has taken place.")
            % {"state": state.name}
        ]
    since = state_party_since(state, on)
    if since is not None:
        return [
            _(
                "%(state)s has been a State Party since %(date)s: a challenge is noted only for "
                "a state that is not a State Party on the activity's date."
            )
            % {"state": state.name, "date": date_format(since, "DATE_FORMAT")}
        ]
    return []


def _note_challenges(activity, noted, user) -> list[ChallengeTag]:
    # Imported here: challenges.services grows with the challenges pages (issue 5).
    from challenges.services import challenge_tag_create, state_party_since

    tags = []
    for item in noted:
        # One open tag per state and challenge (challenges app): a challenge already open for
        # the state gains this activity as further evidence instead of a second tag.
        existing = ChallengeTag.objects.open().filter(state=item.state, challenge=item.challenge)
        existing = existing.first()
        if existing is not None and state_party_since(item.state, activity.start_date) is None:
            tags.append(existing)
            continue
        try:
            tag = challenge_tag_create(
                state=item.state,
                challenge=item.challenge,
                noted_on=activity.start_date,
                source=activity.evidence_text(),
                note=item.note,
                user=user,
            )
        except ValidationError as exc:
            raise ValidationError(
                [
                    _("%(state)s, challenge %(code)s: %(error)s")
                    % {"state": item.state.name, "code": item.challenge.code, "error": message}
                    for message in exc.messages
                ]
            ) from exc
        tags.append(tag)
    if tags:
        activity.challenge_tags.add(*tags)
    return tags


def _note_stages(activity, stages, user) -> list[StageEntry]:
    """Record each stage noted, with the activity as its source; a stage already recorded for
    the state on that day is linked as it is (pipeline.services.stage_entry_note)."""
    entries = []
    for item in stages:
        try:
            entry = stage_entry_note(
                state=item.state,
                stage=item.stage,
                date=item.since or activity.start_date,
                source=activity.evidence_text(),
                visibility=item.visibility,
                note=item.note,
                user=user,
            )
        except ValidationError as exc:
            raise ValidationError(
                [
                    _("%(state)s, stage “%(stage)s”: %(error)s")
                    % {"state": item.state.name, "stage": item.stage.name, "error": message}
                    for message in exc.messages
                ]
            ) from exc
        entries.append(entry)
    if entries:
        activity.stage_entries.add(*entries)
    return entries


def _apply_followups(activity, changes, user):
    for change in changes:
        followup = change.followup
        if followup is not None and followup.activity_id != activity.pk:
            raise ValidationError(_("That follow-up belongs to another activity."))
        if change.delete:
            if followup is not None:
                followup._history_user = user
                followup.delete()
            continue
        if not change.action.strip():
            raise ValidationError(_("Each follow-up needs an action."))
        if followup is None:
            followup = FollowUp(activity=activity)
        followup.action, followup.assignee, followup.owner, followup.due_on = (
            change.action,
            change.assignee,
            change.owner,
            change.due_on,
        )
        followup._history_user = user
        followup.full_clean(exclude=["activity"])
        followup.save()


def _store_files(activity, files, user, stored: list[str]):
    for upload in files:
        kind = validate_document(upload)
        name = os.path.basename(getattr(upload, "name", "") or "attachment")[:200]
        attachment = Attachment(
            activity=activity,
            token=secrets.token_hex(16),
            original_name=name,
            format=kind,
            size=upload.size,
            uploaded_by=user,
        )
        attachment._history_user = user
        upload.seek(0)
        attachment.file.save(attachment_filename(attachment), upload, save=False)
        stored.append(attachment.file.name)
        attachment.save()


def attachment_filename(attachment) -> str:
    return f"{attachment.token}.{attachment.format}"


def _delete_attachment(attachment, user):
    name, storage = attachment.file.name, attachment.file.storage
    attachment._history_user = user
    attachment.delete()
    # The file goes only once the deletion is committed: a rollback keeps it.
    transaction.on_commit(lambda: storage.delete(name))


def _delete_stored(names):
    storage = Attachment._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


def _describe(
    *,
    states_added=(),
    states_removed=(),
    noted=(),
    stages=(),
    followups=(),
    files=(),
    removed_files=(),
) -> str:
    """The collection changes of one save, in words (stored as the history's change reason)."""
    parts = []
    if states_added:
        parts.append(_("states added: %s") % ", ".join(s.name for s in states_added))
    if states_removed:
        parts.append(_("states removed: %s") % ", ".join(s.name for s in states_removed))
    if noted:
        parts.append(
            _("challenges noted: %s")
            % ", ".join(f"{n.state.name} {n.challenge.code}" for n in noted)
        )
    if stages:
        parts.append(
            _("procedure stages noted: %s")
            % ", ".join(f"{n.state.iso3} {n.stage.code}" for n in stages)
        )
    added = [c.action for c in followups if c.followup is None and not c.delete]
    changed = [c.action for c in followups if c.followup is not None and not c.delete]
    deleted = [c.followup.action for c in followups if c.followup is not None and c.delete]
    if added:
        parts.append(_("follow-ups added: %s") % "; ".join(added))
    if changed:
        parts.append(_("follow-ups edited: %s") % "; ".join(changed))
    if deleted:
        parts.append(_("follow-ups removed: %s") % "; ".join(deleted))
    if files:
        parts.append(
            _("files attached: %s") % ", ".join(os.path.basename(f.name or "") for f in files)
        )
    if removed_files:
        parts.append(_("files removed: %s") % ", ".join(a.original_name for a in removed_files))
    return "; ".join(parts)
