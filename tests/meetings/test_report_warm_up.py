"""Warming the report renderer up when a server process starts (meetings.reports.pdf.warm_up,
meetings.reports.render.warm_up): safe to repeat, never raises, reads no data, fetches nothing."""

import logging
from unittest import mock

import pytest

from meetings.reports import fetcher, pdf, render
from states import maps


@pytest.fixture
def cold(monkeypatch):
    """This process counted as never warmed up (the flag is per process)."""
    monkeypatch.setattr(pdf, "_warm", False)


@pytest.fixture
def fetchers(monkeypatch):
    """Every fetcher the renderer makes, kept to read what it was asked."""
    made = []
    real = fetcher.make_fetcher

    def make():
        made.append(real())
        return made[-1]

    monkeypatch.setattr(fetcher, "make_fetcher", make)
    return made


def test_warm_up_renders_a_tiny_document_and_fetches_nothing(cold, fetchers):
    with mock.patch.object(fetcher, "static_path", wraps=fetcher.static_path) as static:
        assert pdf.warm_up() is True
    assert len(fetchers) == 1
    assert fetchers[0].requested == [] and fetchers[0].refused == []
    static.assert_not_called()


def test_the_warm_up_document_names_no_url():
    assert "url(" not in pdf.WARM_UP_HTML and "src=" not in pdf.WARM_UP_HTML
    assert "href=" not in pdf.WARM_UP_HTML and "@import" not in pdf.WARM_UP_HTML


def test_warm_up_twice_renders_once(cold):
    with mock.patch.object(pdf, "write_pdf", wraps=pdf.write_pdf) as write:
        assert pdf.warm_up() is True
        assert pdf.warm_up() is True
    write.assert_called_once_with(pdf.WARM_UP_HTML)


def test_a_broken_renderer_does_not_raise_from_warm_up(cold, caplog):
    with (
        mock.patch.object(pdf, "write_pdf", side_effect=OSError("no Pango library")),
        caplog.at_level(logging.ERROR, logger="meetings.reports.pdf"),
    ):
        assert pdf.warm_up() is False
    assert "could not be warmed up" in caplog.text
    assert pdf._warm is False


def test_a_broken_renderer_still_reports_through_the_normal_path(cold, caplog):
    with mock.patch.object(pdf, "write_pdf", side_effect=OSError("no Pango library")):
        assert pdf.warm_up() is False
        # The render child is forked from this process: it inherits the broken renderer.
        with pytest.raises(pdf.ReportUnavailable, match="could not be produced"):
            pdf.render_pdf("<p>A report.</p>", timeout=60)


def test_a_render_after_warm_up_works_as_before(cold):
    assert pdf.warm_up() is True
    result = pdf.render_pdf("<p>A report.</p>", timeout=60)
    assert result.content.startswith(b"%PDF-")


def test_the_server_warm_up_reads_no_data(db, cold, django_assert_num_queries):
    with django_assert_num_queries(0):
        render.warm_up()
    assert pdf._warm is True


def test_the_server_warm_up_never_raises(cold, caplog):
    with (
        mock.patch.object(maps, "geometry", side_effect=ValueError("bad map file")),
        mock.patch.object(pdf, "write_pdf", side_effect=OSError("no Pango library")),
        caplog.at_level(logging.ERROR),
    ):
        render.warm_up()
    assert "could not be prepared in advance" in caplog.text
    assert "could not be warmed up" in caplog.text


def test_the_server_warm_up_prepares_the_templates_and_the_map(cold):
    with (
        mock.patch.object(render, "get_template", wraps=render.get_template) as templates,
        mock.patch.object(maps, "geometry", wraps=maps.geometry) as geometry,
    ):
        render.warm_up()
        render.warm_up()
    assert {call.args[0] for call in templates.call_args_list} == set(render.TEMPLATES)
    assert geometry.call_count == 2  # cached per process: the second call costs nothing
    assert pdf._warm is True


def test_the_fetcher_never_loads_a_certificate_store():
    context = fetcher._trusts_nothing()
    assert context.cert_store_stats()["x509"] == 0
    assert context is fetcher._trusts_nothing()
