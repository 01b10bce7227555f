"""States and their ATT record: dated treaty actions, from which every status is derived.

Nothing derived is stored: entry into force (Art. 22) and the status on a date are computed from
the action dates, so they can never disagree with the rules in states/rules.py.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from states import notifications, rules
from states.kinds import DEPOSIT_KINDS, ActionKind


class Region(models.TextChoices):
    AFRICA = "Africa", _("Africa")
    AMERICAS = "Americas", _("Americas")
    ASIA = "Asia", _("Asia")
    EUROPE = "Europe", _("Europe")
    OCEANIA = "Oceania", _("Oceania")


class Status(models.TextChoices):
    STATE_PARTY = "state_party", _("State Party")
    RATIFIED_NOT_IN_FORCE = "ratified_not_in_force", _("Deposited, not yet in force")
    SIGNATORY = "signatory", _("Signatory")
    NON_SIGNATORY = "non_signatory", _("Not signed")


class UNStatus(models.TextChoices):
    MEMBER = "member", _("UN member state")
    OBSERVER = "observer", _("UN non-member observer state")
    NEITHER = "neither", _("Neither")


@dataclass
class StatusCounts:
    """Counts by status, overall and per region, on one date."""

    as_of: dt.date
    totals: dict[str, int] = field(default_factory=dict)
    by_region: dict[str, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def counted(cls, on: dt.date, rows) -> "StatusCounts":
        """The counts of (region, status, n) rows."""
        counts = cls(
            as_of=on,
            totals={s.value: 0 for s in Status},
            by_region={r.value: {s.value: 0 for s in Status} for r in Region},
        )
        for region, status, n in rows:
            counts.by_region[region][status] += n
            counts.totals[status] += n
        return counts

    @classmethod
    def of(cls, on: dt.date, states) -> "StatusCounts":
        """The counts of `states` (annotated by with_record(on), with their region): what
        counts_on(on) answers for the same states, without a query of its own. The pages that
        fetch every state's record anyway (the status page, the dashboard) count them so."""
        return cls.counted(on, ((state.region, state.status, 1) for state in states))

    @property
    def deposited(self) -> int:
        return self.totals[Status.STATE_PARTY] + self.totals[Status.RATIFIED_NOT_IN_FORCE]

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    def as_dict(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            **self.totals,
            "by_region": self.by_region,
        }


