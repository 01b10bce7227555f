"""Forms of the meetings app: they normalise and validate; crispy only renders them."""

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.models import (
    Access,
    ActivityStatus,
    AgendaItem,
    Conference,
    Document,
    DocumentFile,
    Language,
    Meeting,
    PlanActivity,
    Presenter,
    StandardTopic,
    WorkPlan,
)
from meetings.services import meeting_period_error
from meetings.translated import LANGUAGE_CODES, column, translation_columns
from meetings.validators import validate_document_symbol
from states.dates import AsOfForm, TreatyDateField
from states.fields import StateMultipleChoiceField
from states.models import Region, State
from states.versioning import VersionedModelForm
from uploads.validators import validate_document


class ConferenceChoiceField(forms.ModelChoiceField):
    """A conference by its label: "CSP12", or "CSP13, dates to be fixed"."""

    def label_from_instance(self, obj):
        return obj.label


def _outside_error(meetings, start, end) -> str | None:
    """The message for the first of `meetings` outside [start, end] (None: open-ended)."""
    if start is not None:
        early = meetings.filter(date__lt=start).order_by("date").first()
        if early:
            return _("The meeting of %(date)s would fall outside the cycle.") % {
                "date": early.date.isoformat()
            }
    if end is not None:
        late = meetings.filter(date__gt=end).order_by("date").first()
        if late:
            return _("The meeting of %(date)s would fall outside the cycle.") % {
                "date": late.date.isoformat()
            }
    return None


class WorkPlanForm(VersionedModelForm):
    """A plan for the cycle between two conferences: the one that opens it (its days known) and a
    later one that it prepares (whose days may still be to be fixed)."""

    class Meta:
        model = WorkPlan
        fields = ["title", "opening_conference", "conference", "standing_topics", "description"]
        field_classes = {
            "opening_conference": ConferenceChoiceField,
            "conference": ConferenceChoiceField,
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "standing_topics": forms.CheckboxSelectMultiple,
        }

    def clean(self):
        data = super().clean()
        opening, closing = data.get("opening_conference"), data.get("conference")
        if opening and not opening.is_dated:
            self.add_error(
                "opening_conference",
                _("Record the days of %(name)s first: the cycle starts with them.")
                % {"name": opening.name},
            )
        if opening and closing and closing.number <= opening.number:
            self.add_error(
                "conference", _("The conference a plan prepares comes after the one that opens it.")
            )
        plan = self.instance
        if plan.pk and opening and closing and not self.errors:
            # Changing the cycle must not leave one of the plan's meetings outside it.
            error = _outside_error(plan.meetings.all(), opening.opening, closing.closing)
            if error:
                raise forms.ValidationError(error)
        return data


