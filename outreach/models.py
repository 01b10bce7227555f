"""Outreach: who met whom, where, what was noted and what follows.

An OutreachActivity concerns one or many states; the challenges noted during it are ChallengeTags
(challenges app) that the activity links to (`challenge_tags`, reverse `tag.outreach_activities`),
and the stages of a domestic procedure noted during it are StageEntries (pipeline app: the
activity is their source; `stage_entries`, reverse `entry.outreach_activities`), so neither app
imports this one. Summaries, outcomes, follow-ups and attachments are
internal (Secretariat and Co-chairs); see selectors.public_activities_between for what a public
activity shows to Delegates.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from caching.urls import reverse_one
from states.collation import by_name
from states.dates import today
from states.models import State


class ActorRole(models.TextChoices):
    PRESIDENCY = "presidency", _("Presidency")
    VICE_PRESIDENT = "vice_president", _("Vice-President")
    WGTU_COCHAIR = "wgtu_cochair", _("WGTU co-chair")
    ATT_SECRETARIAT = "att_secretariat", _("ATT Secretariat")
    OTHER = "other", _("Other")


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    BILATERAL_MEETING = "bilateral_meeting", _("Bilateral meeting")
    DEMARCHE = "demarche", _("Démarche")
    LETTER = "letter", _("Letter")
    WORKSHOP = "workshop", _("Workshop or seminar")
    SIDE_EVENT = "side_event", _("Side event")
    OTHER = "other", _("Other")


# "Visit to Bangladesh": each kind of activity named with the states it concerned.
KIND_HEADINGS = {
    ActivityKind.VISIT: _("Visit to %(states)s"),
    ActivityKind.BILATERAL_MEETING: _("Bilateral meeting with %(states)s"),
    ActivityKind.DEMARCHE: _("Démarche to %(states)s"),
    ActivityKind.LETTER: _("Letter to %(states)s"),
    ActivityKind.WORKSHOP: _("Workshop or seminar with %(states)s"),
    ActivityKind.SIDE_EVENT: _("Side event with %(states)s"),
    ActivityKind.OTHER: _("Activity concerning %(states)s"),
}
# Beyond this many states, a heading names the first ones and counts the others.
HEADING_NAMES = 3


def names_phrase(names: list[str], *, at_most: int = HEADING_NAMES) -> str:
    """ "Bangladesh", "Bangladesh and Nepal", "Bangladesh, Bhutan and Nepal", "Bangladesh,
    Bhutan and 3 other states" (in the active language)."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    if len(names) > at_most:
        shown, others = names[: at_most - 1], len(names) - at_most + 1
        last = ngettext("%(n)d other state", "%(n)d other states", others) % {"n": others}
    else:
        shown, last = names[:-1], names[-1]
    return gettext("%(names)s and %(last)s") % {"names": ", ".join(shown), "last": last}


