"""Whole HTML pages kept in the per-process "pages" cache, with what belongs to one request put back.

A page is rendered once for its key and served from the cache afterwards. The key holds what the
caller passes (the versions of the data the page shows, see caching.versions) and everything the
page can differ by besides: the reader (anonymous, or the user's id, role and the name the
navigation shows), the language, the host, the full path with its query string (filters, dates,
the language switcher's "next"), and today's date (pages default to today). The caller checks
permissions before asking: the cache never decides who may read a page.

What belongs to one request is never kept: the Content Security Policy nonce and each CSRF token
are cut out of the stored HTML and filled in afresh on every hit (the request's own nonce, which
the CSP header then carries; freshly masked tokens from get_token, which also sets the CSRF
cookie as a render would). Nothing is stored from a response other than 200, one that sets a
cookie, or a render that changed the session; and no page is served from (or stored in) the cache
while the reader has messages waiting: those are shown once, by an ordinary render.

Entries are never stale (the data versions are in the key); the cache's size bounds how many
are kept (settings.CACHES["pages"]).
"""

import hashlib
import re
from dataclasses import dataclass

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from accounts.roles import role_of

CACHE = "pages"
TIMEOUT = 24 * 60 * 60  # entries age out; a new data version makes older ones unreachable anyway
NONCE, CSRF = "nonce", "csrf"
# The token is group 1. Each pattern starts with literal text, which the regex engine looks for
# with a fast scan: one alternation with a look-behind tried at every character of the page
# took 4.5 ms on a 220 KB page (the dashboard), 0.1 ms so.
CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@dataclass(frozen=True)
class StoredPage:
    """A page cut at every per-request value: chunks[0] hole[0] chunks[1] … chunks[-1]."""

    chunks: tuple[bytes, ...]  # encoded once, when stored
    holes: tuple[str, ...]
    headers: tuple[tuple[str, str], ...]

    def response(self, request) -> HttpResponse:
        values = {
            NONCE: lambda: str(get_nonce(request)).encode("ascii"),
            CSRF: lambda: get_token(request).encode("ascii"),
        }
        parts = [self.chunks[0]]
        for hole, chunk in zip(self.holes, self.chunks[1:], strict=True):
            parts += [values[hole](), chunk]
        return HttpResponse(b"".join(parts), headers=dict(self.headers))


def reader_key(user) -> tuple:
    """Who reads the page, as far as any page can differ by it: the user, their role, what they
    may do (pages show links by permission; a permission given or taken away directly, or
    superuser status, changes them with no data version changing) and the names the navigation
    shows. The permissions are those accounts.roles.load_access read for this request: no query."""
    if not user.is_authenticated:
        return ("anonymous",)
    may = hashlib.sha256(repr(sorted(user.get_all_permissions())).encode()).hexdigest()[:16]
    return (user.pk, role_of(user), may, user.get_full_name(), user.get_username())


def page_key(request, parts) -> str:
    described = (
        tuple(parts),
        reader_key(request.user),
        get_language(),
        request.get_host(),
        request.get_full_path(),
        timezone.localdate().isoformat(),
    )
    return "page:" + hashlib.sha256(repr(described).encode()).hexdigest()


def _has_messages(request) -> bool:
    return bool(len(get_messages(request)))


def _store(request, response) -> StoredPage | None:
    """The page cut at its nonce and CSRF tokens, or None when it must not be kept."""
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or getattr(getattr(request, "session", None), "modified", False)
    ):
        return None
    html = response.content.decode(response.charset)
    nonce = get_nonce(request)
    found = [(m.start(1), m.end(1), CSRF) for m in CSRF_VALUE.finditer(html)]
    if nonce:  # generated: the page (or a header) used it
        found += [(m.start(), m.end(), NONCE) for m in re.finditer(re.escape(str(nonce)), html)]
    chunks, holes, start = [], [], 0
    for begin, end, hole in sorted(found):
        chunks.append(html[start:begin])
        holes.append(hole)
        start = end
    chunks.append(html[start:])
    encoded = tuple(chunk.encode(response.charset) for chunk in chunks)
    return StoredPage(encoded, tuple(holes), tuple(response.headers.items()))


def cached_page(request, parts, render) -> HttpResponse:
    """The page for `parts` (the versions of its data, whatever else it depends on) from the
    cache, else render() (an HttpResponse, after the caller's permission checks) stored."""
    if request.method not in ("GET", "HEAD") or _has_messages(request):
        return render()
    cache = caches[CACHE]
    key = page_key(request, parts)
    page = cache.get(key)
    if page is not None:
        return page.response(request)
    response = render()
    page = _store(request, response)
    if page is not None:
        cache.set(key, page, TIMEOUT)
    return response
