"""Safe rendering: WeasyPrint fetches nothing but static files, user text stays text, and a render
is bounded in time and memory."""

import pytest

from meetings.reports import fetcher, pdf
from meetings.reports.i18n import language
from tests.reports.conftest import HOSTILE_NOTE, HTTP_NOTE, page_texts


def test_hostile_agenda_notes_make_weasyprint_fetch_nothing_but_static_files(rendered):
    _html, result = rendered("2018-03-07", "public", "en")
    assert result.requested, "the fetcher was used for the CSS and fonts"
    assert all(url.startswith("wgtustatic:") for url in result.requested)
    assert result.refused == []
    assert not any("passwd" in url or "evil.example" in url for url in result.requested)


def test_hostile_agenda_note_is_escaped_in_the_html(rendered):
    html, _result = rendered("2018-03-07", "public", "en")
    assert '<img src="file:///etc/passwd">' not in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    assert 'href="http://evil.example' not in html


def test_hostile_agenda_note_appears_as_plain_text_in_the_pdf(rendered):
    _html, result = rendered("2018-03-07", "public", "en")
    text = " ".join(" ".join(page_texts(result.content)).split())
    assert '<img src="file:///etc/passwd">' in text
    assert " ".join(HTTP_NOTE.split()) in text
    assert HOSTILE_NOTE.startswith("See <img")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/static/css/report.css",
        "https://example.org/font.ttf",
        "data:text/css,body{}",
        "ftp://example.org/x",
        "wgtustatic:../settings.py",
        "wgtustatic:/etc/passwd",
        "wgtustatic:css/../../wgtu_portal/settings.py",
        "wgtustatic:css/no-such-file.css",
        "css/report.css",
    ],
)
def test_fetcher_refuses_anything_but_a_project_static_file(url):
    with pytest.raises(fetcher.RefusedURL):
        fetcher.static_path(url)


def test_fetcher_serves_the_print_css_and_records_what_it_was_asked():
    static_fetcher = fetcher.make_fetcher()
    response = static_fetcher.fetch("wgtustatic:css/report.css")
    assert b"@page" in response.read()
    with pytest.raises(fetcher.RefusedURL):
        static_fetcher.fetch("https://example.org/x.css")
    assert static_fetcher.requested == ["wgtustatic:css/report.css", "https://example.org/x.css"]
    assert static_fetcher.refused == ["https://example.org/x.css"]


def test_a_render_past_its_time_limit_is_stopped_with_a_message():
    html = "<p>x</p>" * 20000
    with pytest.raises(pdf.ReportUnavailable, match="longer than"):
        pdf.render_pdf(html, timeout=0.05)


def test_a_render_past_its_memory_limit_is_stopped_with_a_message():
    with pytest.raises(pdf.ReportUnavailable, match="memory"):
        # One 20 MB text node: its copies are fresh mappings, past any free heap the forked
        # child inherits, so the 1 MB headroom is exceeded whatever the test process holds.
        pdf.render_pdf("<p>" + "x" * 20_000_000 + "</p>", memory_mb=1, timeout=60)


def test_language_context_manager_restores_the_previous_language():
    from django.utils import translation

    translation.activate("es")
    with language("fr"):
        assert translation.get_language() == "fr"
    assert translation.get_language() == "es"
