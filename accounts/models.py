from django.conf import settings
from django.contrib.auth.models import Group, User, UserManager
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role


class PortalUserQuerySet(models.QuerySet):
    def with_role(self):
        """Annotate `role`: the name of the user's role group ("" for none). One subquery, no join."""
        role_group = Group.objects.filter(user=OuterRef("pk"), name__in=Role.values)
        return self.annotate(role=Subquery(role_group.values("name")[:1]))

    def in_role(self, role):
        return self.filter(groups__name=role)

    def active(self):
        return self.filter(is_active=True)

    def inactive(self):
        return self.filter(is_active=False)

    def for_people_page(self):
        """Every account with its role, ordered by name: one query."""
        return self.with_role().order_by("last_name", "first_name", "username")


class PortalUserManager(UserManager.from_queryset(PortalUserQuerySet)):
    use_in_migrations = False


class PortalUser(User):
    """The portal's view of an account; carries the account-management permission."""

    objects = PortalUserManager()

    class Meta:
        proxy = True
        verbose_name = _("portal account")
        verbose_name_plural = _("portal accounts")
        permissions = [
            ("manage_accounts", _("Can invite people, change roles and deactivate accounts")),
            ("view_audit_trail", _("Can read the audit trail of every change and sign-in")),
        ]

    @property
    def is_invited(self):
        """Invited and not yet arrived: the one-time link has not been used."""
        return not self.has_usable_password()


class AccountEventQuerySet(models.QuerySet):
    def recent(self, limit=20):
        """The latest events with both people: one query."""
        return self.select_related("actor", "subject").order_by("-created_at", "-pk")[:limit]


class AccountAction(models.TextChoices):
    INVITED = "invited", _("invited")
    INVITATION_RESENT = "invitation_resent", _("invitation sent again")
    INVITATION_ACCEPTED = "invitation_accepted", _("invitation accepted")
    ROLE_CHANGED = "role_changed", _("role changed")
    DEACTIVATED = "deactivated", _("deactivated")
    REACTIVATED = "reactivated", _("reactivated")


class AccountEvent(models.Model):
    """One change to an account: who did what to whom, and when (append-only)."""

    Action = AccountAction

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="account_events_done",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="account_events",
    )
    action = models.CharField(_("action"), max_length=32, choices=AccountAction.choices)
    previous_role = models.CharField(
        _("previous role"), max_length=32, choices=Role.choices, blank=True
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)

    objects = AccountEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=AccountAction.values),
                name="accounts_event_action_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=["", *Role.values])
                & models.Q(previous_role__in=["", *Role.values]),
                name="accounts_event_roles_valid",
            ),
        ]

    def __str__(self):
        return self.summary

    @property
    def summary(self):
        """One translated sentence: who did what to whom."""
        actor = _person(self.actor) if self.actor_id else gettext("someone")
        subject = _person(self.subject)
        role = Role(self.role).label if self.role else ""
        previous = Role(self.previous_role).label if self.previous_role else gettext("no role")
        texts = {
            self.Action.INVITED: gettext("%(actor)s invited %(subject)s as %(role)s"),
            self.Action.INVITATION_RESENT: gettext(
                "%(actor)s sent the invitation to %(subject)s again"
            ),
            self.Action.INVITATION_ACCEPTED: gettext(
                "%(subject)s accepted the invitation and set a password"
            ),
            self.Action.ROLE_CHANGED: gettext(
                "%(actor)s changed the role of %(subject)s from %(previous)s to %(role)s"
            ),
            self.Action.DEACTIVATED: gettext("%(actor)s deactivated the account of %(subject)s"),
            self.Action.REACTIVATED: gettext("%(actor)s reactivated the account of %(subject)s"),
        }
        return texts[self.action] % {
            "actor": actor,
            "subject": subject,
            "role": role,
            "previous": previous,
        }


def _person(user):
    return user.get_full_name() or user.username


class PasswordResetRequest(models.Model):
    """One password-reset request, counted to limit the e-mails sent per account and per client
    address (accounts.services.password_reset_allowed). The address typed is kept only as a
    digest; rows older than the window are purged as new ones come."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    email_digest = models.CharField(_("e-mail digest"), max_length=64, db_index=True)
    address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    sent = models.BooleanField(_("e-mail sent"), default=False)

    class Meta:
        verbose_name = _("password-reset request")
        verbose_name_plural = _("password-reset requests")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.address or '-'}"


class Profile(models.Model):
    """What an account chose for itself: the language of its e-mails, and which e-mails it gets
    (accounts.views.ProfileView). An account without a row has the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    language = models.CharField(
        _("language of e-mails"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    email_followups = models.BooleanField(
        _("my follow-ups due within a week and overdue (daily, when there are any)"), default=True
    )
    email_weekly = models.BooleanField(
        _("a weekly summary of what changed (Co-chairs)"), default=True
    )
    email_reports = models.BooleanField(_("a report was published (with its link)"), default=False)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="accounts_profile_language_valid",
            ),
        ]

    def __str__(self):
        return str(self.user)


class DigestKind(models.TextChoices):
    FOLLOWUPS = "followups", _("follow-ups due")
    WEEKLY = "weekly", _("weekly summary")
    REPORTS = "reports", _("report published")


class DigestSent(models.Model):
    """One e-mail of a kind sent to an account on a day: the unique row is claimed before the
    e-mail goes, so however often `send_digests` runs, an account gets at most one of each kind
    a day (dashboard.digests)."""

    Kind = DigestKind

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests_sent"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DigestKind.choices)
    date = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail sent")
        verbose_name_plural = _("e-mails sent")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "date"], name="accounts_digest_once_a_day"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=DigestKind.values), name="accounts_digest_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.kind} {self.date}"
