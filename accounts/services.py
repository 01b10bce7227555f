"""Account management writes: invite, change role, deactivate, reactivate (issue 2, item 4).

Every function takes the acting user as `by`, records an AccountEvent, and raises
django.core.exceptions.ValidationError with a translated message when a rule refuses the change
(nothing is changed then). Each takes the account-management lock first (the Secretariat group
row, SELECT … FOR UPDATE), so concurrent changes are serialised: two Secretariat members
deactivating each other at the same moment cannot leave the portal without a Secretariat.
"""

import datetime as dt
import hashlib

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.models import AccountAction, AccountEvent, PasswordResetRequest, PortalUser
from accounts.roles import Role, forget_access

USERNAME_MAX = PortalUser._meta.get_field("username").max_length


def _lock_accounts():
    """Serialise account changes: lock the Secretariat group row until the transaction ends."""
    return Group.objects.select_for_update().get(name=Role.SECRETARIAT)


def _locked(user):
    """The account's row, re-read under a row lock (its state may have changed meanwhile)."""
    return PortalUser.objects.select_for_update().get(pk=user.pk)


def _role_of(user):
    """The user's role read fresh from the database ("" for none), Secretariat first."""
    names = set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
    return next((r.value for r in Role if r.value in names), "")


def _ensure_not_last_secretariat(user, message):
    """Refuse when `user` is the only active Secretariat account (the caller holds the lock)."""
    others = PortalUser.objects.active().in_role(Role.SECRETARIAT).exclude(pk=user.pk).exists()
    if user.is_active and _role_of(user) == Role.SECRETARIAT and not others:
        raise ValidationError(message, code="last_secretariat")


def _set_role(user, role):
    """Put the user in exactly one role group; other (non-role) groups are kept."""
    user.groups.remove(*Group.objects.filter(name__in=Role.values))
    user.groups.add(Group.objects.get(name=role))
    forget_access(user)
    user._portal_role = role


def email_is_taken(email, *, exclude_pk=None):
    qs = PortalUser.objects.filter(email__iexact=email.strip())
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def username_for_email(email):
    """A free username made from the e-mail address (lower case; "-2", "-3"… when taken)."""
    base = email.strip().lower()[:USERNAME_MAX]
    candidate, n = base, 1
    while PortalUser.objects.filter(username__iexact=candidate).exists():
        n += 1
        suffix = f"-{n}"
        candidate = base[: USERNAME_MAX - len(suffix)] + suffix
    return candidate


