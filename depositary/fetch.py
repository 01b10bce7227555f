"""Fetching the depositary's status file over HTTPS (the standard library's http.client, no
database).

Bounded in every way a server can misbehave: TLS verified (the system's trust store); a timeout
to connect, a timeout for each read, and a deadline for the whole download (a server that sends a
byte a second is stopped too); a size cap (a declared Content-Length above it is refused before
the body is read; a body that grows past it is cut off at the cap); at most MAX_REDIRECTS
redirects, never from HTTPS to plain HTTP; and a check that what came back is the expected XML
(an XML declaration or a <Document> root, no HTML) before anything parses it.

Plain HTTP is accepted only from a loopback address (a local mirror, the tests). Every failure is
a FetchError whose text is one line saying why.
"""

import datetime as dt
import hashlib
import http.client
import ipaddress
import re
import ssl
import time
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from depositary import reader

MAX_REDIRECTS = 3
CHUNK = 64 * 1024
USER_AGENT = "WGTU-Portal depositary sync (+https://thearmstradetreaty.org)"
# What a status file may be served as; an absent Content-Type is accepted (the body is checked).
XML_TYPES = ("xml", "application/octet-stream", "text/plain")
XML_START = re.compile(
    rb"^\s*(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<Document\b", re.DOTALL
)


class FetchError(Exception):
    """The file could not be fetched; str() is one line saying why."""


@dataclass
class Fetched:
    url: str  # the URL finally read (after redirects)
    file_name: str
    content: bytes
    fetched_at: dt.datetime

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class Limits:
    connect_timeout: float
    read_timeout: float
    total_timeout: float
    max_bytes: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            connect_timeout=settings.WGTU_DEPOSITARY_CONNECT_TIMEOUT,
            read_timeout=settings.WGTU_DEPOSITARY_READ_TIMEOUT,
            total_timeout=settings.WGTU_DEPOSITARY_TOTAL_TIMEOUT,
            max_bytes=reader.MAX_FILE_BYTES,
        )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _connection(url: str, limits: Limits):
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise FetchError(_("%(url)s is not an https:// URL.") % {"url": url[:200]})
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise FetchError(
            _("%(url)s is plain HTTP; the depositary's file is fetched over HTTPS only.")
            % {"url": url[:200]}
        )
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            parts.hostname,
            parts.port,
            timeout=limits.connect_timeout,
            context=ssl.create_default_context(),
        )
    else:
        connection = http.client.HTTPConnection(
            parts.hostname, parts.port, timeout=limits.connect_timeout
        )
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    return connection, path


def _read_body(response, url: str, limits: Limits, deadline: float) -> bytes:
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(
            _("The file is %(size)s bytes, more than the %(cap)s allowed; not downloaded.")
            % {"size": declared, "cap": limits.max_bytes}
        )
    chunks, received = [], 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(
                _("The download took longer than %(seconds)s seconds and was stopped.")
                % {"seconds": int(limits.total_timeout)}
            )
        try:
            chunk = response.read(min(CHUNK, limits.max_bytes + 1 - received))
        except http.client.IncompleteRead as exc:
            raise FetchError(
                _("The file is truncated: the connection closed after %(received)s bytes.")
                % {"received": received + len(exc.partial)}
            ) from None
        if not chunk:
            break
        received += len(chunk)
        chunks.append(chunk)
        if received > limits.max_bytes:
            raise FetchError(
                _("The file is larger than the %(cap)s bytes allowed; the download was stopped.")
                % {"cap": limits.max_bytes}
            )
    if declared and declared.isdigit() and received < int(declared):
        raise FetchError(
            _("The file is truncated: %(received)s of the %(declared)s bytes announced arrived.")
            % {"received": received, "declared": declared}
        )
    return b"".join(chunks)


def _check_xml(response, content: bytes) -> None:
    """The expected XML, before anything parses it: an XML document whose root is <Document>."""
    kind = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
    if kind and not any(t in kind for t in XML_TYPES):
        raise FetchError(
            _("The server sent %(type)s, not the XML status file.") % {"type": kind[:60]}
        )
    if not content.strip():
        raise FetchError(_("The server sent an empty file."))
    if not XML_START.match(content[:4096]):
        raise FetchError(_("The file is not the depositary's MTDSG XML (no <Document> root)."))


def file_name_of(url: str) -> str:
    """The last segment of the URL's path, e.g. "XXVI-8.en.xml"."""
    return unquote(urlsplit(url).path.rsplit("/", 1)[-1])[:200] or "depositary.xml"


def fetch(url: str, limits: Limits | None = None) -> Fetched:
    """GET `url` within `limits` (default: the settings); FetchError with one line otherwise."""
    limits = limits or Limits.from_settings()
    deadline = time.monotonic() + limits.total_timeout
    for _redirect in range(MAX_REDIRECTS + 1):
        connection, path = _connection(url, limits)
        try:
            try:
                connection.connect()
            except TimeoutError:
                raise FetchError(
                    _("No connection to %(host)s within %(seconds)s seconds.")
                    % {"host": urlsplit(url).hostname, "seconds": limits.connect_timeout}
                ) from None
            connection.sock.settimeout(limits.read_timeout)
            connection.request(
                "GET",
                path,
                headers={"User-Agent": USER_AGENT, "Accept": "application/xml, text/xml"},
            )
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                target = urljoin(url, response.getheader("Location") or "")
                if urlsplit(url).scheme == "https" and urlsplit(target).scheme != "https":
                    raise FetchError(
                        _("The server redirected to %(url)s, which is not HTTPS.")
                        % {"url": target[:200]}
                    )
                url = target
                continue
            if response.status != 200:
                raise FetchError(
                    _("The server answered HTTP %(status)s %(reason)s for %(url)s.")
                    % {"status": response.status, "reason": response.reason, "url": url[:200]}
                )
            content = _read_body(response, url, limits, deadline)
            _check_xml(response, content)
            return Fetched(
                url=url, file_name=file_name_of(url), content=content, fetched_at=timezone.now()
            )
        except TimeoutError:
            raise FetchError(
                _("The server did not answer within %(seconds)s seconds.")
                % {"seconds": limits.read_timeout}
            ) from None
        except ssl.SSLError as exc:
            raise FetchError(
                _("The TLS connection failed: %(error)s.") % {"error": str(exc)[:160]}
            ) from None
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(
                _("The file could not be fetched: %(error)s.")
                % {"error": (str(exc) or type(exc).__name__)[:160]}
            ) from None
        finally:
            connection.close()
    raise FetchError(_("More than %(n)s redirects; stopped.") % {"n": MAX_REDIRECTS})
