"""The dashboard's comparison of any two dates: ?since=YYYY-MM-DD[&until=YYYY-MM-DD]."""

from django import forms
from django.utils.translation import gettext_lazy as _

from states.dates import IsoDateField, first_error


class CompareForm(forms.Form):
    """From `since` to `until` (the page's date when `until` is left empty), `since` first; both
    empty: no comparison. Dates through the one date field (states.dates.IsoDateField)."""

    since = IsoDateField(label=_("From"), required=False)
    until = IsoDateField(
        label=_("To"), required=False, help_text=_("YYYY-MM-DD; the date above when left empty.")
    )

    def __init__(self, *args, default_until, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_until = default_until

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        since, until = data.get("since"), data.get("until")
        if since is None:
            if until is not None:
                self.add_error("since", _("Give the first date of the comparison too."))
            return data
        data["until"] = until = until or self.default_until
        if since > until:
            self.add_error("until", _("The second date must not be before the first."))
        return data

    @property
    def requested(self) -> bool:
        """Whether a comparison was asked for (and is valid)."""
        return self.is_valid() and self.cleaned_data.get("since") is not None

    def first_error(self) -> str:
        return first_error(self)
