"""Names in the reader's order: the Unicode Collation Algorithm, in pure Python (pyuca).

"Bénin" sorts between "Belize" and "Bhoutan" and "Égypte" among the E's, as a reader expects,
not after "Zimbabwe" as the characters' codes would put them. pyuca applies the default table
(DUCET), which is the French order; Spanish tailors one letter, "ñ", a letter of its own after
"n" (rendered here as "n" followed by a code point that sorts after every letter). PyICU would
need ICU's headers on the machine; pyuca installs from PyPI alone.

Every list of names sorted in Python goes through `collation_key` (or `by_name`); the database's
ORDER BY name_en is only right for English.
"""

import functools
from collections.abc import Callable, Iterable

from django.utils.translation import get_language

_AFTER_EVERY_LETTER = "\U0010ffff"


@functools.cache
def _collator():
    # Imported on first use: the table takes about 0.1 s to load, once per process.
    import pyuca

    return pyuca.Collator()


def collation_key(text: str, language: str | None = None) -> tuple[int, ...]:
    """The sort key of `text` in `language` (the active one by default)."""
    return _key(text, (language or get_language() or "en")[:2])


@functools.lru_cache(maxsize=4096)
def _key(text: str, language: str) -> tuple[int, ...]:
    if language == "es":
        text = text.replace("ñ", "n" + _AFTER_EVERY_LETTER).replace("Ñ", "N" + _AFTER_EVERY_LETTER)
    return tuple(_collator().sort_key(text))


def by_name[T](
    items: Iterable[T],
    *,
    name: Callable[[T], str] = lambda item: item.name,
    language: str | None = None,
    reverse: bool = False,
) -> list[T]:
    """`items` sorted by their name (`name(item)`, by default `item.name`) in the reader's order."""
    language = (language or get_language() or "en")[:2]
    return sorted(items, key=lambda item: _key(name(item), language), reverse=reverse)


def name_rank(path: str = "", *, language: str | None = None):
    """An ORDER BY expression that ranks rows by their state's name in the reader's order, for
    lists paginated by the database (`path`: the lookup from the rows to the state, "" for
    states themselves). One query, the states' names (about 200 rows), when called."""
    from django.db.models import Case, IntegerField, Value, When

    from states.models import State

    field = f"{path}_id" if path else "pk"
    states = State.objects.only("pk", "name_en", "name_fr", "name_es")
    ranked = by_name(states, language=language)
    return Case(
        *(When(**{field: state.pk}, then=Value(rank)) for rank, state in enumerate(ranked)),
        default=Value(len(ranked)),
        output_field=IntegerField(),
    )
