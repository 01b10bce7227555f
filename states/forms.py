"""Forms of the Secretariat's side of the ledger: treaty actions and status-file uploads.

The forms normalise and check; the services (states.services) write, and check again under a lock.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from states import notifications
from states.dates import TreatyDateField
from states.models import State, TreatyAction
from states.services import actions, status_file
from states.versioning import VersionedModelForm, VersionField, VersionRequiredMixin


class TreatyActionForm(VersionedModelForm):
    """Add or edit one action of a state; the rules are checked on the record after the change."""

    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=100,
        required=False,
        help_text=_("Recorded in the state's history, e.g. the depositary notification."),
    )

    class Meta:
        model = TreatyAction
        fields = ["kind", "date", "named_effective_date", "source", "cn_reference", "note"]
        field_classes = {"date": TreatyDateField, "named_effective_date": TreatyDateField}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, state: State, **kwargs):
        super().__init__(*args, **kwargs)
        self.state = state

    def clean_cn_reference(self):
        return notifications.clean_cn_reference(self.cleaned_data.get("cn_reference", ""))

    def clean(self):
        cleaned = super().clean()
        kind, date = cleaned.get("kind"), cleaned.get("date")
        if kind and date:
            errors = actions.treaty_action_errors(
                state=self.state,
                kind=kind,
                date=date,
                named_effective_date=cleaned.get("named_effective_date"),
                replacing=self.instance if self.instance.pk else None,
            )
            for error in errors:
                self.add_error(None, error)
        return cleaned

    def validate_constraints(self):
        # states.rules covers every constraint of TreatyAction with a clearer message (checked in
        # clean above); the database still enforces them.
        pass

    def values(self) -> dict:
        """The action's fields as the services take them."""
        return {name: self.cleaned_data[name] for name in actions.ACTION_FIELDS}


class TreatyActionEditForm(TreatyActionForm):
    """The edit form: it carries the version it was opened on (VersionedModelForm)."""


class DeleteActionForm(VersionRequiredMixin, forms.Form):
    version = VersionField()
    reason = TreatyActionForm.base_fields["reason"]


class StatusFileForm(forms.Form):
    """A status file to preview: at most 2 MB, UTF-8 CSV with the columns of att_status.csv."""

    file = forms.FileField(
        label=_("Status file (CSV)"),
        help_text=_(
            "UTF-8 CSV with the columns iso3, name_en, att_region, signature_date, deposit_date, "
            "deposit_type, entry_into_force_date (at most 2 MB)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Choose a .csv file."))
        if upload.size > status_file.MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 2 MB; a status file has one row per state.")
            )
        data = upload.read()
        try:
            self.cleaned_data["text"] = status_file.status_file_decode(data)
        except status_file.StatusFileError as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload
