from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from depositary import reader
from depositary.models import DepositaryName
from depositary.services import depositary_check
from states.dates import IsoDateField
from states.fields import StateChoiceField
from states.models import State


class CheckUploadForm(forms.Form):
    """The depositary's status file; valid once it reads as an MTDSG file of the ATT."""

    file = forms.FileField(
        label=_("Depositary status file (MTDSG XML)"),
        help_text=_(
            "The XML of the Arms Trade Treaty's status page in the UN Treaty Collection "
            "(chapter XXVI-8), at most 2 MB."
        ),
    )
    as_of = IsoDateField(
        label=_("Status as of"),
        required=False,
        help_text=_("Leave empty to use the date the file states, or the date in its name."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > reader.MAX_FILE_BYTES:
            raise ValidationError(
                _("The file is larger than 2 MB; a depositary status file is much smaller.")
            )
        self.file_bytes = upload.read()
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.result = depositary_check(
                data=self.file_bytes, file_name=cleaned["file"].name, as_of=cleaned.get("as_of")
            )
        except reader.MtdsgError as exc:
            self.add_error("file", str(exc))
        return cleaned


class DepositaryNameForm(forms.ModelForm):
    """Map a name the depositary uses to a state."""

    state = StateChoiceField(
        queryset=State.objects.order_by("name_en"), label=_("State"), to_field_name="iso3"
    )

    class Meta:
        model = DepositaryName
        fields = ["name", "state"]
        widgets = {"name": forms.HiddenInput}
