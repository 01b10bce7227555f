"""The joining pipeline: where each state stands in its domestic procedure to join the ATT.

ProcedureStage is the ordered vocabulary (seeded from data/stages.csv by load_reference_data; the
Secretariat may add stages). A StageEntry records that a state reached a stage on a date, with
its source; its visibility says whether Delegates and the public may read it. A state's stage on
a date is its latest entry on or before that date (PipelineStateQuerySet.with_stage: one query
for every state, like StateQuerySet.with_record). A deposit in the ledger closes the pipeline on
its date: it is not a stage anyone types (services refuse an entry dated after it).

An outreach activity that noted a stage links to the entry from the outreach app (the activity
owns that link, so this app never imports outreach: entry.outreach_activities is the reverse
relation).
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from states import rules
from states.dates import EARLIEST
from states.models import State, StateQuerySet

# The pipeline's end: a deposit recorded in the ledger (never a ProcedureStage code).
DEPOSITED = "deposited"
STAGE_CODE_PATTERN = r"^[a-z][a-z0-9_]{1,38}$"


class ProcedureStageQuerySet(models.QuerySet):
    def in_order(self):
        return self.order_by("order", "pk")

    def by_code(self, code: str):
        return self.filter(code=code)


class ProcedureStage(models.Model):
    """A step of a state's domestic procedure, in the order the steps are usually taken."""

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Lower-case letters, digits and underscores, e.g. before_parliament."),
    )
    order = models.PositiveIntegerField(
        _("order"),
        unique=True,
        help_text=_("Position in the procedure: a later step has a higher number."),
    )
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ProcedureStageQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("procedure stage")
        verbose_name_plural = _("procedure stages")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=STAGE_CODE_PATTERN),
                name="stage_code_format",
                violation_error_message=_(
                    "A code is 2 to 39 lower-case letters, digits or underscores, starting with a "
                    "letter."
                ),
            ),
            # A deposit closes the pipeline from the ledger: nobody types it as a stage.
            models.CheckConstraint(
                condition=~Q(code=DEPOSITED),
                name="stage_code_not_deposited",
                violation_error_message=_(
                    "“deposited” is not a stage: a deposit recorded in the ledger closes the "
                    "pipeline."
                ),
            ),
            models.CheckConstraint(
                condition=Q(order__gte=1),
                name="stage_order_positive",
                violation_error_message=_("The order is a number from 1."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (English when no translation is recorded)."""
        language = (get_language() or "en")[:2]
        return getattr(self, f"name_{language}", "") or self.name_en


class Visibility(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    PUBLIC = "public", _("Public")


class StageEntryQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility=Visibility.PUBLIC)

    def internal(self):
        return self.filter(visibility=Visibility.INTERNAL)

    def known_on(self, on: dt.date):
        """Entries dated on or before `on`."""
        return self.filter(date__lte=on)

    def for_state(self, state):
        return self.filter(state=state)

    def visible_to(self, user):
        """Every entry for those who may read the pipeline (Secretariat, Co-chairs); the public
        ones for everyone else (Delegates, anonymous readers)."""
        if user.has_perm("pipeline.view_stageentry"):
            return self
        return self.public()

    def history_order(self):
        """Oldest first, as a state's procedure unfolded (ties: the later step last)."""
        return self.order_by("date", "stage__order", "pk")

    def with_related(self):
        return self.select_related("state", "stage", "recorded_by")


class StageEntry(models.Model):
    """A state reached `stage` on `date` (according to `source`)."""

    state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="stage_entries", verbose_name=_("state")
    )
    stage = models.ForeignKey(
        ProcedureStage, on_delete=models.PROTECT, related_name="entries", verbose_name=_("stage")
    )
    date = models.DateField(_("date"), help_text=_("The day the state reached this stage."))
    source = models.CharField(
        _("source"),
        max_length=300,
        help_text=_("Where this is known from, e.g. a government statement or a gazette."),
    )
    source_url = models.URLField(_("source address (URL)"), max_length=500, blank=True)
    document = models.CharField(
        _("document"),
        max_length=200,
        blank=True,
        help_text=_("A document that records it: its symbol or reference."),
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility,
        default=Visibility.INTERNAL,
        help_text=_(
            "Public: shown on the state's public page (stage, date, source). Internal: "
            "Secretariat and Co-chairs only."
        ),
    )
    note = models.TextField(_("note"), blank=True)
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

    objects = StageEntryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("stage entry")
        verbose_name_plural = _("stage entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values), name="stage_entry_visibility_valid"
            ),
            models.CheckConstraint(
                condition=Q(date__gte=rules.OPENED_FOR_SIGNATURE),
                name="stage_entry_after_opening",
            ),
            # One entry per state, stage and day: an import of the same file finds its rows.
            models.UniqueConstraint(
                fields=["state", "stage", "date"], name="one_entry_per_state_stage_and_day"
            ),
        ]
        indexes = [
            # with_stage: each state's latest entry on or before a date (correlated subqueries).
            models.Index(fields=["state", "date"], name="stage_entry_state_date_idx"),
        ]

    def __str__(self):
        return f"{self.state.iso3} {self.stage.code} {self.date:%Y-%m-%d}"

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC


class PipelineStateQuerySet(StateQuerySet):
    """States with the ledger's reads (StateQuerySet) and their stage in the pipeline."""

    def with_stage(
        self, on: dt.date, *, name: str = "stage", public_only: bool = False, since: bool = True
    ):
        """Annotate each state with its stage on `on`: its latest entry on or before that day
        (on one day, the later step counts). Adds <name>_id (the ProcedureStage's id, None
        without an entry), <name>_date (that entry's date) and, unless `since` is False,
        <name>_since (the day the state reached that stage: the first of its consecutive
        entries of that stage). One query however many states (correlated subqueries);
        `public_only` reads the public entries only. A deposit is not a stage: with_record
        gives it (deposit_date)."""
        entries = StageEntry.objects.filter(state=OuterRef("pk"), date__lte=on)
        if public_only:
            entries = entries.public()
        latest = entries.order_by("-date", "-stage__order", "-pk")
        qs = self.annotate(
            **{
                f"{name}_id": Subquery(latest.values("stage_id")[:1]),
                f"{name}_date": Subquery(latest.values("date")[:1]),
            }
        )
        if not since:
            return qs
        # The last day the state was at another stage, then its first entry of this one since.
        other = entries.exclude(stage_id=OuterRef(f"{name}_id")).order_by("-date")
        qs = qs.annotate(**{f"{name}_left_other": Subquery(other.values("date")[:1])})
        run = entries.filter(
            stage_id=OuterRef(f"{name}_id"),
            date__gte=Coalesce(OuterRef(f"{name}_left_other"), Value(EARLIEST)),
        ).order_by("date")
        return qs.annotate(**{f"{name}_since": Subquery(run.values("date")[:1])})

    def stage_on(self, on: dt.date, stage: "ProcedureStage | None" = None):
        """The states (annotated as with_stage and with_record) at `stage` on `on`, or all."""
        qs = self.with_record(on).with_stage(on)
        return qs.filter(stage_id=stage.pk) if stage is not None else qs


def pipeline_states() -> PipelineStateQuerySet:
    """Every state, readable with the pipeline's QuerySet methods (with_stage, stage_on) beside
    the ledger's (with_record, non_parties, in_region …)."""
    return PipelineStateQuerySet(model=State)
