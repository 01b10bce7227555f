"""Freshness: when the treaty record last agreed with the UN depositary, on every status view.

The depositary app (above this one) keeps the checks; it registers a provider here when it starts
(depositary.apps), so the status page, the states list and pages and the API show the line
without importing upwards. A provider names the models its answer reads, and the cached pages
that show the line hold their data version in their keys (states.cache), so a new check is never
hidden behind a cached page.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from states.dates import today


@dataclass(frozen=True)
class Freshness:
    """The last successful check against the depositary: its date (None: never checked) and how
    many differences it found that are still awaiting review."""

    checked_on: dt.date | None = None
    differences_pending: int = 0

    @property
    def checked(self) -> bool:
        return self.checked_on is not None

    def age_days(self, on: dt.date | None = None) -> int | None:
        return ((on or today()) - self.checked_on).days if self.checked_on else None

    def stale(self, on: dt.date | None = None) -> bool:
        """Never checked, or the last check older than settings.WGTU_DEPOSITARY_STALE_DAYS."""
        age = self.age_days(on)
        return age is None or age > settings.WGTU_DEPOSITARY_STALE_DAYS

    def sentence(self) -> str:
        """The line every status view shows, in the active language and treaty-style date."""
        if not self.checked:
            return _("Not yet checked against the UN depositary.")
        date = date_format(self.checked_on, "DATE_FORMAT")
        if not self.differences_pending:
            return _("Checked against the UN depositary on %(date)s: no differences.") % {
                "date": date
            }
        return ngettext(
            "Checked against the UN depositary on %(date)s: %(n)s difference awaiting review.",
            "Checked against the UN depositary on %(date)s: %(n)s differences awaiting review.",
            self.differences_pending,
        ) % {"date": date, "n": self.differences_pending}

    def as_dict(self) -> dict:
        """The API's fields: record_checked_on (ISO date or None), differences_pending."""
        return {
            "record_checked_on": self.checked_on.isoformat() if self.checked_on else None,
            "differences_pending": self.differences_pending,
        }


UNKNOWN = Freshness()

_provider: Callable[[], Freshness] | None = None
_models: tuple[str, ...] = ()


def register(provider: str | Callable[[], Freshness], models: tuple[str, ...]) -> None:
    """Set the provider (a callable or its dotted path) and the models ("app.Model") it reads."""
    global _provider, _models
    _provider = import_string(provider) if isinstance(provider, str) else provider
    _models = tuple(models)


def models() -> tuple[str, ...]:
    """The models behind the freshness line, for the versions of the pages that show it."""
    return _models


def current() -> Freshness:
    """The record's freshness now (the provider's queries; UNKNOWN without a provider)."""
    return _provider() if _provider else UNKNOWN
