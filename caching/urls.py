"""URLs of one argument reversed once (issue 21): `reverse_one("meetings:meeting", 5)` equals
`reverse("meetings:meeting", args=[5])`, but the pattern is reversed once per URL name, URL
configuration and script prefix, and the argument put in its place.

Pages that list many records link each of them (the map's 196 states, a plan's meetings and
conferences): a `reverse()` each cost more than the rest of such a list. Only for patterns whose
one argument is an `int` or a `str`/`slug` path converter (the argument written as text,
percent-encoded as reverse() does); tests/caching/test_urls.py compares it with `reverse()`.
"""

from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

# Reversed in the argument's place: digits for <int:…>, letters for <str:…> and <slug:…>.
_PLACEHOLDERS = {int: 918273645546372819, str: "zqxjzqxjzqxj"}
_PARTS: dict = {}


def reverse_one(name: str, value) -> str:
    """reverse(name, args=[value]) for a pattern of one int or str argument."""
    kind = int if isinstance(value, int) else str
    key = (name, kind, get_script_prefix(), get_urlconf())
    parts = _PARTS.get(key)
    if parts is None:
        placeholder = str(_PLACEHOLDERS[kind])
        head, _found, tail = reverse(name, args=[_PLACEHOLDERS[kind]]).rpartition(placeholder)
        parts = _PARTS[key] = (head, tail)
    # Encoded as reverse() encodes an argument (a <str:…> never holds a slash).
    return f"{parts[0]}{quote(str(value), safe=RFC3986_SUBDELIMS + '~:@')}{parts[1]}"
