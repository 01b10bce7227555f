"""Form fields that choose states, shared by every form that names one or several states."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator

from states.collation import by_name

# A primary key the database can hold (a larger number crashed the query: tests/robustness).
MAX_PK = 2**63 - 1


def state_label(state) -> str:
    """ "Angola (AGO)": the name in the active language and the ISO code."""
    return f"{state.name} ({state.iso3})"


class StateChoiceIterator(ModelChoiceIterator):
    """The choices in the reader's order (states.collation), whatever the queryset's order."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in by_name(self.queryset):
            yield self.choice(obj)


class StateChoiceField(forms.ModelChoiceField):
    iterator = StateChoiceIterator

    def label_from_instance(self, obj):
        return state_label(obj)


class StateMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several states; a value that cannot be a primary key is refused before any query."""

    iterator = StateChoiceIterator

    def label_from_instance(self, obj):
        return state_label(obj)

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if not text.isdigit() or int(text) > MAX_PK:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text[:20]},
                )
        return super()._check_values(value)
