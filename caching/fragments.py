"""Fragments: any value (HTML, rows, a whole response) computed once per data version and kept in
each process's local-memory cache. The one entry point for everything cached below a whole page
(caching.pages): the states list's body, a state, the API's answers, exports, the outreach log's
body, the dashboard's halves, the filter forms' fields (states.filter_forms).

A key holds the kind of fragment, the data version of what it shows (caching.versions), the
active language and a digest of whatever else the caller passes (parameters, the date, the
reader's role): it is never served stale and never invalidated by hand.
"""

import hashlib

from django.core.cache import cache
from django.utils.translation import get_language

# Entries are unreachable once the version changes; the timeout only bounds their lifetime.
TIMEOUT = 24 * 60 * 60
KEY_PREFIX = "fragment"


def fragment_key(version: str, kind: str, parts, *, per_language: bool = True) -> str:
    """The key of one entry: prefix, kind, data version, language, a digest of `parts`."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    language = (get_language() or "") if per_language else "*"
    return f"{KEY_PREFIX}:{kind}:{version}:{language}:{digest}"


def cached(version: str, kind: str, parts, compute, *, per_language: bool = True):
    """The cached value for (version, kind, parts, active language), else compute() stored.
    `per_language=False` for a value that is the same in every language (plain data).

    compute() may raise (Http404, …): nothing is stored then."""
    key = fragment_key(version, kind, parts, per_language=per_language)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
