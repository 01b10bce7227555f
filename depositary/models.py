"""The depositary check: names the depositary uses, each check made, and states' declarations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from states.models import State


class DepositaryNameQuerySet(models.QuerySet):
    def mapping(self) -> dict[str, State]:
        """Normalised name → state, for every name (one query)."""
        from depositary.names import normalise

        return {normalise(n.name): n.state for n in self.select_related("state")}


class DepositaryName(models.Model):
    """A name under which the depositary lists a state (current, older or another spelling).

    Data, not code: the Secretariat adds a name when the depositary's file uses a new one.
    """

    name = models.CharField(_("name in the depositary's file"), max_length=200, unique=True)
    state = models.ForeignKey(
        State,
        on_delete=models.CASCADE,
        related_name="depositary_names",
        verbose_name=_("state"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = DepositaryNameQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("depositary name")
        verbose_name_plural = _("depositary names")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="depositary_name_unique_any_case"),
        ]

    def __str__(self):
        return self.name


class DepositaryCheckQuerySet(models.QuerySet):
    def recent(self):
        return self.select_related("checked_by", "applied_by").order_by("-checked_at")


class DepositaryCheck(models.Model):
    """One file received from the depositary (uploaded, or fetched by the sync) and checked; kept
    until (and after) it is applied. `as_of` is the file's own date; `compared_on` the date the
    portal was compared on (the file's date unless a later one was asked for)."""

    file_name = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("file content"))
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    source_url = models.URLField(_("fetched from"), max_length=500, blank=True)
    fetched_at = models.DateTimeField(_("fetched at"), null=True, blank=True)
    as_of = models.DateField(_("status as of"))
    as_of_origin = models.CharField(_("date taken from"), max_length=20, blank=True)
    compared_on = models.DateField(_("compared with the portal on"), null=True, blank=True)
    signatories = models.PositiveIntegerField(_("signatories (file)"), null=True, blank=True)
    parties = models.PositiveIntegerField(_("parties (file)"), null=True, blank=True)
    differences_found = models.PositiveIntegerField(_("differences found"), default=0)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    checked_at = models.DateTimeField(_("checked at"), auto_now_add=True)
    applied = models.JSONField(_("differences applied"), default=list, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applied by"),
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    objects = DepositaryCheckQuerySet.as_manager()

    class Meta:
        ordering = ["-checked_at"]
        verbose_name = _("depositary check")
        verbose_name_plural = _("depositary checks")

    def __str__(self):
        return f"{self.file_name} ({self.as_of.isoformat()})"

    @property
    def source(self) -> str:
        """How an action taken from this file names its source (TreatyAction.source)."""
        return f"UNTC {self.file_name} ({self.as_of.isoformat()}), check {self.pk}"[:200]

    @property
    def comparison_date(self):
        return self.compared_on or self.as_of


class SyncOutcome(models.TextChoices):
    AGREES = "agrees", _("No differences")
    DIFFERENCES = "differences", _("Differences found")
    UNCHANGED = "unchanged", _("Unchanged since the last sync")
    FAILED = "failed", _("Could not fetch or read the file")


class DepositarySyncQuerySet(models.QuerySet):
    def successful(self):
        return self.exclude(outcome=SyncOutcome.FAILED)

    def latest_first(self):
        return self.order_by("-started_at", "-pk")


class DepositarySync(models.Model):
    """One run of the scheduled sync (manage.py sync_depositary, or "Check now"): the file fetched
    from the depositary, compared with the portal on the day it was fetched. A failed run records
    why and points to no check. The latest successful run is the portal's freshness
    (depositary.selectors.freshness); its count of differences awaiting review is refreshed after
    an apply (with history, so the cached pages that show it change version)."""

    Outcome = SyncOutcome

    started_at = models.DateTimeField(_("started at"))
    url = models.URLField(_("URL"), max_length=500)
    outcome = models.CharField(_("outcome"), max_length=20, choices=SyncOutcome)
    message = models.CharField(_("why it failed"), max_length=500, blank=True)
    check_made = models.ForeignKey(
        DepositaryCheck,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="syncs",
        verbose_name=_("check"),
    )
    checked_on = models.DateField(_("compared with the portal on"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    differences_pending = models.PositiveIntegerField(_("differences awaiting review"), default=0)
    newer_than_file = models.PositiveIntegerField(_("portal events newer than the file"), default=0)
    notified = models.BooleanField(_("Secretariat e-mailed"), default=False)

    objects = DepositarySyncQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("depositary sync")
        verbose_name_plural = _("depositary syncs")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=SyncOutcome.values), name="depositary_sync_outcome_valid"
            ),
            # A failed run records no check; a successful one always does, with its date.
            models.CheckConstraint(
                condition=Q(outcome="failed", check_made__isnull=True, checked_on__isnull=True)
                | (~Q(outcome="failed") & Q(checked_on__isnull=False)),
                name="depositary_sync_failed_has_no_check",
            ),
        ]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.outcome}"


class DeclarationKind(models.TextChoices):
    DECLARATION = "declaration", _("Declaration")
    RESERVATION = "reservation", _("Reservation")
    OBJECTION = "objection", _("Objection")
    NOTE = "note", _("Depositary note")


class StateDeclarationQuerySet(models.QuerySet):
    def known_on(self, on):
        return self.filter(as_of__lte=on)


class StateDeclaration(models.Model):
    """A declaration, reservation or depositary note of a state, as the depositary publishes it.

    Public treaty information, shown on the state's page.
    """

    Kind = DeclarationKind

    state = models.ForeignKey(
        State,
        on_delete=models.CASCADE,
        related_name="depositary_declarations",
        verbose_name=_("state"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DeclarationKind)
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    text = models.TextField(_("text"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    source = models.CharField(_("source"), max_length=200)
    as_of = models.DateField(_("published as of"))

    objects = StateDeclarationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["state", "position", "pk"]
        verbose_name = _("declaration or reservation")
        verbose_name_plural = _("declarations and reservations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DeclarationKind.values), name="declaration_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.state.iso3} {self.get_kind_display()} {self.position}"