class StateQuerySet(models.QuerySet):
    def with_record(self, on: dt.date):
        """Annotate each state with its record as known on `on` and its status that day.

        Adds signature_date, deposit_date, deposit_type, withdrawn (a withdrawal in effect),
        intends_not_to_be_party, and status. One query however many states (correlated subqueries).
        """
        actions = TreatyAction.objects.filter(state=OuterRef("pk"), date__lte=on)
        deposit = actions.filter(kind__in=TreatyAction.DEPOSIT_KINDS).order_by("-date")
        withdrawn = actions.filter(
            kind=TreatyAction.Kind.WITHDRAWAL, date__lte=rules.shifted(on, -rules.NINETY_DAYS)
        ).filter(Q(named_effective_date__isnull=True) | Q(named_effective_date__lte=on))
        qs = self.annotate(
            signature_date=Subquery(
                actions.filter(kind=TreatyAction.Kind.SIGNATURE).values("date")[:1]
            ),
            deposit_date=Subquery(deposit.values("date")[:1]),
            deposit_type=Subquery(deposit.values("kind")[:1]),
            withdrawn=Exists(withdrawn),
            intends_not_to_be_party=Exists(
                actions.filter(kind=TreatyAction.Kind.INTENTION_NOT_PARTY)
            ),
        )
        cutoff = rules.in_force_cutoff(on)
        in_force = Q(deposit_date__lte=cutoff) if cutoff else Q(pk__in=[])
        return qs.annotate(
            status=Case(
                When(Q(withdrawn=False) & in_force, then=Value(Status.STATE_PARTY.value)),
                When(
                    Q(withdrawn=False, deposit_date__isnull=False),
                    then=Value(Status.RATIFIED_NOT_IN_FORCE.value),
                ),
                When(signature_date__isnull=False, then=Value(Status.SIGNATORY.value)),
                default=Value(Status.NON_SIGNATORY.value),
                output_field=models.CharField(),
            )
        )

    def status_on(self, on: dt.date, status: str | None = None):
        """The states (annotated as with_record) that have `status` on `on`, or all of them."""
        qs = self.with_record(on)
        return qs.filter(status=status) if status else qs

    def parties(self, on: dt.date):
        return self.status_on(on, Status.STATE_PARTY)

    def non_parties(self, on: dt.date):
        """States for which the treaty is not in force on `on` (the WGTU's audience)."""
        return self.with_record(on).exclude(status=Status.STATE_PARTY)

    def in_region(self, region: str | None):
        return self.filter(region=region) if region else self

    def counts_on(self, on: dt.date) -> StatusCounts:
        """Counts by status and by region on `on`, in one aggregate query."""
        rows = (
            self.with_record(on)
            .order_by()
            .values("region", "status")
            .annotate(n=Count("pk"))
            .values_list("region", "status", "n")
        )
        return StatusCounts.counted(on, rows)

    def search(self, text: str):
        """Code or name (in any of the three languages) containing `text`."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(iso3__iexact=text)
            | Q(name_en__icontains=text)
            | Q(name_fr__icontains=text)
            | Q(name_es__icontains=text)
        )


class State(models.Model):
    iso3 = models.CharField(_("ISO 3166 code"), max_length=3, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=120, blank=True)
    region = models.CharField(_("ATT region"), max_length=10, choices=Region)
    un_status = models.CharField(
        _("UN status"), max_length=10, choices=UNStatus, default=UNStatus.MEMBER
    )
    subregion = models.CharField(_("UN M49 sub-region"), max_length=60, blank=True)

    objects = StateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("state")
        verbose_name_plural = _("states")
        constraints = [
            models.CheckConstraint(
                condition=Q(region__in=Region.values), name="state_region_valid"
            ),
            models.CheckConstraint(
                condition=Q(un_status__in=UNStatus.values), name="state_un_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(iso3__regex=r"^[A-Z]{3}$"), name="state_iso3_three_capitals"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("states:detail", args=[self.iso3])

    @property
    def name(self) -> str:
        """The name in the active language (English when no translation is recorded)."""
        language = (get_language() or "en")[:2]
        return getattr(self, f"name_{language}", "") or self.name_en

    @property
    def entry_into_force_date(self) -> dt.date | None:
        """Art. 22 date for the deposit annotated by StateQuerySet.with_record."""
        deposit = getattr(self, "deposit_date", None)
        return rules.entry_into_force(deposit) if deposit else None


class TreatyActionQuerySet(models.QuerySet):
    def deposits(self):
        return self.filter(kind__in=TreatyAction.DEPOSIT_KINDS)

    def signatures_between(self, after: dt.date, until: dt.date):
        """Signatures dated after `after`, up to and including `until`."""
        return self.filter(kind=TreatyAction.Kind.SIGNATURE, date__gt=after, date__lte=until)

    def deposits_between(self, after: dt.date, until: dt.date):
        return self.deposits().filter(date__gt=after, date__lte=until)

    def entries_into_force_between(self, after: dt.date, until: dt.date):
        """Deposits whose entry into force (Art. 22) falls after `after`, up to `until`."""
        new, old = rules.in_force_cutoff(until), rules.in_force_cutoff(after)
        if new is None:
            return self.none()
        qs = self.deposits().filter(date__lte=new)
        return qs.filter(date__gt=old) if old else qs


class TreatyAction(models.Model):
    """A dated event of a state's ATT record."""

    Kind = ActionKind

    DEPOSIT_KINDS = DEPOSIT_KINDS

    state = models.ForeignKey(
        State, on_delete=models.CASCADE, related_name="actions", verbose_name=_("state")
    )
    kind = models.CharField(_("action"), max_length=32, choices=Kind)
    date = models.DateField(_("date"))
    named_effective_date = models.DateField(
        _("takes effect on (if later)"),
        null=True,
        blank=True,
        help_text=_("Withdrawal only: a date later than 90 days after the notification."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    cn_reference = models.CharField(
        _("depositary notification (C.N.)"),
        max_length=40,
        blank=True,
        validators=[notifications.validate_cn_reference],
        help_text=_("The UN depositary's reference, e.g. C.N.266.2013.TREATIES-XXVI.8."),
    )
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = TreatyActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["state", "date", "pk"]
        verbose_name = _("treaty action")
        verbose_name_plural = _("treaty actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ActionKind.values), name="action_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(date__gte=rules.OPENED_FOR_SIGNATURE), name="action_after_opening"
            ),
            # Art. 20: open for signature until the treaty's entry into force.
            models.CheckConstraint(
                condition=~Q(kind="signature") | Q(date__lte=rules.TREATY_ENTRY_INTO_FORCE),
                name="signature_until_entry_into_force",
            ),
            models.CheckConstraint(
                condition=Q(named_effective_date__isnull=True)
                | Q(kind="withdrawal", named_effective_date__gt=models.F("date")),
                name="named_effective_date_withdrawal_only",
            ),
            models.CheckConstraint(
                condition=Q(cn_reference="") | Q(cn_reference__regex=notifications.PATTERN),
                name="action_cn_reference_valid",
            ),
            models.UniqueConstraint(
                fields=["state"], condition=Q(kind="signature"), name="one_signature_per_state"
            ),
            models.UniqueConstraint(
                fields=["state"],
                condition=Q(kind__in=["ratification", "acceptance", "approval", "accession"]),
                name="one_deposit_per_state",
            ),
            models.UniqueConstraint(
                fields=["state", "kind"],
                condition=Q(
                    kind__in=[
                        "withdrawal",
                        "intention_not_to_become_party",
                        "provisional_application",
                    ]
                ),
                name="one_notification_of_each_kind_per_state",
            ),
        ]

    def __str__(self):
        return f"{self.state.iso3} {self.get_kind_display()} {self.date.isoformat()}"

    @property
    def is_deposit(self) -> bool:
        return self.kind in self.DEPOSIT_KINDS

    @property
    def effective_date(self) -> dt.date | None:
        """Entry into force for a deposit (Art. 22), effect of a withdrawal (Art. 25)."""
        if self.is_deposit:
            return rules.entry_into_force(self.date)
        if self.kind == self.Kind.WITHDRAWAL:
            return rules.withdrawal_effective(self.date, self.named_effective_date)
        return None

    @property
    def cn_url(self) -> str | None:
        """The UN Treaty Collection's page (PDF) of its depositary notification, if recorded."""
        return notifications.cn_url(self.cn_reference)

    def as_record(self) -> rules.ActionRecord:
        return rules.ActionRecord(self.kind, self.date, self.named_effective_date)