class Visibility(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    PUBLIC = "public", _("Public")


class OutreachActivityQuerySet(models.QuerySet):
    def between(self, start: dt.date, end: dt.date):
        """Activities that took place (at least in part) from `start` to `end`, both included."""
        return self.filter(start_date__lte=end).filter(
            Q(end_date__gte=start) | Q(end_date__isnull=True, start_date__gte=start)
        )

    def public(self):
        return self.filter(visibility=Visibility.PUBLIC)

    def internal(self):
        return self.filter(visibility=Visibility.INTERNAL)

    def for_state(self, state):
        """Activities concerning `state` (one join: an activity lists a state once)."""
        return self.filter(states=state)

    def in_region(self, region: str):
        """Activities concerning at least one state of `region` (no duplicates: EXISTS)."""
        through = OutreachActivity.states.through
        return self.filter(
            Exists(through.objects.filter(outreachactivity=OuterRef("pk"), state__region=region))
        )

    def concerning_any(self, states):
        """Activities concerning at least one of `states` (a queryset of states or of their pks)."""
        through = OutreachActivity.states.through
        return self.filter(
            Exists(through.objects.filter(outreachactivity=OuterRef("pk"), state__in=states))
        )

    def with_open_followups(self, has: bool = True):
        open_followups = FollowUp.objects.open().filter(activity=OuterRef("pk"))
        return self.filter(Exists(open_followups)) if has else self.exclude(Exists(open_followups))

    def visible_to(self, user):
        """Every activity for those who may read internal notes; public ones for other readers."""
        if user.has_perm("outreach.view_internal_outreach"):
            return self
        if user.has_perm("outreach.view_outreachactivity"):
            return self.public()
        return self.none()

    def newest_first(self):
        return self.order_by("-start_date", "-pk")


class OutreachActivity(models.Model):
    start_date = models.DateField(_("date"), help_text=_("The first day, for several days."))
    end_date = models.DateField(
        _("until"), null=True, blank=True, help_text=_("The last day, if it lasted several days.")
    )
    actor_role = models.CharField(_("by (role)"), max_length=20, choices=ActorRole)
    actor_name = models.CharField(
        _("by (name)"), max_length=200, help_text=_("The person or body who acted.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind)
    states = models.ManyToManyField(
        State, related_name="outreach_activities", verbose_name=_("states concerned")
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    counterpart = models.CharField(
        _("counterpart"),
        max_length=300,
        blank=True,
        help_text=_("For example a ministry or a parliamentary committee."),
    )
    summary = models.TextField(_("summary"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility,
        default=Visibility.INTERNAL,
        help_text=_(
            "Public: its date, actors, kind, states and place may appear in delegates' reports. "
            "The summary, outcome, follow-ups and attachments always stay internal."
        ),
    )
    challenge_tags = models.ManyToManyField(
        "challenges.ChallengeTag",
        related_name="outreach_activities",
        blank=True,
        verbose_name=_("challenges noted"),
    )
    stage_entries = models.ManyToManyField(
        "pipeline.StageEntry",
        related_name="outreach_activities",
        blank=True,
        verbose_name=_("procedure stages noted"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = OutreachActivityQuerySet.as_manager()
    # One record per save; collection changes (states, tags, follow-ups, files) in the reason.
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("outreach activity")
        verbose_name_plural = _("outreach activities")
        permissions = [("view_internal_outreach", _("Can read internal outreach notes"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="outreach_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(actor_role__in=ActorRole.values), name="outreach_actor_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ActivityKind.values), name="outreach_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values), name="outreach_visibility_valid"
            ),
        ]
        indexes = [
            # The log and the timelines list newest first; coverage takes the latest per state.
            models.Index(fields=["-start_date", "-id"], name="outreach_newest_idx"),
        ]

    def __str__(self):
        return f"{self.start_date:%Y-%m-%d} {self.get_kind_display()} ({self.actor_name})"

    def get_absolute_url(self):
        return reverse_one("outreach:activity", self.pk)

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    @property
    def states_by_name(self) -> list[State]:
        """The states concerned in the reader's order (from the prefetched list, if any)."""
        return by_name(self.states.all())

    @property
    def heading(self) -> str:
        """ "Visit to Bangladesh": its kind and the states it concerned, in the active language
        (one query for the states unless they were prefetched)."""
        names = [state.name for state in self.states_by_name]
        if not names:
            return self.get_kind_display()
        return KIND_HEADINGS[ActivityKind(self.kind)] % {"states": names_phrase(names)}

    @property
    def last_date(self) -> dt.date:
        return self.end_date or self.start_date

    def evidence_text(self) -> str:
        """A short description used as the source of the challenge tags it produces."""
        where = f", {self.place}" if self.place else ""
        return f"{self.get_kind_display()} ({self.get_actor_role_display()}, {self.actor_name}{where}, {self.start_date:%Y-%m-%d})"[
            :300
        ]


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done=False)

    def assigned_to(self, user):
        """The follow-ups whose owner is the account `user`."""
        return self.filter(assignee=user)

    def due_within(self, today: dt.date, days: int):
        """Open follow-ups due on or before `today` + `days` (the overdue ones included)."""
        return self.open().filter(due_on__lte=today + dt.timedelta(days=days))

    def overdue(self, today: dt.date):
        """Open follow-ups whose due date has passed (due before `today`)."""
        return self.open().filter(due_on__lt=today)


class FollowUp(models.Model):
    activity = models.ForeignKey(
        OutreachActivity,
        on_delete=models.CASCADE,
        related_name="followups",
        verbose_name=_("activity"),
    )
    action = models.CharField(_("action"), max_length=500)
    # The owner is a portal account (reminded by e-mail, "My follow-ups"); a person or body
    # without an account is named as text instead (and old free-text owners no account
    # matched stayed there: migration 0004).
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followups_assigned",
        verbose_name=_("owner"),
        help_text=_("The portal account that will do it (reminded by e-mail)."),
    )
    owner = models.CharField(
        _("owner without an account"),
        max_length=200,
        blank=True,
        help_text=_("A person or body without a portal account."),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["done", models.F("due_on").asc(nulls_last=True), "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.CheckConstraint(
                condition=Q(done=False, done_on__isnull=True) | Q(done=True, done_on__isnull=False),
                name="followup_done_on_matches_done",
            ),
        ]
        indexes = [
            # The follow-ups page: open ones by due date.
            models.Index(fields=["done", "due_on"], name="followup_open_due_idx"),
            # The log's open follow-ups of each activity (else SQLite picks the index above and
            # scans every open follow-up for each row).
            models.Index(fields=["activity", "done"], name="followup_activity_done_idx"),
            # "My follow-ups" and the daily digests: one account's open ones by due date.
            models.Index(fields=["assignee", "done", "due_on"], name="followup_assignee_idx"),
        ]

    def __str__(self):
        return self.action

    def is_overdue(self, today: dt.date) -> bool:
        return not self.done and self.due_on is not None and self.due_on < today

    @property
    def owner_name(self) -> str:
        """Who does it: the account's full name (else its user name), or the text owner, or ""
        (select_related("assignee") to avoid a query)."""
        if self.assignee_id:
            return self.assignee.get_full_name() or self.assignee.get_username()
        return self.owner


def attachment_path(instance, filename):
    # The stored name never comes from the user: the original name is kept in a field.
    return f"outreach/{today():%Y/%m}/{instance.token}.{instance.extension}"


class Attachment(models.Model):
    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"
        ODT = "odt", "OpenDocument (ODT)"

    activity = models.ForeignKey(
        OutreachActivity,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("activity"),
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    token = models.CharField(max_length=32, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=200)
    format = models.CharField(_("format"), max_length=4, choices=Format)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=Q(format__in=["pdf", "docx", "odt"]), name="attachment_format_valid"
            ),
        ]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("outreach:attachment", args=[self.activity_id, self.pk])

    @property
    def extension(self) -> str:
        return self.format

    @property
    def content_type(self) -> str:
        return {
            "pdf": "application/pdf",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "odt": "application/vnd.oasis.opendocument.text",
        }[self.format]