class ConferenceForm(VersionedModelForm):
    """A Conference of States Parties; its days may be left empty until they are fixed."""

    class Meta:
        model = Conference
        fields = [
            "number",
            "opening",
            "closing",
            "place",
            "format",
            "president",
            "president_state",
            "symbol_prefix",
            "confidence",
            "source",
            "notes",
        ]
        field_classes = {"opening": TreatyDateField, "closing": TreatyDateField}
        widgets = {
            "source": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["president_state"].queryset = State.objects.order_by("name_en")
        self.fields["opening"].help_text = _("YYYY-MM-DD; leave both days empty until fixed.")

    def clean_symbol_prefix(self):
        prefix = self.cleaned_data["symbol_prefix"].strip().rstrip("/")
        if prefix and not re.fullmatch(r"ATT/[A-Z][A-Za-z0-9.-]*", prefix):
            raise forms.ValidationError(
                _("Enter a prefix such as ATT/CSP12."), code="invalid_prefix"
            )
        return prefix

    def clean(self):
        # "Both days or neither, in order" is the model's check constraint (its own message).
        data = super().clean()
        opening, closing = data.get("opening"), data.get("closing")
        conference = self.instance
        if conference.pk and not self.errors:
            if opening is None and conference.plans_opened.exists():
                self.add_error(
                    "opening", _("A cycle starts with this conference: its days must stay known.")
                )
            meetings = Meeting.objects.filter(plan__opening_conference=conference)
            error = _outside_error(meetings, opening, None)
            if error is None:
                meetings = Meeting.objects.filter(plan__conference=conference)
                error = _outside_error(meetings, None, closing)
            if error:
                raise forms.ValidationError(error)
        return data


class NextCycleForm(forms.Form):
    """ "Start the next cycle" from a plan: the new plan's title, its standing agenda topics,
    the activities carried over (to re-confirm), and optionally its first meeting."""

    title = forms.CharField(label=gettext_lazy("Title of the new work plan"), max_length=200)
    standing_topics = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Standing agenda topics"),
        queryset=StandardTopic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("The default agenda of each new meeting of the cycle."),
    )
    activities = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Activities to carry over (to re-confirm)"),
        queryset=PlanActivity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    meeting_date = TreatyDateField(
        label=gettext_lazy("First meeting: date"),
        required=False,
        help_text=gettext_lazy("YYYY-MM-DD; optional, meetings can be added later."),
    )
    meeting_title = forms.CharField(
        label=gettext_lazy("First meeting: title"),
        max_length=200,
        required=False,
        help_text=gettext_lazy(
            "Leave empty to use the title composed from the body and the date, in each language."
        ),
    )

    def __init__(self, *args, plan: WorkPlan, next_conference: Conference | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.next_conference = next_conference
        self.fields["activities"].queryset = plan.activities.exclude(
            status=ActivityStatus.CANCELLED
        )

    def clean(self):
        data = super().clean()
        conference = self.next_conference
        if not self.plan.conference.is_dated:
            raise forms.ValidationError(
                _("Record the days of %(name)s first: the next cycle starts with them.")
                % {"name": self.plan.conference.name}
            )
        if conference is not None and hasattr(conference, "work_plan"):
            raise forms.ValidationError(
                _("%(name)s already has a work plan.") % {"name": conference.name}
            )
        day = data.get("meeting_date")
        if day is not None:
            starts = self.plan.conference.opening
            ends = conference.closing if conference is not None else None
            if day < starts or (ends is not None and day > ends):
                self.add_error("meeting_date", _("The date must fall within the new cycle."))
        if data.get("meeting_title") and day is None:
            self.add_error("meeting_date", _("Give the first meeting's date with its title."))
        return data


class MeetingForm(VersionedModelForm):
    """A meeting of `plan`: its date must fall within the plan's period, one per day.

    Edit forms carry the version they were opened on (hidden `version`): see states.versioning.
    """

    class Meta:
        model = Meeting
        fields = [
            "date",
            "title",
            "venue",
            "start_time",
            "end_time",
            "format",
            "chairs",
            "status",
            "access",
            "document_symbol",
        ]
        field_classes = {"date": TreatyDateField}
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "chairs": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, plan: WorkPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        # Left out (an older form, a script): public, as every meeting was before it could be
        # internal.
        self.fields["access"].required = False
        zone = settings.WGTU_MEETING_TIME_ZONE
        for name in ("start_time", "end_time"):
            self.fields[name].help_text = _("HH:MM, %(zone)s time.") % {"zone": zone}

    def clean_access(self):
        return self.cleaned_data["access"] or Access.PUBLIC

    def clean_date(self):
        day = self.cleaned_data["date"]
        error = meeting_period_error(plan=self.plan, day=day)
        if error:
            raise forms.ValidationError(error, code="outside_plan")
        clash = self.plan.meetings.filter(date=day).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("This work plan already has a meeting on that day."), code="duplicate"
            )
        return day


