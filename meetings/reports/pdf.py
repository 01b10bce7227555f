"""HTML → PDF with WeasyPrint, bounded in time and memory.

The render runs in a child process forked from this one (WeasyPrint is imported first, lazily, in
the parent, so each render does not pay the import again): the child lowers its address-space limit
(RLIMIT_AS) before rendering, and the parent kills it when the time limit passes. A render that runs
out of time or memory raises ReportUnavailable with a message for the reader; the server process is
never the one that grows or hangs.

Limits come from settings (defaults in brackets): REPORT_RENDER_TIMEOUT seconds [90],
REPORT_RENDER_MEMORY_MB of extra address space for the child [1024].

A process that has not rendered anything yet forks children that start WeasyPrint cold (its C
bindings' declarations parsed, Pango and Fontconfig set up: ~50 ms of every render). warm_up()
renders a tiny built-in document once in this process so that every child inherits that state;
the web server calls it when a worker starts (meetings.reports.render.warm_up).
"""

import logging
import multiprocessing
import os
import resource
import time
import traceback
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 90
DEFAULT_MEMORY_MB = 1024

# The warm-up document: text in regular, bold and italic, a table, an SVG and page margins, in
# the fonts the system has. It names no URL, so nothing is fetched.
WARM_UP_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>warm-up</title><style>
@page { size: A4; margin: 2cm; @bottom-center { content: counter(page); } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; }
</style></head><body>
<h1>Warm-up</h1><p>Plain, <strong>bold</strong> and <em>italic</em> text.</p>
<table><tr><th scope="row">A</th><td>1</td></tr></table>
<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20" viewBox="0 0 60 20">
<path d="M0 0h10v10z" fill="#336699"/><text x="12" y="12">x</text></svg>
</body></html>"""

_warm = False


class ReportUnavailable(Exception):
    """The report could not be rendered within its bounds; str() is the reader's message."""


@dataclass
class PdfResult:
    content: bytes
    requested: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _address_space() -> int:
    """The current virtual size of this process, in bytes (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def write_pdf(html: str) -> PdfResult:
    """Render `html` in this process (no bounds): the child's work, and the benchmark's."""
    import weasyprint

    from meetings.reports.fetcher import make_fetcher

    fetcher = make_fetcher()
    started = time.perf_counter()
    content = weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(
        # No /ID (it would hash the output) and no date but the one the template sets.
        pdf_identifier=False,
        uncompressed_pdf=False,
    )
    return PdfResult(content, fetcher.requested, fetcher.refused, time.perf_counter() - started)


def warm_up() -> bool:
    """Render WARM_UP_HTML once in this process (the first call; later calls do nothing) so the
    render children forked from it start with WeasyPrint initialised. Whether WeasyPrint is warm.

    Never raises: a renderer that cannot start is logged here, and a report asked for later
    fails through the normal path (render_pdf: ReportUnavailable, a 503 with a message)."""
    global _warm
    if _warm:
        return True
    try:
        write_pdf(WARM_UP_HTML)
    except Exception:
        logger.exception("The report renderer could not be warmed up.")
        return False
    _warm = True
    return True


def _child(connection, html: str, memory_limit: int) -> None:
    try:
        if memory_limit:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        result = write_pdf(html)
        connection.send(("ok", result))
    except MemoryError:
        connection.send(("memory", ""))
    except BaseException:
        connection.send(("error", traceback.format_exc(limit=5)))
    finally:
        connection.close()


def _limits(timeout, memory_mb) -> tuple[float, int]:
    timeout = (
        timeout
        if timeout is not None
        else getattr(settings, "REPORT_RENDER_TIMEOUT", DEFAULT_TIMEOUT)
    )
    memory_mb = (
        memory_mb
        if memory_mb is not None
        else getattr(settings, "REPORT_RENDER_MEMORY_MB", DEFAULT_MEMORY_MB)
    )
    return timeout, (_address_space() + memory_mb * 1024 * 1024 if memory_mb else 0)


def render_pdf(html: str, *, timeout: float | None = None, memory_mb: int | None = None):
    """Render `html` to PDF in a bounded child process; PdfResult or ReportUnavailable."""
    return render_pdfs([html], timeout=timeout, memory_mb=memory_mb)[0]


def render_pdfs(
    htmls: list[str], *, timeout: float | None = None, memory_mb: int | None = None
) -> list[PdfResult]:
    """Render each of `htmls` to PDF, each in its own bounded child process, all forked at once
    from this process (WeasyPrint started once, here: every child inherits it) so that they run
    side by side on the machine's cores: the three languages of a report take little more than
    the longest of them where cores are free. PdfResults in the same order, or ReportUnavailable
    if any of them failed (the others are stopped). `timeout` bounds the whole batch."""
    import weasyprint  # noqa: F401 - imported once here, inherited by every forked child

    timeout, memory_limit = _limits(timeout, memory_mb)
    context = multiprocessing.get_context("fork")
    children = []
    try:
        for html in htmls:
            receiver, sender = context.Pipe(duplex=False)
            child = context.Process(target=_child, args=(sender, html, memory_limit), daemon=True)
            child.start()
            sender.close()
            children.append((child, receiver))
        deadline = time.monotonic() + timeout
        outcomes = []
        for _child_process, receiver in children:
            if not receiver.poll(max(0.0, deadline - time.monotonic())):
                raise ReportUnavailable(
                    _(
                        "The report took longer than %(seconds)s seconds to produce and was "
                        "stopped. Please try again later or ask the Secretariat."
                    )
                    % {"seconds": int(timeout)}
                )
            try:
                outcomes.append(receiver.recv())
            except EOFError:
                outcomes.append(("memory", ""))  # killed by the kernel: out of memory
    finally:
        for child, receiver in children:
            if child.is_alive():
                child.kill()
            child.join(5)
            receiver.close()
    results = []
    for outcome, payload in outcomes:
        if outcome == "ok":
            results.append(payload)
        elif outcome == "memory":
            raise ReportUnavailable(
                _(
                    "The report needed more memory than a report may use and was stopped. "
                    "Please ask the Secretariat."
                )
            )
        else:
            logger.error("Report rendering failed:\n%s", payload)
            raise ReportUnavailable(
                _(
                    "The report could not be produced. The Secretariat has been told; please "
                    "try later."
                )
            )
    return results
