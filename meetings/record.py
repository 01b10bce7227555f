"""The record of a meeting (issue 16): who took part (delegations of states and organizations,
with the names of individuals, which are internal) and, for the Secretariat, which delegation a
Delegate's account belongs to.

A state's treaty status on the meeting day is never stored: it is computed from the ledger
(State.objects.with_record(meeting.date)) whenever it is shown. Imported by meetings.models, so
Django registers these models with the app.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from states.models import State

STATE_KIND = "state"


class OrganizationKind(models.TextChoices):
    REGIONAL = "regional_organization", _("Regional organization")
    UN_REGIONAL_CENTRE = "un_regional_centre", _("UN Regional Centre")
    NGO = "ngo_think_tank", _("NGO / think tank")
    INDUSTRY = "industry", _("Industry")
    ATT_SECRETARIAT = "att_secretariat", _("ATT Secretariat")
    OTHER = "other", pgettext_lazy("organization kind", "Other")


class Organization(models.Model):
    """An organization that takes part in WGTU meetings (not a state)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=25, choices=OrganizationKind)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganizationKind.values), name="organization_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name


def _one_delegation():
    return models.CheckConstraint(
        condition=Q(state__isnull=False, organization__isnull=True)
        | Q(state__isnull=True, organization__isnull=False),
        name="%(class)s_state_or_organization",
        violation_error_message=_("Name either a state or an organization."),
    )


class DelegationMixin:
    """Records that name a delegation: a state or an organization."""

    @property
    def delegation(self):
        return self.state if self.state_id else self.organization

    @property
    def delegation_name(self) -> str:
        return self.state.name if self.state_id else self.organization.name

    @property
    def kind(self) -> str:
        return STATE_KIND if self.state_id else self.organization.kind


class ParticipationQuerySet(models.QuerySet):
    def with_delegations(self):
        return self.select_related("state", "organization")

    def in_meetings(self, meetings):
        return self.filter(meeting__in=meetings)


class Participation(DelegationMixin, models.Model):
    """One delegation's (or one of its members') participation in a meeting. The person and
    their role are internal: shown to the Secretariat and the Co-chairs only."""

    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("meeting"),
    )
    state = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("state"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("organization"),
    )
    person = models.CharField(
        _("person"), max_length=200, blank=True, help_text=_("Internal: staff only.")
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ParticipationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            _one_delegation(),
            # One row per delegation and person (none: the delegation itself) in a meeting; the
            # import finds a row again by this key, so a file imported twice changes nothing.
            models.UniqueConstraint(
                fields=["meeting", "state", "person"],
                condition=Q(state__isnull=False),
                name="participation_state_person_unique",
            ),
            models.UniqueConstraint(
                fields=["meeting", "organization", "person"],
                condition=Q(organization__isnull=False),
                name="participation_organization_person_unique",
            ),
        ]

    def __str__(self):
        return f"{self.delegation_name} ({self.meeting})"


class AccountDelegation(DelegationMixin, models.Model):
    """The delegation (a state or an organization) a Delegate's account belongs to, set by the
    Secretariat. It decides who may comment on a summary circulated for comments."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="delegation",
        verbose_name=_("account"),
    )
    state = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("state"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delegation of an account")
        verbose_name_plural = _("delegations of accounts")
        constraints = [_one_delegation()]

    def __str__(self):
        return f"{self.user} → {self.delegation_name}"


class PresenterQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("state", "organization", "slides")


class Presenter(DelegationMixin, models.Model):
    """Who presented under an agenda item (e.g. 31 May 2018: "Presentation of Defence Industry
    representative or NGO/think tank"): a delegation (a state or an organization), the person
    (optional, shown with the presentation), the title, and the slides as a document (the
    meetings' documents: uploaded and checked as every document; an internal document is shown
    to staff only)."""

    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.CASCADE,
        related_name="presenters",
        verbose_name=_("agenda item"),
    )
    state = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("state"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presentations",
        verbose_name=_("organization"),
    )
    person = models.CharField(_("person"), max_length=200, blank=True)
    title = models.CharField(_("title of the presentation"), max_length=300)
    slides = models.ForeignKey(
        "meetings.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="presentations",
        verbose_name=_("slides"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PresenterQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["agenda_item", "pk"]
        verbose_name = _("presenter")
        verbose_name_plural = _("presenters")
        constraints = [_one_delegation()]

    def __str__(self):
        return f"{self.title} ({self.delegation_name})"
