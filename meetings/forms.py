"""Forms of the meetings app: they normalise and validate; crispy only renders them."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.models import (
    AgendaItem,
    Document,
    DocumentFile,
    Meeting,
    PlanActivity,
    StandardTopic,
    WorkPlan,
)
from meetings.services import meeting_period_error
from states.dates import TreatyDateField
from states.versioning import VersionedModelForm
from uploads.validators import validate_document


class WorkPlanForm(VersionedModelForm):
    class Meta:
        model = WorkPlan
        fields = [
            "title",
            "conference",
            "opening_conference",
            "opens_start",
            "opens_end",
            "closes_start",
            "closes_end",
            "description",
        ]
        field_classes = dict.fromkeys(
            ["opens_start", "opens_end", "closes_start", "closes_end"], TreatyDateField
        )
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        data = super().clean()
        plan = self.instance
        if plan.pk:
            # Editing a plan's dates must not leave one of its meetings outside the period.
            start, end = data.get("opens_start"), data.get("closes_end")
            if start and end:
                outside = plan.meetings.exclude(date__range=(start, end)).first()
                if outside:
                    raise forms.ValidationError(
                        _("The meeting of %(date)s would fall outside the new period.")
                        % {"date": outside.date.isoformat()}
                    )
        return data


class MeetingForm(VersionedModelForm):
    """A meeting of `plan`: its date must fall within the plan's period, one per day.

    Edit forms carry the version they were opened on (hidden `version`): see states.versioning.
    """

    class Meta:
        model = Meeting
        fields = ["date", "title", "venue", "status", "document_symbol"]
        field_classes = {"date": TreatyDateField}

    def __init__(self, *args, plan: WorkPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan

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
