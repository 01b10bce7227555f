"""The only resources WeasyPrint may load while rendering a report: the project's static files.

Templates name them with the `wgtustatic:` scheme (e.g. `wgtustatic:css/report.css`); the
fetcher finds the file with the staticfiles finders (the same files the site serves) and refuses
everything else — file:, http:, https:, data:, ftp:, relative paths, `..` — without opening any
connection, so no redirect can ever be followed. Every URL asked is recorded (`requested`), and
every refusal too (`refused`), so tests can prove that user text made WeasyPrint fetch nothing.
"""

import functools
import mimetypes
import posixpath
import ssl
from pathlib import Path

from django.contrib.staticfiles import finders

# No hyphen: the manifest static storage leaves `scheme:` URLs in CSS alone only when the scheme
# is letters ([a-z]+:), so report.css survives collectstatic unchanged.
SCHEME = "wgtustatic:"


class RefusedURL(ValueError):
    """A URL the report renderer will not fetch."""


def static_path(url: str) -> Path:
    """The file behind a `wgtustatic:` URL, or RefusedURL."""
    if not url.startswith(SCHEME):
        raise RefusedURL(f"not a static file of the project: {url[:200]}")
    name = url[len(SCHEME) :].split("?", 1)[0].split("#", 1)[0]
    normalised = posixpath.normpath(name)
    if not name or normalised != name or normalised.startswith(("/", "..")) or "\\" in name:
        raise RefusedURL(f"not a plain static path: {url[:200]}")
    found = finders.find(normalised)
    if not found:
        raise RefusedURL(f"no such static file: {url[:200]}")
    return Path(found)


@functools.cache
def _trusts_nothing() -> ssl.SSLContext:
    """A TLS context with no certificate authority: no connection could be verified with it.
    Given to the opener's HTTPS handler, which would otherwise load the system's CA store (20-40
    ms) on every render for a handler that fetch() below never calls."""
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def make_fetcher():
    """A weasyprint.URLFetcher that serves static files only (imports WeasyPrint: call it lazily,
    in the process that renders)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def __init__(self):
            # No protocol allowed to the parent's opener: fetch() below never calls it anyway.
            super().__init__(
                allowed_protocols=(), allow_redirects=False, ssl_context=_trusts_nothing()
            )
            self.requested: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            self.requested.append(url)
            try:
                path = static_path(url)
            except RefusedURL:
                self.refused.append(url)
                raise
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticOnlyFetcher()
