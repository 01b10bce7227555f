"""URLs of one argument reversed once (issue 21): `reverse_one("meetings:meeting", 5)` equals
`reverse("meetings:meeting", args=[5])`, but the pattern is reversed once per URL name, URL
configuration and script prefix, and the argument put in its place.

Pages that list many records link each of them (the map's 196 states, a plan's meetings and
conferences): a `reverse()` each cost more than the rest of such a list. The fast way is taken for
a non-negative int in an <int:…> pattern and for text that the pattern's <str:…> (or a subclass,
e.g. states' <iso3:…>) or <slug:…> converter accepts, written as reverse() writes it
(percent-encoded); any other argument goes through reverse() itself, which answers it or refuses
it (NoReverseMatch) exactly as before. tests/caching/test_urls_and_labels.py compares the two.
"""

import re
from urllib.parse import quote

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

# Reversed in the argument's place: digits for <int:…>, letters for <str:…> and <slug:…>.
_PLACEHOLDERS = {int: 918273645546372819, str: "zqxjzqxjzqxj"}
# What a <str:…> and a <slug:…> argument may hold (django.urls.converters).
_STR, _SLUG = re.compile(r"[^/]+"), re.compile(r"[-a-zA-Z0-9_]+")
_PARTS: dict = {}


def _accepts(name: str, value) -> bool:
    try:
        reverse(name, args=[value])
    except NoReverseMatch:
        return False
    return True


def _parts(name: str, kind) -> tuple[str, str, re.Pattern | None] | None:
    """(text before the argument, text after it, what a text argument must match), or None when
    the pattern takes no argument of this kind (then every call goes through reverse())."""
    placeholder = _PLACEHOLDERS[kind]
    if not _accepts(name, placeholder):
        return None
    head, _found, tail = reverse(name, args=[placeholder]).rpartition(str(placeholder))
    if kind is int:
        return head, tail, None
    if _accepts(name, "a b"):
        return head, tail, _STR
    return (head, tail, _SLUG) if _accepts(name, "a-b_1") else None


def reverse_one(name: str, value) -> str:
    """reverse(name, args=[value]) for a pattern of one int, str or slug argument."""
    number = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    kind = int if number else str
    key = (name, kind, get_script_prefix(), get_urlconf())
    if key not in _PARTS:
        _PARTS[key] = _parts(name, kind)
    parts = _PARTS[key]
    text = str(value)
    if parts is None or (parts[2] is not None and not parts[2].fullmatch(text)):
        return reverse(name, args=[value])
    # Encoded as reverse() encodes an argument.
    return f"{parts[0]}{quote(text, safe=RFC3986_SUBDELIMS + '~:@')}{parts[1]}"
