"""The Conferences of States Parties and the WGTU's cycles between them: the work plan of each
cycle, its meetings and their agendas, the standard topics the agendas reuse, the plan's other
activities, and the reference documents with a file per language.

Seeded records carry a `reference_key` (never shown, never edited) so load_reference_data finds
them again after a user has changed their title or date, and leaves a user's edit alone.
"""

from pathlib import PurePosixPath
from uuid import uuid4

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from caching.urls import reverse_one
from meetings.titles import conference_name, meeting_title
from meetings.translated import (
    localized,
    original_language_field,
    unofficial_translation_field,
)
from meetings.validators import validate_document_symbol
from states.dates import validate_in_range
from states.models import State

INTERNAL_PERMISSION = "meetings.view_internal_meeting_material"


def _reference_key_field():
    return models.CharField(max_length=60, blank=True, default="", editable=False)


def _unique_reference_key(model_name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["reference_key"],
        condition=~Q(reference_key=""),
        name=f"{model_name}_reference_key_unique",
    )


# The columns every translatable record has (meetings.translated declares them, for the
# summaries too).
_original_language_field = original_language_field
_unofficial_translation_field = unofficial_translation_field


class Language(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")
    ES = "es", _("Spanish")


class TranslatedTitleMixin:
    """`.title` in the active language (English when no translation is recorded), like State.name."""

    @property
    def title(self) -> str:
        language = (get_language() or "en")[:2]
        return getattr(self, f"title_{language}", "") or self.title_en


class ConferenceFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")
    WRITTEN_PROCEDURE = "written_procedure", _("Written procedure")


class Confidence(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class ConferenceQuerySet(models.QuerySet):
    def dated(self):
        """Conferences whose days are known."""
        return self.filter(opening__isnull=False)

    def opened_by(self, day):
        """Conferences that opened on or before `day`."""
        return self.filter(opening__lte=day)

    def after(self, day):
        """Conferences still to come on `day`: opening later, or dates to be fixed; by number."""
        return self.filter(Q(opening__gt=day) | Q(opening__isnull=True)).order_by("number")


class Conference(models.Model):
    """A Conference of States Parties (CSP1, CSP2, …). Its days may be left empty until they are
    fixed ("CSP13, dates to be fixed"); a conference that is held has both."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1)], help_text=_("12 for CSP12.")
    )
    opening = models.DateField(
        _("first day"), null=True, blank=True, validators=[validate_in_range]
    )
    closing = models.DateField(_("last day"), null=True, blank=True, validators=[validate_in_range])
    place = models.CharField(_("place (English)"), max_length=200, blank=True)
    place_fr = models.CharField(_("place (French)"), max_length=200, blank=True)
    place_es = models.CharField(_("place (Spanish)"), max_length=200, blank=True)
    original_language = _original_language_field()
    unofficial_translation = _unofficial_translation_field()
    format = models.CharField(_("format"), max_length=20, choices=ConferenceFormat, blank=True)
    president = models.CharField(_("President"), max_length=200, blank=True)
    president_state = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("President's state"),
    )
    symbol_prefix = models.CharField(
        _("document-symbol prefix"),
        max_length=40,
        blank=True,
        help_text=_("The prefix of the conference's documents, for example ATT/CSP12."),
    )
    confidence = models.CharField(
        _("confidence in the dates and place"), max_length=10, choices=Confidence, blank=True
    )
    source = models.TextField(_("source"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    reference_key = _reference_key_field()
    version = models.PositiveIntegerField(default=1, editable=False)

    TRANSLATED_FIELDS = ("place",)

    objects = ConferenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("Conference of States Parties")
        verbose_name_plural = _("Conferences of States Parties")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="conference_number_positive"),
            models.CheckConstraint(
                condition=Q(opening__isnull=True, closing__isnull=True)
                | Q(
                    opening__isnull=False,
                    closing__isnull=False,
                    closing__gte=models.F("opening"),
                ),
                name="conference_days_in_order",
                violation_error_message=_(
                    "Give both days (the last no earlier than the first), or neither until "
                    "they are fixed."
                ),
            ),
            models.CheckConstraint(
                condition=Q(format__in=["", *ConferenceFormat.values]),
                name="conference_format_valid",
            ),
            models.CheckConstraint(
                condition=Q(confidence__in=["", *Confidence.values]),
                name="conference_confidence_valid",
            ),
            _unique_reference_key("conference"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_one("meetings:conference", self.number)

    @property
    def name(self) -> str:
        """CSP12 in the active language: CEP12 in French, CEEP12 in Spanish, as the ATT's
        French and Spanish documents write it (meetings.titles)."""
        return conference_name(self.number)

    @property
    def is_dated(self) -> bool:
        return self.opening is not None

    @property
    def label(self) -> str:
        """CSP12, or "CSP13, dates to be fixed" while its days are not known."""
        if self.is_dated:
            return self.name
        return _("%(name)s, dates to be fixed") % {"name": self.name}


class WorkPlanQuerySet(models.QuerySet):
    def with_conferences(self):
        return self.select_related("opening_conference", "conference")


class WorkPlan(models.Model):
    """The WGTU's work in one cycle: from the Conference that opens it to the one it prepares
    (e.g. CSP3 → CSP4). Its period runs from the opening conference's first day to the prepared
    one's last day (open-ended while those days are to be fixed)."""

    title = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    opening_conference = models.ForeignKey(
        Conference,
        on_delete=models.PROTECT,
        related_name="plans_opened",
        verbose_name=_("conference that opens the cycle"),
    )
    conference = models.OneToOneField(
        Conference,
        on_delete=models.PROTECT,
        related_name="work_plan",
        verbose_name=_("conference it prepares"),
    )
    standing_topics = models.ManyToManyField(
        "StandardTopic",
        blank=True,
        related_name="+",
        verbose_name=_("standing agenda topics"),
        help_text=_("The default agenda of each new meeting of the plan."),
    )
    description = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    original_language = _original_language_field()
    unofficial_translation = _unofficial_translation_field()
    reference_key = _reference_key_field()
    version = models.PositiveIntegerField(default=1, editable=False)

    TRANSLATED_FIELDS = ("title", "description")

    objects = WorkPlanQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[standing_topics])

    class Meta:
        ordering = ["-conference__number"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        constraints = [
            models.CheckConstraint(
                condition=~Q(opening_conference=models.F("conference")),
                name="workplan_between_two_conferences",
                violation_error_message=_("A cycle runs between two different conferences."),
            ),
            _unique_reference_key("workplan"),
        ]

    def __str__(self):
        return localized(self, "title").plain

    def get_absolute_url(self):
        return reverse_one("meetings:plan", self.pk)

    @property
    def cycle_label(self) -> str:
        """CSP3 → CSP4."""
        return f"{self.opening_conference.name} \N{RIGHTWARDS ARROW} {self.conference.name}"

    @property
    def starts(self):
        """The first day of the cycle (the opening conference's), None while not fixed."""
        return self.opening_conference.opening

    @property
    def ends(self):
        """The last day of the cycle (the prepared conference's), None while not fixed."""
        return self.conference.closing

    def covers(self, day) -> bool:
        """Whether `day` falls in the cycle: from the opening conference to the closing one
        (open-ended while a day is to be fixed)."""
        return (self.starts is None or self.starts <= day) and (
            self.ends is None or day <= self.ends
        )


class Access(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")
    VIRTUAL = "virtual", _("Virtual")


class MeetingQuerySet(models.QuerySet):
    def held(self):
        return self.filter(status=MeetingStatus.HELD)

    def public(self):
        return self.filter(access=Access.PUBLIC)

    def not_cancelled(self):
        return self.exclude(status=MeetingStatus.CANCELLED)

    def visible_to(self, user):
        """Every meeting for readers of internal material, the public ones for everyone else."""
        if user.has_perm(INTERNAL_PERMISSION):
            return self
        return self.public()

    def published(self):
        """Meetings whose report Delegates may download."""
        return self.filter(report_published=True)

    def reports_visible_to(self, user):
        """Every meeting for readers of internal material (they preview unpublished reports),
        the published ones for other readers of reports, none for anyone else."""
        if user.has_perm(INTERNAL_PERMISSION):
            return self
        if user.has_perm("meetings.view_published_report"):
            return self.published().public()
        return self.none()

    def with_agenda(self):
        """Meetings with their plan and agenda items (and topics): three queries in all."""
        return self.select_related("plan").prefetch_related(
            models.Prefetch("agenda_items", AgendaItem.objects.select_related("topic"))
        )


class Meeting(models.Model):
    plan = models.ForeignKey(
        WorkPlan, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("work plan")
    )
    date = models.DateField(_("date"))
    # The title is composed from the body and the date in the reader's language
    # (meetings.titles); these override it per language when the Secretariat sets them.
    title = models.CharField(
        _("title (English)"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use the title composed from the body and the date."),
    )
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    original_language = _original_language_field()
    unofficial_translation = _unofficial_translation_field()
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus, default=MeetingStatus.PLANNED
    )
    access = models.CharField(
        _("access"),
        max_length=10,
        choices=Access,
        default=Access.PUBLIC,
        help_text=_(
            "An internal meeting (e.g. of the co-chairs) is shown to the Secretariat and the "
            "Co-chairs only, and only in their private calendar feed."
        ),
    )
    document_symbol = models.CharField(
        _("document symbol"),
        max_length=120,
        blank=True,
        validators=[validate_document_symbol],
        help_text=_("The symbol of the meeting's report, if any (ATT style)."),
    )
    report_published = models.BooleanField(
        _("report published"),
        default=False,
        help_text=_("Published reports can be downloaded by Delegates from the reports page."),
    )
    # The meeting's details (issue 16): times in settings.WGTU_MEETING_TIME_ZONE, named on pages.
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=MeetingFormat, blank=True)
    chairs = models.TextField(
        _("chair(s)"),
        blank=True,
        help_text=_("One name per line: the co-chairs, or the single Chair of later cycles."),
    )
    reference_key = _reference_key_field()
    version = models.PositiveIntegerField(default=1, editable=False)

    TRANSLATED_FIELDS = ("title",)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        permissions = [
            ("view_published_report", _("Can download published meeting reports")),
            (
                "view_internal_meeting_material",
                _("Can read internal meeting notes and internal documents"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values), name="meeting_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(access__in=Access.values), name="meeting_access_valid"
            ),
            models.UniqueConstraint(fields=["plan", "date"], name="one_meeting_per_plan_and_day"),
            _unique_reference_key("meeting"),
            models.CheckConstraint(
                condition=Q(format__in=["", *MeetingFormat.values]), name="meeting_format_valid"
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=False, end_time__gt=models.F("start_time")),
                name="meeting_ends_after_it_starts",
                violation_error_message=_(
                    "Give the starting time with the ending time, and end after the start."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.heading} ({self.date.isoformat()})"

    def get_absolute_url(self):
        return reverse_one("meetings:meeting", self.pk)

    @property
    def chair_names(self) -> list[str]:
        """The chairs, one per line of `chairs` (blank lines left out)."""
        return [line.strip() for line in self.chairs.splitlines() if line.strip()]

    @property
    def time_zone(self) -> str:
        """The time zone the meeting's times are given in (WGTU_MEETING_TIME_ZONE)."""
        return settings.WGTU_MEETING_TIME_ZONE

    @property
    def times(self) -> str:
        r"""10:00\N{EN DASH}13:00 (Europe/Zurich); 10:00 (Europe/Zurich) with no end; "" with no start."""
        if self.start_time is None:
            return ""
        span = self.start_time.strftime("%H:%M")
        if self.end_time is not None:
            span += "\N{EN DASH}" + self.end_time.strftime("%H:%M")
        return f"{span} ({self.time_zone})"

    @property
    def heading(self) -> str:
        """The title in the active language: the Secretariat's, else composed (meetings.titles)."""
        return meeting_title(self).text

    @property
    def label(self) -> str:
        """The short title (chart markers, "since …"): the Secretariat's, else "Réunion du GTUT,
        31 mai 2018"."""
        return meeting_title(self, short=True).text


class StandardTopic(TranslatedTitleMixin, models.Model):
    """A topic that recurs on WGTU agendas, e.g. the status of ratifications."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("standard topic")
        verbose_name_plural = _("standard topics")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:topic", args=[self.code])


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    order = models.PositiveIntegerField(_("order"))
    topic = models.ForeignKey(
        StandardTopic,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("standard topic"),
    )
    title = models.CharField(
        _("title (English)"),
        max_length=300,
        blank=True,
        help_text=_("Required when no standard topic is chosen."),
    )
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    description = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    public_notes = models.TextField(
        _("notes (English)"),
        blank=True,
        help_text=_("Visible to every signed-in user, Delegates included."),
    )
    public_notes_fr = models.TextField(_("notes (French)"), blank=True)
    public_notes_es = models.TextField(_("notes (Spanish)"), blank=True)
    original_language = _original_language_field()
    unofficial_translation = _unofficial_translation_field()
    internal_notes = models.TextField(
        _("internal notes and minutes"),
        blank=True,
        help_text=_("Visible to the Secretariat and the Co-chairs only."),
    )
    reference_key = _reference_key_field()
    version = models.PositiveIntegerField(default=1, editable=False)

    TRANSLATED_FIELDS = ("title", "description", "public_notes")

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.CheckConstraint(
                condition=Q(topic__isnull=False) | ~Q(title=""),
                name="agenda_item_topic_or_title",
                violation_error_message=_("Choose a standard topic or give the item a title."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "order"], name="agenda_item_order_unique_per_meeting"
            ),
            _unique_reference_key("agendaitem"),
        ]

    def __str__(self):
        return self.heading

    @property
    def heading(self) -> str:
        """The free title in the active language (with its marker when it is not in it), else
        the standard topic's title (active language)."""
        return self.localized_heading.plain

    @property
    def localized_heading(self):
        """The free title (meetings.translated.Localized), else the standard topic's title."""
        if self.title or self.title_fr or self.title_es or not self.topic_id:
            return localized(self, "title")
        return localized(self.topic, "title")


class ActivityKind(models.TextChoices):
    WORKSHOP = "workshop", _("Regional or subregional workshop")
    OUTREACH = "outreach", _("Outreach by the Presidency, Vice-Presidents, co-chairs and others")
    OTHER = "other", pgettext_lazy("activity kind", "Other")


class ActivityStatus(models.TextChoices):
    TO_CONFIRM = "to_confirm", _("To re-confirm")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class PlanActivity(models.Model):
    """An activity of the work plan other than a meeting (a workshop, outreach)."""

    plan = models.ForeignKey(
        WorkPlan, on_delete=models.CASCADE, related_name="activities", verbose_name=_("work plan")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind)
    title = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    description = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    original_language = _original_language_field()
    unofficial_translation = _unofficial_translation_field()
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActivityStatus, default=ActivityStatus.PLANNED
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    reference_key = _reference_key_field()
    version = models.PositiveIntegerField(default=1, editable=False)

    TRANSLATED_FIELDS = ("title", "description")

    history = HistoricalRecords()

    class Meta:
        ordering = [models.F("start_date").asc(nulls_last=True), "order", "pk"]
        verbose_name = _("plan activity")
        verbose_name_plural = _("plan activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ActivityKind.values), name="plan_activity_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ActivityStatus.values), name="plan_activity_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=False, end_date__gte=models.F("start_date")),
                name="plan_activity_end_after_start",
                violation_error_message=_(
                    "Give the first day with the last, and the last no earlier than the first."
                ),
            ),
            _unique_reference_key("planactivity"),
        ]

    def __str__(self):
        return localized(self, "title").plain


class DocumentKind(models.TextChoices):
    AGENDA = "agenda", _("Agenda")
    REPORT = "report", _("Report")
    WORKING_PAPER = "working_paper", _("Working paper")
    NON_PAPER = "non_paper", _("Non-paper")
    PRESENTATION = "presentation", _("Presentation")
    OTHER = "other", pgettext_lazy("document kind", "Other")


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every document for readers of internal material, public ones for everyone else."""
        if user.has_perm(INTERNAL_PERMISSION):
            return self
        return self.filter(access=Access.PUBLIC)

    def with_files(self):
        return self.prefetch_related("files")


class Document(models.Model):
    """A reference document (symbol in ATT style), or an annex of one (same symbol, annex letter)."""

    symbol = models.CharField(_("symbol"), max_length=120, validators=[validate_document_symbol])
    annex = models.CharField(
        _("annex"),
        max_length=10,
        blank=True,
        help_text=_("For an annex recorded on its own: its letter or number (e.g. A)."),
    )
    part_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="annexes",
        verbose_name=_("annex of"),
    )
    title = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    original_language = _original_language_field()
    unofficial_translation = _unofficial_translation_field()
    date = models.DateField(_("date"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=15, choices=DocumentKind)
    access = models.CharField(
        _("access"),
        max_length=10,
        choices=Access,
        default=Access.PUBLIC,
        help_text=_("Internal documents are shown to the Secretariat and the Co-chairs only."),
    )
    plan = models.ForeignKey(
        WorkPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("work plan"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("meeting"),
    )
    note = models.TextField(_("note"), blank=True)
    reference_key = _reference_key_field()
    version = models.PositiveIntegerField(default=1, editable=False)

    TRANSLATED_FIELDS = ("title",)

    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["symbol", "annex"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="document_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(access__in=Access.values), name="document_access_valid"
            ),
            # An annex names the document it belongs to, and only an annex does.
            models.CheckConstraint(
                condition=(Q(annex="") & Q(part_of__isnull=True))
                | (~Q(annex="") & Q(part_of__isnull=False)),
                name="document_annex_has_parent",
                violation_error_message=_(
                    "An annex needs both its letter and the document it belongs to."
                ),
            ),
            models.UniqueConstraint(
                fields=["symbol", "annex"],
                name="document_symbol_unique",
                violation_error_message=_(
                    "A document with this symbol (and annex) already exists."
                ),
            ),
            _unique_reference_key("document"),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse_one("meetings:document", self.pk)

    @property
    def label(self) -> str:
        if self.annex:
            return _("%(symbol)s, Annex %(annex)s") % {"symbol": self.symbol, "annex": self.annex}
        return self.symbol

    @property
    def is_internal(self) -> bool:
        return self.access == Access.INTERNAL

    def file_for(self, language: str):
        """This document's file in `language`, from the prefetched files (no query if prefetched)."""
        return next((f for f in self.files.all() if f.language == language), None)


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", _("Word (DOCX)")
    ODT = "odt", _("OpenDocument text (ODT)")


CONTENT_TYPES = {
    FileFormat.PDF: "application/pdf",
    FileFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileFormat.ODT: "application/vnd.oasis.opendocument.text",
}


def document_upload_to(instance, filename: str) -> str:
    """A random stored name: the user's file name never reaches the file system."""
    extension = PurePosixPath(filename).suffix.lower()
    return f"meetings/documents/{uuid4().hex}{extension}"


class DocumentFile(models.Model):
    """One language version of a document (a PDF, DOCX or ODT checked by its content)."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="files", verbose_name=_("document")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=200)
    file_format = models.CharField(_("format"), max_length=4, choices=FileFormat, editable=False)
    original_name = models.CharField(_("original file name"), max_length=255, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "language"]
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="document_file_language_valid"
            ),
            models.CheckConstraint(
                condition=Q(file_format__in=FileFormat.values), name="document_file_format_valid"
            ),
            models.UniqueConstraint(
                fields=["document", "language"], name="one_file_per_document_and_language"
            ),
        ]

    def __str__(self):
        return f"{self.document.label} ({self.language})"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.file_format]

    @property
    def download_name(self) -> str:
        safe = self.document.label.replace("/", "_").replace(" ", "_").replace(",", "")
        return f"{safe}_{self.language.upper()}.{self.file_format}"


class ReportEdition(models.TextChoices):
    PUBLIC = "public", _("Public edition")
    INTERNAL = "internal", _("Internal edition")


class RenderedReport(models.Model):
    """A rendered meeting report, kept so the same (meeting, edition, language, data version) is
    rendered once and then served as stored bytes. `data_version` is a digest of every table the
    report reads (meetings.reports.versions); a change to any of them gives a new version, and
    the older renderings of the same report are deleted when the new one is stored."""

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="rendered_reports",
        verbose_name=_("meeting"),
    )
    edition = models.CharField(_("edition"), max_length=10, choices=ReportEdition)
    language = models.CharField(_("language"), max_length=2, choices=Language)
    data_version = models.CharField(_("data version"), max_length=64)
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"))
    size = models.PositiveIntegerField(_("size in bytes"))
    rendered_at = models.DateTimeField(_("rendered at"), auto_now_add=True)
    render_seconds = models.FloatField(_("rendering time (seconds)"), default=0)

    class Meta:
        ordering = ["meeting", "edition", "language", "-rendered_at"]
        verbose_name = _("rendered report")
        verbose_name_plural = _("rendered reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(edition__in=ReportEdition.values), name="rendered_report_edition_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="rendered_report_language_valid"
            ),
            models.UniqueConstraint(
                fields=["meeting", "edition", "language", "data_version"],
                name="one_rendering_per_report_version",
            ),
        ]

    def __str__(self):
        return self.filename


class CalendarTokenQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every token for the Secretariat (who may revoke any), the user's own for others."""
        if user.has_perm("meetings.delete_calendartoken"):
            return self
        return self.filter(user=user)


class CalendarToken(models.Model):
    """The secret of one account's private calendar feed (Secretariat and Co-chairs: public and
    internal meetings). Only its SHA-256 digest is stored: the address is shown once, when made;
    regenerating replaces it, revoking deletes it (both recorded in the history)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_token",
        verbose_name=_("account"),
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("made on"), auto_now_add=True)

    objects = CalendarTokenQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["digest"])

    class Meta:
        verbose_name = _("private calendar feed")
        verbose_name_plural = _("private calendar feeds")

    def __str__(self):
        return str(self.user)


class BulkStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("being prepared")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class BulkKind(models.TextChoices):
    MEETING_REPORTS = "meeting_reports", _("a meeting's report in every language")
    BRIEFING_PACKS = "briefing_packs", _("briefing packs of several states")


class BulkDownloadQuerySet(models.QuerySet):
    def of(self, user):
        """The downloads `user` asked for (a download is its requester's only)."""
        return self.filter(user=user) if user.is_authenticated else self.none()


class BulkDownload(models.Model):
    """Several PDFs in one ZIP, rendered by a background task (meetings.tasks.bulk_download_render)
    for the account that asked: its progress (`done` of `total`) is what the waiting page shows,
    and `content` the ZIP once ready. Found by its token, for its requester only."""

    Status = BulkStatus
    Kind = BulkKind

    token = models.UUIDField(default=uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bulk_downloads"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=BulkKind)
    title = models.CharField(_("title"), max_length=300)
    # What to render: {"meeting": id, "edition": …} or {"states": [ISO3…], "language", "as_of"}.
    params = models.JSONField(default=dict)
    confidential = models.BooleanField(default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=BulkStatus, default=BulkStatus.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = BulkDownloadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bulk download")
        verbose_name_plural = _("bulk downloads")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=BulkStatus.values), name="bulk_download_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=BulkKind.values), name="bulk_download_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")), name="bulk_download_done_within_total"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:bulk", args=[self.token])

    @property
    def finished(self) -> bool:
        return self.status in (BulkStatus.READY, BulkStatus.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


# The meeting record (issue 16) lives in its own modules; imported here so Django registers it.
from meetings.record import (  # noqa: E402, F401
    AccountDelegation,
    Organization,
    OrganizationKind,
    Participation,
    Presenter,
)
from meetings.summaries import (  # noqa: E402, F401
    Summary,
    SummaryComment,
    SummaryState,
    SummaryVersion,
)
