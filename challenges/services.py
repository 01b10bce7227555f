"""Writes to the challenges taxonomy and tags (keyword-only, <thing>_<action>, atomic).

Every write saves through the model so django-simple-history records who, when and what; the
change reason ("created", "edited", "closed", "reopened", "retired" …) is kept with the record.
Validation errors are django.core.exceptions.ValidationError keyed by form field name, with
messages in the active language, so a form (ours or the outreach app's) can show them as they are.
"""

import csv
import datetime as dt
import io
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from challenges.models import Challenge, ChallengeTag, TagStatus
from states import dates
from states.models import State, Status
from states.versioning import lock_current, record_change, versioned_update

DATA_DIR = Path(__file__).resolve().parent / "data"

TOP_LEVEL_CODE = re.compile(r"^[1-9][0-9]?$")
SUB_ITEM_CODE = re.compile(r"^([1-9][0-9]?)\.[1-9][0-9]?$")

# The fields of a tag an edit may change (closing and reopening have their own functions).
TAG_EDITABLE_FIELDS = ("state", "challenge", "noted_on", "source", "document_symbol", "note")


def _day(value: dt.date) -> str:
    return date_format(value, "DATE_FORMAT")


# --- taxonomy -----------------------------------------------------------------------------------


@transaction.atomic
def taxonomy_load_report() -> list[str]:
    """Seed Annex A (load_reference_data hook): create missing items; keep every existing one.

    An item that exists is never rewritten (the Secretariat may have edited or retired it), except
    that an empty French or Spanish title is filled in.
    """
    text = (DATA_DIR / "annex_a.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    existing = {c.code: c for c in Challenge.objects.all()}
    created = filled = 0
    for row in rows:  # parents come before their sub-items in the file
        challenge = existing.get(row["code"])
        if challenge is None:
            parent_code = row["code"].partition(".")[0] if "." in row["code"] else None
            challenge = Challenge(
                code=row["code"],
                parent=existing[parent_code] if parent_code else None,
                title_en=row["title_en"],
                title_fr=row["title_fr"],
                title_es=row["title_es"],
            )
            challenge._change_reason = "Annex A seed"
            challenge.save()
            existing[row["code"]] = challenge
            created += 1
            continue
        missing = [f for f in ("title_fr", "title_es") if not getattr(challenge, f)]
        for name in missing:
            setattr(challenge, name, row[name])
        if missing:
            challenge._change_reason = "Annex A seed: translations"
            challenge.save(update_fields=missing)
            filled += 1
    return [
        f"Annex A taxonomy: {created} items created, {len(rows) - created} already present"
        + (f", {filled} translations filled in." if filled else ".")
    ]


@transaction.atomic
def challenge_create(*, code: str, title_en: str, title_fr: str = "", title_es: str = "", user):
    """Add an item: "11" (top level) or "6.5" (a sub-item of an existing top-level item "6")."""
    code = (code or "").strip()
    errors: dict[str, list[str]] = {}
    parent = None
    if TOP_LEVEL_CODE.match(code):
        pass
    elif match := SUB_ITEM_CODE.match(code):
        parent = Challenge.objects.top_level().filter(code=match.group(1)).first()
        if parent is None:
            errors["code"] = [
                _("There is no top-level item %(code)s for this sub-item.")
                % {"code": match.group(1)}
            ]
    else:
        errors["code"] = [
            _('A code is a number ("11") or a sub-item number ("6.5"), without spaces.')
        ]
    if "code" not in errors and Challenge.objects.filter(code=code).exists():
        errors["code"] = [_("The item %(code)s already exists.") % {"code": code}]
    if not (title_en or "").strip():
        errors["title_en"] = [_("The English title is required.")]
    if errors:
        raise ValidationError(errors)
    challenge = Challenge(
        code=code,
        parent=parent,
        title_en=title_en.strip(),
        title_fr=(title_fr or "").strip(),
        title_es=(title_es or "").strip(),
    )
    challenge._history_user = user
    challenge._change_reason = "created"
    challenge.save()
    return challenge


@transaction.atomic
def challenge_update(
    *,
    challenge: Challenge,
    title_en: str,
    title_fr: str,
    title_es: str,
    user,
    version: int,
):
    """Change an item's titles (its code and level never change: tags refer to them).

    `version` is the version the edit form was opened on: if the item has moved past it,
    StaleEdit (states.versioning) says who changed what since, and nothing is saved.
    """
    if not (title_en or "").strip():
        raise ValidationError({"title_en": [_("The English title is required.")]})
    values = {
        "title_en": title_en.strip(),
        "title_fr": (title_fr or "").strip(),
        "title_es": (title_es or "").strip(),
    }
    versioned_update(
        instance=challenge, expected_version=version, values=values, user=user, reason="edited"
    )
    return challenge


@transaction.atomic
def challenge_retire(*, challenge: Challenge, user, on: dt.date | None = None):
    """Retire an item: it keeps its tags and history, and is no longer offered for new tags."""
    if challenge.retired_on is not None:
        raise ValidationError(
            _("%(code)s has been retired since %(date)s.")
            % {"code": challenge.code, "date": _day(challenge.retired_on)}
        )
    challenge.retired_on = on or dates.today()
    challenge._history_user = user
    challenge._change_reason = "retired"
    challenge.save(update_fields=["retired_on"])
    return challenge


@transaction.atomic
def challenge_unretire(*, challenge: Challenge, user):
    """Offer a retired item for new tags again (a sub-item needs its top-level item active)."""
    if challenge.retired_on is None:
        raise ValidationError(_("%(code)s is not retired.") % {"code": challenge.code})
    if challenge.parent is not None and challenge.parent.retired_on is not None:
        raise ValidationError(
            _("%(code)s is part of the retired item %(parent)s: bring that back first.")
            % {"code": challenge.code, "parent": challenge.parent.code}
        )
    challenge.retired_on = None
    challenge._history_user = user
    challenge._change_reason = "unretired"
    challenge.save(update_fields=["retired_on"])
    return challenge


# --- tags ---------------------------------------------------------------------------------------


def state_party_since(state: State, on: dt.date) -> dt.date | None:
    """The entry-into-force date if `state` is a State Party on `on`, else None. One query."""
    row = (
        State.objects.with_record(on)
        .filter(pk=state.pk)
        .values_list("status", "deposit_date")
        .first()
    )
    if row is None or row[0] != Status.STATE_PARTY:
        return None
    from states import rules

    return rules.entry_into_force(row[1])


def challenge_tag_validate(
    *,
    state: State,
    challenge: Challenge,
    noted_on: dt.date,
    source: str = "",
    document_symbol: str = "",
    instance: ChallengeTag | None = None,
    today: dt.date | None = None,
) -> None:
    """Raise ValidationError (keyed by field) unless this tag may be recorded. At most 3 queries.

    Refused: a State Party on the date noted (the message names its entry into force), a date in
    the future, a retired item (for a new tag, or when changing the item), no evidence at all (a
    source or a document symbol), a second open tag of the same item for the same state.
    """
    today = today or dates.today()
    errors = _tag_errors(
        challenge=challenge,
        noted_on=noted_on,
        source=source,
        document_symbol=document_symbol,
        instance=instance,
        today=today,
    )
    for field, messages in _state_errors(
        state=state, challenge=challenge, noted_on=noted_on, instance=instance, today=today
    ).items():
        errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _tag_errors(*, challenge, noted_on, source, document_symbol, instance, today):
    """What is wrong with a tag whatever its state."""
    errors: dict[str, list[str]] = {}
    if noted_on > today:
        errors.setdefault("noted_on", []).append(_("The date noted cannot be in the future."))
    if instance is not None and instance.addressed_on and noted_on > instance.addressed_on:
        errors.setdefault("noted_on", []).append(
            _("The date noted cannot be after the date the tag was addressed (%(date)s).")
            % {"date": _day(instance.addressed_on)}
        )
    changing_item = instance is None or instance.challenge_id != challenge.pk
    if changing_item and not Challenge.objects.active().filter(pk=challenge.pk).exists():
        errors.setdefault("challenge", []).append(
            _("%(code)s is retired: it cannot be used for new tags.") % {"code": challenge.code}
        )
    if not (source or "").strip() and not (document_symbol or "").strip():
        errors.setdefault("source", []).append(
            _("Give the evidence: a source, a document symbol, or both.")
        )
    return errors


def _state_errors(*, state, challenge, noted_on, instance, today):
    """What is wrong with noting `challenge` for this state (each message names the state)."""
    errors: dict[str, list[str]] = {}
    if noted_on <= today:
        since = state_party_since(state, noted_on)
        if since is not None:
            errors.setdefault("state", []).append(
                _(
                    "%(state)s has been a State Party since %(date)s (entry into force): a challenge is noted only for a state that is not a State Party on the date noted."
                )
                % {"state": state.name, "date": _day(since)}
            )
    if instance is None or instance.is_open:
        duplicate = (
            ChallengeTag.objects.open()
            .filter(state=state, challenge=challenge)
            .exclude(pk=instance.pk if instance else None)
            .first()
        )
        if duplicate is not None:
            errors.setdefault("challenge", []).append(
                _(
                    "%(code)s is already noted for %(state)s and open since %(date)s: add the new evidence to that tag."
                )
                % {"code": challenge.code, "state": state.name, "date": _day(duplicate.noted_on)}
            )
    return errors


@transaction.atomic
def challenge_tag_create(
    *,
    state: State,
    challenge: Challenge,
    noted_on: dt.date,
    source: str = "",
    document_symbol: str = "",
    note: str = "",
    user,
) -> ChallengeTag:
    """Validate (challenge_tag_validate) and save a new open tag, recorded by `user`."""
    challenge_tag_validate(
        state=state,
        challenge=challenge,
        noted_on=noted_on,
        source=source,
        document_symbol=document_symbol,
    )
    tag = ChallengeTag(
        state=state,
        challenge=challenge,
        noted_on=noted_on,
        source=(source or "").strip(),
        document_symbol=(document_symbol or "").strip(),
        note=note or "",
        recorded_by=user,
    )
    tag._history_user = user
    tag._change_reason = "created"
    tag.save()
    return tag


@transaction.atomic
def challenge_tags_bulk_create(
    *,
    states,
    challenge: Challenge,
    noted_on: dt.date,
    source: str = "",
    document_symbol: str = "",
    note: str = "",
    user,
) -> list[ChallengeTag]:
    """One challenge for several states from one source: all or nothing.

    Every state is checked first; if any is refused, nothing is saved and the ValidationError
    lists each refused state by name ("states": one message per state).
    """
    states = list(states)
    today = dates.today()
    errors = _tag_errors(
        challenge=challenge,
        noted_on=noted_on,
        source=source,
        document_symbol=document_symbol,
        instance=None,
        today=today,
    )
    if not states:
        errors["states"] = [_("Choose at least one state.")]
    if not errors:
        for state in states:
            for messages in _state_errors(
                state=state, challenge=challenge, noted_on=noted_on, instance=None, today=today
            ).values():
                errors.setdefault("states", []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return [
        challenge_tag_create(
            state=state,
            challenge=challenge,
            noted_on=noted_on,
            source=source,
            document_symbol=document_symbol,
            note=note,
            user=user,
        )
        for state in states
    ]


@transaction.atomic
def challenge_tag_update(*, tag: ChallengeTag, version: int, user, **changes) -> ChallengeTag:
    """Edit a tag's item, state, date, evidence or note, if it is still at `version`
    (states.versioning: StaleEdit otherwise); only the fields that differ are saved.

    `changes` holds any of TAG_EDITABLE_FIELDS.
    """
    unknown = set(changes) - set(TAG_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {', '.join(sorted(unknown))}")

    def check(current):
        challenge_tag_validate(
            state=current.state,
            challenge=current.challenge,
            noted_on=current.noted_on,
            source=current.source,
            document_symbol=current.document_symbol,
            instance=current,
        )

    versioned_update(
        instance=tag,
        expected_version=version,
        values=changes,
        user=user,
        reason="edited",
        check=check,
    )
    return tag


@transaction.atomic
def challenge_tag_close(
    *, tag: ChallengeTag, addressed_on: dt.date, reason: str, user, version: int
) -> ChallengeTag:
    """Mark an open tag addressed on a date, saying why, if it is still at `version`
    (states.versioning: StaleEdit otherwise)."""
    current = lock_current(tag, version, fields=TAG_EDITABLE_FIELDS)
    errors: dict[str, list[str]] = {}
    if not current.is_open:
        raise ValidationError(
            _("This tag was already addressed on %(date)s.") % {"date": _day(current.addressed_on)}
        )
    if addressed_on < current.noted_on:
        errors["addressed_on"] = [
            _("A tag cannot be addressed before it was noted (%(date)s).")
            % {"date": _day(current.noted_on)}
        ]
    elif addressed_on > dates.today():
        errors["addressed_on"] = [_("The date addressed cannot be in the future.")]
    if not (reason or "").strip():
        errors["addressed_reason"] = [_("Say how the challenge was addressed.")]
    if errors:
        raise ValidationError(errors)
    current.status = TagStatus.ADDRESSED
    current.addressed_on = addressed_on
    current.addressed_reason = reason.strip()
    current.version += 1
    record_change(current, user=user, reason="closed")
    current.save(update_fields=["status", "addressed_on", "addressed_reason", "version"])
    return current


@transaction.atomic
def challenge_tag_reopen(*, tag: ChallengeTag, user) -> ChallengeTag:
    """Open an addressed tag again (the history keeps when and why it had been addressed).
    Not versioned: it edits nothing typed, and a tag open already is refused."""
    current = ChallengeTag.objects.select_for_update().get(pk=tag.pk)
    if current.is_open:
        raise ValidationError(_("This tag is already open."))
    duplicate = (
        ChallengeTag.objects.open()
        .filter(state_id=current.state_id, challenge_id=current.challenge_id)
        .first()
    )
    if duplicate is not None:
        raise ValidationError(
            _(
                "Another tag of the same item is open for this state since %(date)s: it cannot be reopened beside it."
            )
            % {"date": _day(duplicate.noted_on)}
        )
    current.status = TagStatus.OPEN
    current.addressed_on = None
    current.addressed_reason = ""
    current.version += 1
    record_change(current, user=user, reason="reopened")
    current.save(update_fields=["status", "addressed_on", "addressed_reason", "version"])
    return current
