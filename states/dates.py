"""One vocabulary for the dates people type: the `as_of` parameter of every page, export, API
and report, and every date a form or an import accepts.

One accepted form (ISO 8601's calendar date, YYYY-MM-DD, and nothing else: not 20180531, not
2018-W22-4), one message for each way a date can be wrong, and one "today" (the portal's time
zone, `timezone.localdate`). Ranges: `as_of` may be any calendar day (the ledger computes the
status on any date: its arithmetic is held at the ends of the calendar, states.rules.shifted);
a date that is stored lies between 1900-01-01 and 9999-09-30, and a day of the treaty's life
(a meeting, an activity, a treaty action) on or after 3 June 2013.
"""

import datetime as dt
import re
from functools import lru_cache

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from states.rules import OPENED_FOR_SIGNATURE

ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(9999, 9, 30)

MESSAGES = {
    "invalid": _("Enter a date in the form YYYY-MM-DD, for example 2018-05-31."),
    "range": _("Enter a date between %(earliest)s and %(latest)s."),
}


def today() -> dt.date:
    """Today in the portal's time zone (settings.TIME_ZONE)."""
    return timezone.localdate()


def range_error(earliest: dt.date = EARLIEST, latest: dt.date = LATEST) -> ValidationError:
    return ValidationError(
        MESSAGES["range"],
        code="range",
        params={"earliest": earliest.isoformat(), "latest": latest.isoformat()},
    )


def check_range(day, earliest: dt.date = EARLIEST, latest: dt.date = LATEST):
    """`day` (a date or None), or ValidationError when it lies outside [earliest, latest]."""
    if day is not None and not earliest <= day <= latest:
        raise range_error(earliest, latest)
    return day


def parse_iso_date(value, earliest: dt.date = EARLIEST, latest: dt.date = LATEST) -> dt.date:
    """The date written `value` (YYYY-MM-DD) within [earliest, latest], else ValidationError
    with the one message of its kind ("invalid" or "range")."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        text = str(value).strip()
        if not ISO_DATE.match(text):
            raise ValidationError(MESSAGES["invalid"], code="invalid")
        try:
            value = dt.date.fromisoformat(text)
        except ValueError:
            raise ValidationError(MESSAGES["invalid"], code="invalid") from None
    return check_range(value, earliest, latest)


def validate_in_range(day) -> None:
    """Model field validator: the range every stored date keeps (the ledger computes on it)."""
    check_range(day)


class DateInput(forms.DateInput):
    """A text box that shows the expected form (YYYY-MM-DD) and accepts exactly that. Not the
    browser's date picker: it displays the date in the browser's own locale ("12/06/2026"), which
    is neither ISO nor treaty style and reads differently in each country."""

    input_type = "text"

    def __init__(self, attrs=None, format=None):
        attrs = {
            "placeholder": _("YYYY-MM-DD"),
            "pattern": r"\d{4}-\d{2}-\d{2}",
            "inputmode": "numeric",
            "maxlength": "10",
            "autocomplete": "off",
            **(attrs or {}),
        }
        super().__init__(attrs=attrs, format=format or "%Y-%m-%d")


class IsoDateField(forms.DateField):
    """A date written YYYY-MM-DD within [earliest, latest] (parse_iso_date)."""

    widget = DateInput
    default_error_messages = {"invalid": MESSAGES["invalid"]}

    def __init__(self, *, earliest: dt.date = EARLIEST, latest: dt.date = LATEST, **kwargs):
        self.earliest, self.latest = earliest, latest
        kwargs.setdefault("help_text", _("YYYY-MM-DD"))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_iso_date(value, self.earliest, self.latest)


def first_error(form) -> str:
    """A form's first error, naming its parameter: "as_of: Enter a date …"."""
    for name, errors in form.errors.items():
        return f"{name}: {errors[0]}" if name != "__all__" else str(errors[0])
    return ""


class AsOfField(IsoDateField):
    """The `as_of` parameter: any calendar day (empty: today, AsOfForm.clean_as_of)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("earliest", dt.date.min)
        kwargs.setdefault("latest", dt.date.max)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # The browser's picker needs no bounds: every day is a valid as_of.
        return forms.DateField.widget_attrs(self, widget)


class AsOfForm(forms.Form):
    """?as_of=YYYY-MM-DD: the date of every status page, export, API answer and report; today
    when absent or empty. Pages add their filters by subclassing it."""

    as_of = AsOfField(label=_("As of"), help_text=_("YYYY-MM-DD; today when left empty."))

    def clean_as_of(self):
        return self.cleaned_data["as_of"] or today()

    def first_error(self) -> str:
        return first_error(self)


def bound_form(form_class, params):
    """`form_class` bound to the query parameters, showing today's date when as_of is absent."""
    data = params.copy()
    if not data.get("as_of"):
        data["as_of"] = today().isoformat()
    return form_class(data)


class TreatyDateField(IsoDateField):
    """A day of the treaty's life (meetings, work plans, outreach, tags, treaty actions): on or
    after 3 June 2013, when the ATT opened for signature."""

    def __init__(self, **kwargs):
        kwargs.setdefault("earliest", OPENED_FOR_SIGNATURE)
        super().__init__(**kwargs)


# --- dates written in the reader's language, once each ------------------------------------------


def written(value, format_name: str = "DATE_FORMAT") -> str:
    """date_format(value, format_name) in the active language, each value written once per
    language, format and process: lists write the same dates and times on every page (a state's
    200 dates, a log's 50 activities, a history's changes), and the first request after a write
    writes them all again."""
    # Aware datetimes of one instant are equal whatever their zone: the zone is in the key too.
    zone = getattr(value, "tzinfo", None)
    return _written(value, format_name, get_language(), zone and (str(zone), value.utcoffset()))


@lru_cache(maxsize=16384)
def _written(value, format_name: str, language: str | None, zone) -> str:
    # `language` is the active one, which date_format writes in; `zone`, the value's own.
    return date_format(value, format_name)
