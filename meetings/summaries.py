"""The summaries of a meeting (issue 16, item 4): the meeting's summary and each agenda item's,
taken from Draft to Circulated for comments (with a deadline) to Final.

Every change of the text is kept as a numbered SummaryVersion (who, when; the page shows the
difference to the previous one). Comments are recorded against a version, by Co-chairs and by
Delegates whose account belongs to a delegation that took part in the meeting, while the
summary is circulated and its deadline not passed. Only a Final summary is public: the meeting
page for every reader, the public edition of the report. Staff (the Secretariat, the Co-chairs)
see every state, version and comment; a Delegate who may comment sees the circulated text and
their own comments; nobody else sees anything before Final.

The text is held in English, French and Spanish (meetings.translated: `text`, `text_fr`,
`text_es`, the summary's `original_language`); readers see it in their language, or the original
with the fallback marker. Each version keeps the three texts, so a translation added or corrected
is a version too, with its own difference. A Final summary's original is not edited any more; its
translations still are (summary_workflow.summary_edit). Comments stay as their authors wrote them.
"""

import difflib
import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.translated import original_language_field, unofficial_translation_field


class SummaryState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CIRCULATED = "circulated", _("Circulated for comments")
    FINAL = "final", _("Final")


class SummaryQuerySet(models.QuerySet):
    def final(self):
        return self.filter(state=SummaryState.FINAL)

    def of_meeting(self, meeting):
        """The meeting's summary and its agenda items' (one query)."""
        return self.filter(meeting=meeting).select_related("agenda_item")


class Summary(models.Model):
    """The summary of a meeting (no agenda item) or of one of its agenda items."""

    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.CASCADE,
        related_name="summaries",
        verbose_name=_("meeting"),
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="summaries",
        verbose_name=_("agenda item"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=SummaryState, default=SummaryState.DRAFT
    )
    deadline = models.DateField(_("deadline for comments"), null=True, blank=True)
    text = models.TextField(_("text (English)"), blank=True)
    text_fr = models.TextField(_("text (French)"), blank=True)
    text_es = models.TextField(_("text (Spanish)"), blank=True)
    original_language = original_language_field()
    unofficial_translation = unofficial_translation_field()
    version = models.PositiveIntegerField(default=1, editable=False)

    TRANSLATED_FIELDS = ("text",)

    objects = SummaryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "agenda_item__order"]
        verbose_name = _("summary")
        verbose_name_plural = _("summaries")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=SummaryState.values), name="summary_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state=SummaryState.CIRCULATED) | Q(deadline__isnull=False),
                name="summary_circulated_has_deadline",
                violation_error_message=_("A summary circulated for comments has a deadline."),
            ),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(agenda_item__isnull=True),
                name="one_summary_per_meeting",
            ),
            models.UniqueConstraint(
                fields=["agenda_item"],
                condition=Q(agenda_item__isnull=False),
                name="one_summary_per_agenda_item",
            ),
        ]

    def __str__(self):
        if self.agenda_item_id:
            return gettext("Summary of “%(item)s”") % {"item": self.agenda_item.heading}
        return gettext("Summary of the meeting")

    def get_absolute_url(self):
        return reverse("meetings:summary", args=[self.pk])

    @property
    def is_final(self) -> bool:
        return self.state == SummaryState.FINAL

    @property
    def is_circulated(self) -> bool:
        return self.state == SummaryState.CIRCULATED


class SummaryVersion(models.Model):
    """One version of a summary's text, in its three languages: who wrote it, when, in which
    state it was. (TRANSLATED_FIELDS too, so meetings.translated reads it like its summary.)"""

    TRANSLATED_FIELDS = ("text",)

    summary = models.ForeignKey(
        Summary, on_delete=models.CASCADE, related_name="versions", verbose_name=_("summary")
    )
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text (English)"), blank=True)
    text_fr = models.TextField(_("text (French)"), blank=True)
    text_es = models.TextField(_("text (Spanish)"), blank=True)
    original_language = original_language_field()
    state = models.CharField(_("state"), max_length=10, choices=SummaryState)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["summary", "number"]
        verbose_name = _("summary version")
        verbose_name_plural = _("summary versions")
        constraints = [
            models.UniqueConstraint(fields=["summary", "number"], name="summary_version_unique"),
            models.CheckConstraint(
                condition=Q(state__in=SummaryState.values), name="summary_version_state_valid"
            ),
        ]

    def __str__(self):
        return f"{self.summary} v{self.number}"


class SummaryComment(models.Model):
    """A comment on one version of a circulated summary."""

    version = models.ForeignKey(
        SummaryVersion,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("version"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    delegation_name = models.CharField(_("on behalf of"), max_length=200, blank=True)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment on a summary")
        verbose_name_plural = _("comments on summaries")

    def __str__(self):
        return f"{self.version}: {self.text[:40]}"


_WORDS = re.compile(r"\s+|[^\s]+")


def summary_diff(old: str, new: str) -> SafeString:
    """The difference between two texts, word by word, as HTML: removed words in <del>, added
    in <ins>, every piece of text escaped."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    # Safe: every piece of text was escaped above; only <del> and <ins> are markup.
    return mark_safe("".join(parts))
