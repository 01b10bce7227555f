"""Each distinct PDF is rendered once per test process (issue 21, item 4: shared PDF renders).

WeasyPrint's layout costs about a second a report, and many tests print the same report of the
same data (the 31 May 2018 meeting, the reference data, one language): the HTML is identical, so
the PDF is too (`pdf_identifier=False`; tests/reports/test_cache.py checks it byte for byte). So
`meetings.reports.pdf.render_pdfs`, which every report, briefing pack and bulk download goes
through, is wrapped for the whole session: a HTML already rendered in this process returns a
copy of its PdfResult (the PDF bytes and the fetcher's requests and refusals) without a render;
anything else is rendered as in production, in its bounded child.

Renders are never shared, and always real, when:
- a caller sets its own bounds (`timeout=` or `memory_mb=`: the time limit and memory tests);
- the settings' bounds differ from the project's (a test that lowers REPORT_RENDER_TIMEOUT);
- the test is marked `@pytest.mark.real_pdf_renders` (what renders must do twice, or fail).

Like tests/robustness/summary.py, a plugin of tests/conftest.py, so the controller adds up the
workers' counts for the line printed at the end ("PDF renders: N rendered, M shared").
"""

import copy
import hashlib
from collections import Counter

import pytest

COUNTS: Counter = Counter()
_KEY = "pdf_renders"
_MEMO: dict = {}
_SHARING = {"off": False}


def _bounds():
    from django.conf import settings

    return (
        getattr(settings, "REPORT_RENDER_TIMEOUT", None),
        getattr(settings, "REPORT_RENDER_MEMORY_MB", None),
    )


@pytest.fixture(scope="session", autouse=True)
def _shared_pdf_renders():
    from meetings.reports import pdf

    real = pdf.render_pdfs
    bounds = _bounds()

    def render_pdfs(htmls, *, timeout=None, memory_mb=None):
        if timeout is not None or memory_mb is not None or _bounds() != bounds or _SHARING["off"]:
            COUNTS["rendered"] += len(htmls)
            return real(htmls, timeout=timeout, memory_mb=memory_mb)
        keys = [hashlib.sha256(html.encode()).hexdigest() for html in htmls]
        missing = {key: html for key, html in zip(keys, htmls, strict=True) if key not in _MEMO}
        if missing:
            # Raises ReportUnavailable as production does; nothing is kept then.
            results = real(list(missing.values()))
            _MEMO.update(zip(missing, results, strict=True))
        COUNTS["rendered"] += len(missing)
        COUNTS["shared"] += len(keys) - len(missing)
        return [copy.deepcopy(_MEMO[key]) for key in keys]

    pdf.render_pdfs = render_pdfs
    yield
    pdf.render_pdfs = real


@pytest.fixture(autouse=True)
def _real_pdf_renders(request):
    """Tests marked real_pdf_renders render every PDF they ask for."""
    if request.node.get_closest_marker("real_pdf_renders") is None:
        yield
        return
    _SHARING["off"] = True
    try:
        yield
    finally:
        _SHARING["off"] = False


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: hand the counts to the controller
        workeroutput[_KEY] = dict(COUNTS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    COUNTS.update(getattr(node, "workeroutput", {}).get(_KEY, {}))


def pytest_terminal_summary(terminalreporter):
    if COUNTS:
        terminalreporter.write_line(
            f"PDF renders: {COUNTS['rendered']} rendered, {COUNTS['shared']} shared "
            "(the same HTML rendered once per process: tests/pdf_renders.py)"
        )
