import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _


class AsOfForm(forms.Form):
    """The "as of" date of a status page (GET). Empty means today."""

    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD, for example 2018-03-07.")},
    )

    def clean_as_of(self):
        return self.cleaned_data["as_of"] or dt.date.today()


def as_of_form(params) -> AsOfForm:
    """The form bound to the query string (bound only when it carries as_of)."""
    if "as_of" in params:
        return AsOfForm(params)
    return AsOfForm(initial={"as_of": dt.date.today()})
