"""Annex A of the CSP4 work plan: challenges to universalization, and their tags on states.

A ChallengeTag notes a challenge for a state that is not a State Party on the day it is noted.
Its evidence is a free-text source or a document symbol; an outreach activity that noted it links
to it from the outreach app (the activity owns that link, so this app never imports outreach:
tag.outreach_activities is the reverse relation).
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from states import rules
from states.dates import today
from states.models import State, TreatyAction


class ChallengeQuerySet(models.QuerySet):
    def active(self):
        """Items offered for new tags: not retired, and not under a retired top-level item."""
        return self.filter(retired_on__isnull=True).exclude(parent__retired_on__isnull=False)

    def retired(self):
        return self.exclude(pk__in=self.model.objects.active().values("pk"))

    def top_level(self):
        return self.filter(parent__isnull=True)

    def sub_items(self):
        return self.filter(parent__isnull=False)

    def by_code(self, code: str):
        return self.filter(code=code)


class Challenge(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    sort_key = models.PositiveIntegerField(editable=False, db_index=True)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    retired_on = models.DateField(
        _("retired on"),
        null=True,
        blank=True,
        help_text=_(
            "A retired item keeps its history and its tags but cannot be used for new tags."
        ),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ChallengeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        constraints = [
            # "6" is a top-level challenge; "6.2" is a sub-item of "6".
            models.CheckConstraint(
                condition=Q(parent__isnull=True, code__regex=r"^[1-9][0-9]?$")
                | Q(parent__isnull=False, code__regex=r"^[1-9][0-9]?\.[1-9][0-9]?$"),
                name="challenge_code_matches_level",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs):
        self.sort_key = self.sort_key_for(self.code)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("challenges:challenge", args=[self.code])

    @staticmethod
    def sort_key_for(code: str) -> int:
        major, _dot, minor = code.partition(".")
        return int(major) * 100 + (int(minor) if minor else 0)

    @property
    def title(self) -> str:
        language = (get_language() or "en")[:2]
        return getattr(self, f"title_{language}", "") or self.title_en

    @property
    def level(self) -> int:
        return 1 if self.parent_id is None else 2

    @property
    def is_retired(self) -> bool:
        return self.retired_on is not None

    @property
    def is_top_level(self) -> bool:
        return self.parent_id is None


class TagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ADDRESSED = "addressed", _("Addressed")


class ChallengeTagQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=TagStatus.OPEN)

    def addressed(self):
        return self.filter(status=TagStatus.ADDRESSED)

    def for_state(self, state):
        return self.filter(state=state)

    def for_challenge(self, challenge):
        """Tags of `challenge`; a top-level item also gathers its sub-items' tags."""
        if challenge.parent_id is None:
            return self.filter(Q(challenge=challenge) | Q(challenge__parent=challenge))
        return self.filter(challenge=challenge)

    def in_region(self, region: str | None):
        return self.filter(state__region=region) if region else self

    def open_on(self, on: dt.date):
        """Tags noted by `on` and not addressed by then, for states not yet parties on `on`.

        A tag of a state that has since become a party is overtaken on its entry into force:
        it drops out here from that date, while the tag itself is never rewritten.
        One query: the parties of `on` are a subquery (withdrawals taken into account).
        """
        qs = self.filter(noted_on__lte=on).filter(Q(status=TagStatus.OPEN) | Q(addressed_on__gt=on))
        if rules.in_force_cutoff(on) is not None:
            qs = qs.exclude(state__in=State.objects.parties(on).values("pk"))
        return qs

    def with_deposit_date(self):
        """Annotate state_deposit_date (the state's instrument, if any): overtaken_on needs it."""
        deposits = TreatyAction.objects.deposits().filter(state=OuterRef("state_id"))
        return self.annotate(
            state_deposit_date=Subquery(deposits.order_by("date").values("date")[:1])
        )

    def with_related(self):
        return self.select_related("state", "challenge", "challenge__parent", "recorded_by")


class ChallengeTag(models.Model):
    challenge = models.ForeignKey(
        Challenge, on_delete=models.PROTECT, related_name="tags", verbose_name=_("challenge")
    )
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="challenge_tags", verbose_name=_("state")
    )
    noted_on = models.DateField(_("noted on"))
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the challenge was noted, e.g. a visit, a statement, a report."),
    )
    document_symbol = models.CharField(
        _("document symbol"),
        max_length=80,
        blank=True,
        help_text=_(
            "The ATT document that records it, e.g. ATT/CSP4.WGTU/2018/CHAIR/356/Conf.Rep."
        ),
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TagStatus, default=TagStatus.OPEN)
    addressed_on = models.DateField(_("addressed on"), null=True, blank=True)
    addressed_reason = models.TextField(_("how it was addressed"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ChallengeTagQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-noted_on", "pk"]
        verbose_name = _("challenge tag")
        verbose_name_plural = _("challenge tags")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=TagStatus.values), name="tag_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="open", addressed_on__isnull=True)
                | Q(
                    status="addressed",
                    addressed_on__isnull=False,
                    addressed_on__gte=models.F("noted_on"),
                ),
                name="tag_addressed_date_matches_status",
            ),
            # One open tag per challenge and state: new evidence goes on the open tag.
            models.UniqueConstraint(
                fields=["state", "challenge"],
                condition=Q(status="open"),
                name="one_open_tag_per_state_and_challenge",
            ),
        ]
        indexes = [
            # The heat map and the profiles filter open tags by date.
            models.Index(fields=["status", "noted_on"], name="tag_status_noted_idx"),
        ]

    def __str__(self):
        return f"{self.state.iso3} {self.challenge.code} ({self.noted_on:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("challenges:tag", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == TagStatus.OPEN

    @property
    def state_entry_into_force(self) -> dt.date | None:
        """Entry into force for the tag's state (Art. 22), from with_deposit_date() if annotated."""
        if hasattr(self, "state_deposit_date"):
            deposit = self.state_deposit_date
        else:
            deposit = (
                TreatyAction.objects.deposits()
                .filter(state_id=self.state_id)
                .order_by("date")
                .values_list("date", flat=True)
                .first()
            )
        return rules.entry_into_force(deposit) if deposit else None

    def overtaken_on(self, on: dt.date | None = None) -> dt.date | None:
        """The day the state became a party, if that ended this tag by `on` (default: today).

        Computed, never stored: a tag still open on its state's entry into force is overtaken
        that day, whatever happens to it later.
        """
        on = on or today()
        eif = self.state_entry_into_force
        if eif is None or eif > on or eif < self.noted_on:
            return None
        if self.status == TagStatus.ADDRESSED and self.addressed_on <= eif:
            return None
        return eif

    def status_on(self, on: dt.date | None = None) -> str:
        """ "open", "addressed" or "overtaken" as seen on `on` (default: today)."""
        on = on or today()
        if self.overtaken_on(on):
            return "overtaken"
        if self.status == TagStatus.ADDRESSED and self.addressed_on <= on:
            return TagStatus.ADDRESSED.value
        return TagStatus.OPEN.value
