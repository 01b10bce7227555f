"""Content held in English, French and Spanish: one column per language, and one typed accessor.

A translatable text `title` of a record is three columns: `title` (English, the column the
record always had), `title_fr` and `title_es`; the record's `original_language` says which of
them is the original (the others are translations). The standard topics and the challenges name
their English column `title_en`; `column()` knows both.

`localized(obj, "title")` returns the text to show in the reader's language as `Localized`: the
text and the language it is actually in. When the reader's version is missing it falls back to
the original (then to any version), and says so: pages and PDFs print the fallback with a
discreet marker in the reader's language ("(in English only)"), never a silent mix.

Why columns rather than django-modeltranslation or JSON: see the README's stack section (no
query changes, no patched managers, django-simple-history records each language like any other
field, and the fallback is ours to mark).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = ("en", "fr", "es")


def original_language_field():
    """The record's `original_language` column."""
    return models.CharField(
        _("original language"),
        max_length=2,
        choices=[("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))],
        default="en",
        help_text=_(
            "The language this record's texts were written in; the others are translations."
        ),
    )


def unofficial_translation_field():
    """The record's `unofficial_translation` column: the translations are the Secretariat's."""
    return models.BooleanField(
        _("translated by the Secretariat"),
        default=False,
        help_text=_("The translations are the Secretariat's, not official ATT translations."),
    )


def active_language() -> str:
    code = (get_language() or "en")[:2]
    return code if code in LANGUAGE_CODES else "en"


def column(obj_or_model, field: str, language: str) -> str:
    """The column holding `field` in `language`: `title_fr`; English is `title` (or `title_en`
    on models that name it so)."""
    if language != "en":
        return f"{field}_{language}"
    english = f"{field}_en"
    return english if hasattr(obj_or_model, english) else field


def version(obj, field: str, language: str) -> str:
    """The text of `field` in exactly `language` ("" when there is none)."""
    return (getattr(obj, column(obj, field, language), "") or "").strip()


def original_language(obj) -> str:
    code = getattr(obj, "original_language", "") or "en"
    return code if code in LANGUAGE_CODES else "en"


# The marker printed after a text shown in another language than the reader's: by the language
# the text is in, so each reads naturally ("(en anglais seulement)", "(solo en inglés)").
MARKERS = {
    "en": pgettext_lazy("content fallback marker", "(in English only)"),
    "fr": pgettext_lazy("content fallback marker", "(in French only)"),
    "es": pgettext_lazy("content fallback marker", "(in Spanish only)"),
}


def marker(language: str) -> str:
    return str(MARKERS[language])


@dataclass(frozen=True)
class Localized:
    """A text as shown to a reader of `requested`: `language` is the language it is really in."""

    text: str
    language: str
    requested: str

    @property
    def is_fallback(self) -> bool:
        return bool(self.text) and self.language != self.requested

    @property
    def marker(self) -> str:
        return marker(self.language) if self.is_fallback else ""

    @property
    def plain(self) -> str:
        """The text with its marker, for places that print plain text (titles of lists)."""
        return f"{self.text} {self.marker}" if self.is_fallback else self.text

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    @property
    def html_paragraphs(self) -> SafeString:
        return self.html(paragraphs=True)

    def html(self, *, paragraphs: bool = False) -> SafeString:
        """Escaped HTML: the text (as paragraphs if asked) and, if it is a fallback, its marker
        in a <span class="lang-fallback" lang="…"> (the text itself carries its own `lang`)."""
        if not self.text:
            return mark_safe("")
        body = linebreaks(self.text, autoescape=True) if paragraphs else escape(self.text)
        if not self.is_fallback:
            return mark_safe(body)
        note = f'<span class="lang-fallback">{escape(self.marker)}</span>'
        if paragraphs:
            return mark_safe(
                f'<div lang="{self.language}">{body}</div><p class="lang-fallback-note">{note}</p>'
            )
        return mark_safe(f'<span lang="{self.language}">{body}</span> {note}')


def localized(obj, field: str, language: str | None = None) -> Localized:
    """`field` of `obj` in `language` (default: the active one), else in the record's original
    language, else in any language it has; with the language it is shown in. No query."""
    wanted = language or active_language()
    text = version(obj, field, wanted)
    if text:
        return Localized(text, wanted, wanted)
    original = original_language(obj)
    for code in (original, *LANGUAGE_CODES):
        text = version(obj, field, code)
        if text:
            return Localized(text, code, wanted)
    return Localized("", wanted, wanted)


def missing_languages(obj, field: str) -> list[str]:
    """The languages (of fr, es and en) lacking a version of `field`, when it has any text."""
    present = [code for code in LANGUAGE_CODES if version(obj, field, code)]
    if not present:
        return []
    return [code for code in LANGUAGE_CODES if code not in present]


def translation_columns(model) -> list[str]:
    """Every column of the model's translatable texts, in every language (TRANSLATED_FIELDS)."""
    return [
        column(model, field, code)
        for field in getattr(model, "TRANSLATED_FIELDS", ())
        for code in LANGUAGE_CODES
    ]


def translated_history_fields(model) -> list[str]:
    """The fields the side-by-side editor adds to those of a record's ordinary edit form (which
    lists the English columns already), for the history display."""
    english = {column(model, f, "en") for f in getattr(model, "TRANSLATED_FIELDS", ())}
    others = [name for name in translation_columns(model) if name not in english]
    return ["original_language", "unofficial_translation", *others]


def language_name(code: str) -> str:
    names = {"en": gettext("English"), "fr": gettext("French"), "es": gettext("Spanish")}
    return names[code]