def invitation_link(user, *, base_url):
    """The one-time link that lets an invited person set their password."""
    path = reverse(
        "accounts:accept_invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def _send_invitation(user, *, by, base_url):
    context = {
        "user": user,
        "inviter": by.get_full_name() or by.username,
        "role": Role(_role_of(user)).label,
        "link": invitation_link(user, base_url=base_url),
    }
    subject = "".join(render_to_string("accounts/invitation_subject.txt", context).splitlines())
    body = render_to_string("accounts/invitation_email.txt", context)
    EmailMessage(subject, body, to=[user.email]).send()


@transaction.atomic
def account_invite(*, by, first_name, last_name, email, role, base_url):
    """Create an account without a usable password and e-mail it a one-time link.

    The e-mail address must be unused (case-insensitive). Sending happens inside the
    transaction: when the mail server refuses, no account is left behind.
    """
    _lock_accounts()
    email = PortalUser.objects.normalize_email(email.strip())
    if email_is_taken(email):
        raise ValidationError(
            _("An account with the e-mail address %(email)s exists already."),
            code="duplicate_email",
            params={"email": email},
        )
    role = Role(role)
    user = PortalUser(
        username=username_for_email(email),
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
    )
    user.set_unusable_password()
    user.save()
    _set_role(user, role)
    AccountEvent.objects.create(actor=by, subject=user, action=AccountAction.INVITED, role=role)
    _send_invitation(user, by=by, base_url=base_url)
    return user


@transaction.atomic
def account_invitation_resend(*, by, user, base_url):
    """Send a fresh one-time link to a person who has not set a password yet."""
    _lock_accounts()
    user = _locked(user)
    if user.has_usable_password():
        raise ValidationError(
            _("%(name)s has already set a password: there is no invitation to send again."),
            code="already_accepted",
            params={"name": user.get_full_name() or user.username},
        )
    if not user.is_active:
        raise ValidationError(
            _("This account is deactivated: reactivate it before sending the invitation again."),
            code="inactive",
        )
    AccountEvent.objects.create(
        actor=by, subject=user, action=AccountAction.INVITATION_RESENT, role=_role_of(user)
    )
    _send_invitation(user, by=by, base_url=base_url)
    return user


@transaction.atomic
def account_invitation_accept(*, user, password):
    """The invited person sets their password: the link stops working (its token changes)."""
    user = _locked(user)
    user.set_password(password)
    user.save(update_fields=["password"])
    AccountEvent.objects.create(
        actor=user, subject=user, action=AccountAction.INVITATION_ACCEPTED, role=_role_of(user)
    )
    return user


@transaction.atomic
def account_change_role(*, by, user, role):
    """Move the account to another role; the last active Secretariat account stays where it is."""
    role = Role(role)
    _lock_accounts()
    user = _locked(user)
    previous = _role_of(user)
    if previous == role:
        return user
    _ensure_not_last_secretariat(
        user,
        _(
            "%(name)s is the last active Secretariat account: give another person the "
            "Secretariat role first."
        )
        % {"name": user.get_full_name() or user.username},
    )
    _set_role(user, role)
    AccountEvent.objects.create(
        actor=by,
        subject=user,
        action=AccountAction.ROLE_CHANGED,
        previous_role=previous,
        role=role,
    )
    return user


@transaction.atomic
def account_deactivate(*, by, user):
    """Deactivate an account: its sessions stop working at the next request."""
    if user.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."), code="self")
    _lock_accounts()
    user = _locked(user)
    if not user.is_active:
        return user
    _ensure_not_last_secretariat(
        user,
        _(
            "%(name)s is the last active Secretariat account and cannot be deactivated: give "
            "another person the Secretariat role first."
        )
        % {"name": user.get_full_name() or user.username},
    )
    user.is_active = False
    user.save(update_fields=["is_active"])
    AccountEvent.objects.create(
        actor=by, subject=user, action=AccountAction.DEACTIVATED, role=_role_of(user)
    )
    return user


@transaction.atomic
def account_reactivate(*, by, user):
    """Let a deactivated account sign in again, in the role it had."""
    _lock_accounts()
    user = _locked(user)
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    AccountEvent.objects.create(
        actor=by, subject=user, action=AccountAction.REACTIVATED, role=_role_of(user)
    )
    return user


def _email_digest(email: str) -> str:
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()


@transaction.atomic
def password_reset_allowed(*, email: str, address: str | None) -> bool:
    """Whether a password-reset e-mail may go to `email` for a request from `address`: at most
    settings.WGTU_PASSWORD_RESET_PER_ACCOUNT e-mails per address typed and
    WGTU_PASSWORD_RESET_PER_ADDRESS per client address within WGTU_PASSWORD_RESET_WINDOW. Records
    the request either way (the person sees the same answer, so nothing is enumerated) and
    purges what is older than the window. Four queries."""
    now = timezone.now()
    since = now - settings.WGTU_PASSWORD_RESET_WINDOW
    PasswordResetRequest.objects.filter(created_at__lt=since).delete()
    digest = _email_digest(email)
    recent = PasswordResetRequest.objects.filter(created_at__gte=since, sent=True)
    allowed = recent.filter(
        email_digest=digest
    ).count() < settings.WGTU_PASSWORD_RESET_PER_ACCOUNT and (
        address is None
        or recent.filter(address=address).count() < settings.WGTU_PASSWORD_RESET_PER_ADDRESS
    )
    PasswordResetRequest.objects.create(email_digest=digest, address=address, sent=allowed)
    return allowed


def sign_in_records_purge(*, days: int, now=None) -> dict[str, int]:
    """Delete the sign-in records django-axes keeps once they are `days` old (sign-ins and
    sign-outs, failures and lockouts: what the audit trail shows), and the throttling counters
    whose cool-off has passed (they lock nobody out any more). Returns the rows deleted per kind."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    now = now or timezone.now()
    limit = now - dt.timedelta(days=days)
    return {
        "sign-ins": AccessLog.objects.filter(attempt_time__lt=limit).delete()[0],
        "failures": AccessFailureLog.objects.filter(attempt_time__lt=limit).delete()[0],
        "throttling": AccessAttempt.objects.filter(
            attempt_time__lt=now - settings.AXES_COOLOFF_TIME
        ).delete()[0],
    }
