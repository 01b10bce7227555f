"""Titles composed, not typed: the bodies' names and acronyms in each language, and a meeting's
title from its kind, body and date in the reader's language ("Réunion du Groupe de travail sur
l'universalisation du Traité, 31 mai 2018"), unless the Secretariat overrides it per language.

The names are data (states/bodies.py, so the charts of the base layer use them too), not
interface strings: they are the ATT's own, as its Secretariat writes them
in the French and Spanish versions of the CSP documents, and are not for a translator to vary.
Sources (ATT Secretariat, www.thearmstradetreaty.org, "CSP documents", French and Spanish
versions): the WGTU co-chairs' documents of the CSP4 cycle, e.g. the French and Spanish versions
of ATT/CSP4.WGTU/2018/CHAIR/… ("Groupe de travail sur l'universalisation du Traité (GTUT)",
"Grupo de Trabajo sobre la Universalización del Tratado (GTUT)"), and the Conferences' final
reports ("Conférence des États Parties (CEP)", "Conferencia de los Estados Partes (CEEP)";
"Traité sur le commerce des armes (TCA)", "Tratado sobre el Comercio de Armas (TCA)"). Document
symbols keep their English letters in every language (ATT/CSP4/…), as the Secretariat's do.
"""

from functools import lru_cache

from django.utils import translation
from django.utils.formats import date_format

from meetings.translated import Localized, active_language, version
from states.bodies import BODIES, MEETING_KINDS


def body_name(body: str, language: str | None = None) -> str:
    return BODIES[body][language or active_language()][0]


def body_acronym(body: str, language: str | None = None) -> str:
    return BODIES[body][language or active_language()][1]


def conference_name(number: int, language: str | None = None) -> str:
    """CSP4, CEP4, CEEP4."""
    return f"{body_acronym('csp', language)}{number}"


def composed_meeting_title(
    day, language: str | None = None, *, short: bool = False, kind: str = "meeting"
) -> str:
    """The title of a meeting of the WGTU held on `day`, in `language` (default: active)."""
    return _composed(day, language or active_language(), short, kind)


@lru_cache(maxsize=4096)
def _composed(day, language: str, short: bool, kind: str) -> str:
    # Composed once per day, language and form: lists name every meeting on every page, and
    # each composition switches the active language to write the date.
    name, acronym = BODIES["wgtu"][language]
    full, brief, _kind = MEETING_KINDS[kind][language]
    with translation.override(language):
        written = date_format(day, "DATE_FORMAT")
    return (brief if short else full).format(name=name, acronym=acronym, date=written)


def meeting_title(meeting, language: str | None = None, *, short: bool = False) -> Localized:
    """The Secretariat's title in `language` if it gave one, else the composed title: always in
    the reader's language (a composed title never falls back)."""
    language = language or active_language()
    override = version(meeting, "title", language)
    text = override or composed_meeting_title(meeting.date, language, short=short)
    return Localized(text, language, language)
