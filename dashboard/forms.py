"""The dashboard's comparison of any two dates: ?since=YYYY-MM-DD[&until=YYYY-MM-DD]."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from states.dates import IsoDateField, first_error
from states.fields import MAX_PK, StateChoiceField
from states.models import State

# What a state's label needs (states.fields.state_label: its names and its code).
STATE_CHOICE_FIELDS = ("iso3", "name_en", "name_fr", "name_es")


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


def _checked_pk(field_class):
    """`field_class` refusing, before any query, a value that cannot be a primary key."""

    class Checked(field_class):
        def to_python(self, value):
            text = str(value).strip() if value is not None else ""
            if text and (not text.isdigit() or int(text) > MAX_PK):
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            return super().to_python(value)

    return Checked


class AuditFilterForm(forms.Form):
    """The audit trail's filters: a person, a kind of record, a state, a date range (the one date
    field, states.dates.IsoDateField). Every field may be left empty."""

    person = _checked_pk(forms.ModelChoiceField)(queryset=None, required=False, label=_("Person"))
    kind = forms.ChoiceField(required=False, label=_("Kind of record"))
    state = _checked_pk(StateChoiceField)(queryset=None, required=False, label=_("State"))
    since = IsoDateField(label=_("From"), required=False)
    until = IsoDateField(label=_("To"), required=False)

    def __init__(self, *args, **kwargs):
        from dashboard import audit

        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = audit.people()
        self.fields["person"].label_from_instance = lambda u: (
            f"{u.get_full_name()} ({u.get_username()})" if u.get_full_name() else u.get_username()
        )
        self.fields["kind"].choices = [("", _("Every kind")), *audit.kind_choices()]
        self.fields["state"].queryset = State.objects.only(*STATE_CHOICE_FIELDS)

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The second date must not be before the first."))
        return data

    def filters(self):
        from dashboard.audit import AuditFilters

        data = self.cleaned_data
        return AuditFilters(
            person=data.get("person"),
            kind=data.get("kind") or "",
            state=data.get("state"),
            since=data.get("since"),
            until=data.get("until"),
        )
