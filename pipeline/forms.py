"""Forms of the joining pipeline: they normalise and check; pipeline.services writes (and checks
again under a lock)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pipeline import services
from pipeline.models import ProcedureStage, StageEntry
from states.dates import TreatyDateField
from states.versioning import VersionedModelForm, VersionField, VersionRequiredMixin


class StageChoiceField(forms.ModelChoiceField):
    """A stage of the vocabulary, by its name in the active language, in the procedure's order."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", ProcedureStage.objects.in_order())
        kwargs.setdefault("label", _("Stage"))
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return obj.name


class StageEntryForm(VersionedModelForm):
    """Record or edit one entry of a state; the date is checked against the state's record."""

    class Meta:
        model = StageEntry
        fields = ["stage", "date", "source", "source_url", "document", "visibility", "note"]
        field_classes = {"stage": StageChoiceField, "date": TreatyDateField}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, state, **kwargs):
        super().__init__(*args, **kwargs)
        self.state = state

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day is not None and (not self.instance.pk or day != self.instance.date):
            for error in services.stage_entry_errors(state=self.state, day=day):
                self.add_error("date", error)
        return day


class DeleteEntryForm(VersionRequiredMixin, forms.Form):
    version = VersionField()


class ProcedureStageForm(VersionedModelForm):
    """A stage of the vocabulary: its code, its place in the order and its names."""

    class Meta:
        model = ProcedureStage
        fields = ["code", "order", "name_en", "name_fr", "name_es"]

    def clean_code(self):
        return self.cleaned_data["code"].strip().lower()


class PipelineFileForm(forms.Form):
    """A pipeline file to preview: UTF-8 CSV, at most 2 MB."""

    file = forms.FileField(
        label=_("Pipeline file (CSV)"),
        help_text=_(
            "UTF-8 CSV with the columns iso3, stage, date, source, visibility, note (at most 2 MB)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Choose a .csv file."))
        if upload.size > services.MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        try:
            self.cleaned_data["text"] = services.pipeline_file_decode(upload.read())
        except services.PipelineFileError as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload
