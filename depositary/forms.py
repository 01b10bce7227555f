from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from depositary import reader
from depositary.models import DepositaryName
from depositary.services import ComparisonDateError, depositary_check
from states.dates import IsoDateField
from states.fields import StateChoiceField
from states.models import State


class CheckUploadForm(forms.Form):
    """The depositary's status file; valid once it reads as an MTDSG file of the ATT."""

    file = forms.FileField(
        label=_("Depositary status file (MTDSG XML)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,application/xml,text/xml"}),
        help_text=_(
            "The XML of the Arms Trade Treaty's status page in the UN Treaty Collection "
            "(chapter XXVI-8), at most 2 MB."
        ),
    )
    compare_on = IsoDateField(
        label=_("Compare with the portal on"),
        required=False,
        help_text=_(
            "YYYY-MM-DD. Leave empty to compare on the file's own date: the date it states, else "
            "the date in its name, else the newest event it lists."
        ),
    )
    confirm_later = forms.BooleanField(
        label=_("Compare on this later date"),
        required=False,
        help_text=_(
            "A file knows nothing after its own date: the portal's events dated after it are "
            "listed apart as newer than the file, never offered as removals."
        ),
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
            result = depositary_check(
                data=self.file_bytes,
                file_name=cleaned["file"].name,
                compare_on=cleaned.get("compare_on"),
            )
        except reader.MtdsgError as exc:
            self.add_error("file", str(exc))
            return cleaned
        except ComparisonDateError as exc:
            self.add_error("compare_on", str(exc))
            return cleaned
        if result.compared_later and not cleaned.get("confirm_later"):
            self.add_error(
                "confirm_later",
                _(
                    "The file's own date is %(date)s (from the %(origin)s). To compare on "
                    "%(later)s, tick this box: the portal's events after %(date)s are then listed "
                    "apart as newer than the file."
                )
                % {
                    "date": result.as_of.isoformat(),
                    "origin": origin_label(result.file.as_of_origin),
                    "later": result.compared_on.isoformat(),
                },
            )
            return cleaned
        self.result = result
        return cleaned


def origin_label(origin: str) -> str:
    """Where a file's own date came from, in words."""
    return {
        reader.DATE_STATED: _("date the file states"),
        reader.DATE_FROM_NAME: _("file's name"),
        reader.DATE_NEWEST_EVENT: _("newest event it lists"),
    }.get(origin, origin)


class DepositaryNameForm(forms.ModelForm):
    """Map a name the depositary uses to a state."""

    state = StateChoiceField(
        queryset=State.objects.order_by("name_en"), label=_("State"), to_field_name="iso3"
    )

    class Meta:
        model = DepositaryName
        fields = ["name", "state"]
        widgets = {"name": forms.HiddenInput}