class AgendaItemForm(VersionedModelForm):
    class Meta:
        model = AgendaItem
        fields = ["topic", "title", "description", "presenter", "public_notes", "internal_notes"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "public_notes": forms.Textarea(attrs={"rows": 4}),
            "internal_notes": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        # "Topic or title" is the model's check constraint, validated with its own message.
        self.fields["topic"].empty_label = _("(no standard topic: give a title)")


class PlanActivityForm(VersionedModelForm):
    class Meta:
        model = PlanActivity
        fields = ["kind", "title", "description", "start_date", "end_date", "status"]
        field_classes = {"start_date": TreatyDateField, "end_date": TreatyDateField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, plan: WorkPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan


class DocumentForm(VersionedModelForm):
    class Meta:
        model = Document
        fields = [
            "symbol",
            "annex",
            "part_of",
            "title",
            "date",
            "kind",
            "access",
            "plan",
            "meeting",
            "note",
        ]
        field_classes = {"date": TreatyDateField}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Document.objects.filter(part_of__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["part_of"].queryset = parents
        self.fields["meeting"].queryset = Meeting.objects.select_related("plan")

    def clean_symbol(self):
        return self.cleaned_data["symbol"].strip()

    def clean(self):
        # "Annex letter and parent together" is the model's check constraint (its own message).
        data = super().clean()
        parent, symbol = data.get("part_of"), data.get("symbol")
        if parent and symbol and parent.symbol != symbol:
            self.add_error("symbol", _("An annex has the symbol of the document it belongs to."))
        return data


class DocumentFileForm(forms.Form):
    """One language version of a document: checked by content before anything is stored."""

    language = forms.ChoiceField(
        label=gettext_lazy("Language"), choices=DocumentFile._meta.get_field("language").choices
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("PDF, Word (DOCX) or OpenDocument text (ODT)."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,.odt,application/pdf,application/vnd.oasis.opendocument.text"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.file_format = validate_document(upload)
        return upload


class DocumentContextForm(forms.Form):
    """?meeting=<id> and ?plan=<id> of the new-document page: real records, or a clear 400."""

    meeting = forms.ModelChoiceField(queryset=Meeting.objects.all(), required=False)
    plan = forms.ModelChoiceField(queryset=WorkPlan.objects.all(), required=False)


class StandardTopicForm(VersionedModelForm):
    class Meta:
        model = StandardTopic
        fields = ["code", "title_en", "title_fr", "title_es", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The code is the topic's address and its key in the reference data: fixed once set.
            self.fields["code"].disabled = True


class ParticipantsFileForm(forms.Form):
    """A participants file to preview: UTF-8 CSV, at most 1 MB."""

    file = forms.FileField(
        label=gettext_lazy("Participants file (CSV)"),
        help_text=gettext_lazy(
            "UTF-8 CSV with the columns kind, iso3_or_name, person, role (at most 1 MB)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        from meetings import participants

        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Choose a .csv file."))
        if upload.size > participants.MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        self.cleaned_data["data"] = upload.read()
        return upload


class PresenterForm(VersionedModelForm):
    """Who presented under an agenda item: a state or an organization, the person (optional),
    the title, and the slides: a document already recorded, or a file uploaded here (checked as
    every document: PDF, DOCX or ODT by content), recorded as a new presentation document under
    the symbol given."""

    slides_file = forms.FileField(
        label=gettext_lazy("Or upload the slides"),
        required=False,
        help_text=gettext_lazy("PDF, Word (DOCX) or OpenDocument text (ODT)."),
    )
    slides_symbol = forms.CharField(
        label=gettext_lazy("Symbol of the new slides document"),
        required=False,
        max_length=120,
        help_text=gettext_lazy("For example ATT/CSP4.WGTU/2018/PRES.1"),
    )
    slides_language = forms.ChoiceField(
        label=gettext_lazy("Language of the slides"),
        choices=DocumentFile._meta.get_field("language").choices,
        initial="en",
        required=False,
    )

    class Meta:
        model = Presenter
        fields = ["state", "organization", "person", "title", "slides"]

    def __init__(self, *args, agenda_item: AgendaItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agenda_item = agenda_item
        self.fields["state"].queryset = State.objects.order_by("name_en")
        self.fields["slides"].queryset = Document.objects.order_by("symbol", "annex")
        self.fields["slides"].required = False

    def edited_fields(self) -> list[str]:
        return ["state", "organization", "person", "title", "slides"]

    def clean_slides_file(self):
        upload = self.cleaned_data.get("slides_file")
        if upload:
            self.slides_format = validate_document(upload)
        return upload

    def clean_slides_symbol(self):
        symbol = self.cleaned_data["slides_symbol"].strip()
        if symbol:
            validate_document_symbol(symbol)
        return symbol

    def clean(self):
        data = super().clean()
        if bool(data.get("state")) == bool(data.get("organization")):
            raise forms.ValidationError(_("Name either a state or an organization."))
        if data.get("slides_file"):
            if data.get("slides"):
                self.add_error("slides_file", _("Choose a recorded document or upload one."))
            symbol = data.get("slides_symbol")
            if not symbol:
                self.add_error("slides_symbol", _("Give the symbol of the new document."))
            elif Document.objects.filter(symbol=symbol, annex="").exists():
                self.add_error(
                    "slides_symbol", _("A document with this symbol (and annex) already exists.")
                )
        return data


class TranslationForm(VersionedModelForm):
    """The side-by-side editor of one record's texts (English | French | Spanish): every
    language version of each translatable text, the language of the original, and whether
    the translations are the Secretariat's. Built per model by translation_form_for."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in translation_columns(self._meta.model):
            widget = self.fields[name].widget
            if isinstance(widget, forms.Textarea):
                widget.attrs["rows"] = 4
            widget.attrs["class"] = "form-control"

    def rows(self) -> list[dict]:
        """One row per text: its name and its field in each language (the template's table)."""
        model = self._meta.model
        return [
            {
                "name": name,
                "label": str(model._meta.get_field(name).verbose_name),
                "cells": [self[column(model, name, code)] for code in LANGUAGE_CODES],
            }
            for name in model.TRANSLATED_FIELDS
        ]

    def clean(self):
        data = super().clean()
        model = self._meta.model
        original = data.get("original_language") or "en"
        if model is Meeting:
            # A meeting's titles override the composed one, in any language alone.
            return data
        for name in model.TRANSLATED_FIELDS:
            versions = [data.get(column(model, name, code)) or "" for code in LANGUAGE_CODES]
            if (
                any(v.strip() for v in versions)
                and not (data.get(column(model, name, original)) or "").strip()
            ):
                self.add_error(
                    column(model, name, original),
                    _("This is the original: it cannot be empty while a translation exists."),
                )
        return data


def translation_form_for(model):
    """The TranslationForm class of `model` (a model with TRANSLATED_FIELDS)."""
    return forms.modelform_factory(
        model,
        form=TranslationForm,
        fields=["original_language", "unofficial_translation", *translation_columns(model)],
    )


class BriefingSetForm(AsOfForm):
    """Which briefing packs to download together: the non-parties of a region, the stalled
    ones (the joining pipeline), or states picked by hand; their language and date."""

    SELECTIONS = [
        ("region", gettext_lazy("The non-States Parties of a region")),
        ("stalled", gettext_lazy("The stalled states of the joining pipeline")),
        ("states", gettext_lazy("The states I choose")),
    ]

    selection = forms.ChoiceField(
        label=gettext_lazy("Which states"), choices=SELECTIONS, widget=forms.RadioSelect
    )
    region = forms.ChoiceField(
        label=gettext_lazy("Region"), choices=[("", "—"), *Region.choices], required=False
    )
    states = StateMultipleChoiceField(
        label=gettext_lazy("States"), queryset=State.objects.none(), required=False
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=Language.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["states"].queryset = State.objects.only("iso3", "name_en", "name_fr", "name_es")

    def clean(self):
        data = super().clean()
        selection = data.get("selection")
        if selection == "region" and not data.get("region"):
            self.add_error("region", _("Choose the region."))
        if selection == "states" and not data.get("states"):
            self.add_error("states", _("Choose at least one state."))
        return data
