"""Meeting report rendering benchmark (a script, not a test): issue 8, item 9.

    DATABASE_URL=sqlite:////tmp/report-bench.sqlite3 .venv/bin/python bench/report_render.py

Uses the database named by DATABASE_URL (default: the project's SQLite file); migrates it and loads
the reference data if the 31 May 2018 meeting is missing. Prints, for the public English report
of 31 May 2018: the cold render (context + HTML + PDF in the bounded child process, stored), the
cached download (no rendering), the peak memory of this process and of the render children, the
time WeasyPrint alone takes for the same HTML (in process, after one warm-up), and the ratio of
the full 196-state annex report to one whose annex keeps 20 states.

"Cold" means: no rendering of this report stored, in a process started as the web server starts
its workers. Before anything is timed, the process pays what a server worker pays once when it
starts: importing WeasyPrint, and meetings.reports.render.warm_up() as gunicorn's
post_worker_init calls it (the template engine and the report templates, the world map's
geometry, WeasyPrint initialised on a tiny built-in document; no report data, not this report's
HTML). The first download still builds the context and the HTML, forks the bounded render child,
renders and stores. --no-warm-up leaves warm_up out: the first report of a worker that was not
warmed (the ~0.3 s of start-up then falls on that download).

    … bench/report_render.py --json   (bench/run.py) the cold render, the cached download,
                                      WeasyPrint alone and peak memory only, as one JSON line
    … bench/report_render.py --json --languages   (bench/run.py, issue 21 item 3) the report in
                                      all three languages cold (meetings.reports.cache.
                                      meeting_report_files: the data read once, the three PDFs
                                      side by side) against English alone, cold, alternating,
                                      the median of --rounds (default 3) each: one JSON line
"""

import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wgtu_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")


def timed(function, repeat=1):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from meetings.models import Meeting, RenderedReport

    if not Meeting.objects.filter(date="2018-05-31").exists():
        call_command("load_reference_data", verbosity=0)
    from meetings.reports import cache, pdf
    from meetings.reports.fetcher import make_fetcher
    from meetings.reports.render import meeting_report_html

    meeting = Meeting.objects.select_related("plan").get(date="2018-05-31")
    RenderedReport.objects.filter(meeting=meeting).delete()

    import weasyprint  # the import (~1 s) is paid once per process, before any timing

    from meetings.reports import render

    if "--languages" in sys.argv:
        languages(meeting, render)
        return

    # What the server does when a worker starts (gunicorn post_worker_init), before any timing.
    warm_up_time = None
    if "--no-warm-up" not in sys.argv:
        warm_up_time, _result = timed(render.warm_up)

    def download():
        return cache.meeting_report_file(meeting=meeting, edition="public", language="en")

    cold, (_name, _type, content, _version) = timed(download)
    cached, _result = timed(download, repeat=5)

    html_time, html = timed(lambda: meeting_report_html(meeting, language="en"), repeat=3)
    pdf.write_pdf(html)  # warm-up: fonts, map geometry
    weasy_time, _pdf = timed(
        lambda: weasyprint.HTML(string=html, url_fetcher=make_fetcher()).write_pdf(), repeat=3
    )
    if "--json" in sys.argv:
        import io

        import pypdf

        result = {
            "cold_s": round(cold, 3),
            "cached_ms": round(cached * 1000, 2),
            "html_s": round(html_time, 3),
            "weasyprint_s": round(weasy_time, 3),
            "ratio": round(cold / weasy_time, 3),
            "pages": len(pypdf.PdfReader(io.BytesIO(content)).pages),
            "warm_up_s": None if warm_up_time is None else round(warm_up_time, 3),
            "peak_mib_self": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "peak_mib_children": round(
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            ),
        }
        print(json.dumps(result))
        return
    bounded_time, _result = timed(lambda: pdf.render_pdf(html), repeat=3)

    small_html = meeting_report_html(meeting, language="en", annex_limit=20)
    full_time, full = timed(lambda: pdf.write_pdf(html), repeat=3)
    small_time, small = timed(lambda: pdf.write_pdf(small_html), repeat=3)

    import io

    import pypdf

    def pages(data: bytes) -> int:
        return len(pypdf.PdfReader(io.BytesIO(data)).pages)

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rows = [
        ("report", f"31 May 2018, public, en: {pages(content)} pages, {len(content):,} bytes"),
        (
            "worker start-up warm-up (render.warm_up; not timed in the download)",
            "left out (--no-warm-up)" if warm_up_time is None else f"{warm_up_time:.2f} s",
        ),
        ("cold download (context + HTML + bounded render + store)", f"{cold:.2f} s"),
        ("cached download (median of 5; no rendering)", f"{cached * 1000:.1f} ms"),
        ("cold / cached", f"{cold / cached:.0f}x"),
        ("context + HTML alone (median of 3)", f"{html_time:.2f} s"),
        ("WeasyPrint alone, same HTML, in process (median of 3)", f"{weasy_time:.2f} s"),
        ("bounded render (fork + limits + WeasyPrint; median of 3)", f"{bounded_time:.2f} s"),
        ("WeasyPrint share of the cold download", f"{weasy_time / cold:.0%}"),
        ("cold download / WeasyPrint alone", f"{cold / weasy_time:.2f}"),
        ("peak memory, this process (max RSS)", f"{own:.0f} MiB"),
        ("peak memory, render children (max RSS)", f"{children:.0f} MiB"),
        (
            f"full annex ({pages(full.content)} pages) / 20-state annex ({pages(small.content)} pages)",
            f"{full_time:.2f} s / {small_time:.2f} s = {full_time / small_time:.2f}",
        ),
    ]
    width = max(len(label) for label, _value in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


def languages(meeting, render) -> None:
    """The report in three languages cold against one language cold, in the same process after
    the worker's warm-up; both from an empty report store, one data version."""
    from meetings.models import RenderedReport
    from meetings.reports import cache

    render.warm_up()
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 3

    def cold(function):
        RenderedReport.objects.filter(meeting=meeting).delete()
        cache.cache.clear()  # this process's kept renderings
        started = time.perf_counter()
        function()
        return time.perf_counter() - started

    def one():
        return cache.meeting_report_file(meeting=meeting, edition="public", language="en")

    def three():
        return cache.meeting_report_files(meeting=meeting, edition="public")

    one_times, three_times = [], []
    for i in range(rounds):
        pair = [(one, one_times), (three, three_times)]
        for function, times in pair if i % 2 == 0 else reversed(pair):
            times.append(cold(function))
    one_s, three_s = statistics.median(one_times), statistics.median(three_times)
    result = {
        "one_s": round(one_s, 3),
        "three_s": round(three_s, 3),
        "ratio": round(three_s / one_s, 3),
        "one_samples": [round(x, 3) for x in one_times],
        "three_samples": [round(x, 3) for x in three_times],
        "load": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(result) if "--json" in sys.argv else result)


if __name__ == "__main__":
    main()
