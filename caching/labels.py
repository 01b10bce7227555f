"""Choice labels translated once per language (issue 21): `choice_label(activity, "kind")`
equals `activity.get_kind_display()`.

A list of 50 rows showing three choices each called get_FOO_display() 150 times, and each call
builds the field's dictionary of choices and translates its label afresh. The labels of a field
in one language never change while the process runs (the catalogues are loaded at start).
"""

from functools import lru_cache

from django.utils.encoding import force_str
from django.utils.translation import get_language


@lru_cache(maxsize=512)
def _labels(model, field: str, language: str | None) -> dict:
    # `language` is the active one, which str() translates into: part of the key.
    return {value: force_str(label) for value, label in model._meta.get_field(field).flatchoices}


def choice_label(obj, field: str) -> str:
    """The label of `obj`'s choice `field` in the active language (the value when it is not
    among the choices, as get_FOO_display() does)."""
    value = getattr(obj, field)
    return _labels(obj._meta.concrete_model, field, get_language()).get(value, value)
