"""Server-drawn SVG charts (states/charts.py): valid, accessible, self-contained, translated."""

import datetime as dt
import xml.etree.ElementTree as ET

from django.utils import translation

from states import charts, rules

D = dt.date
SVG = "{http://www.w3.org/2000/svg}"
DEPOSITS = [D(2014, 4, 2), D(2014, 9, 25), D(2017, 12, 8), D(2018, 5, 18)]
MARKERS = [
    charts.Marker(D(2017, 9, 11), "CSP3", "csp"),
    charts.Marker(D(2018, 3, 7), "WGTU", "meeting"),
]


def _parse(svg: str):
    return ET.fromstring(svg)  # noqa: S314 - the charts' own output, not untrusted input


def _parties(**overrides):
    args = {
        "deposits": DEPOSITS,
        "entries_into_force": [rules.entry_into_force(d) for d in DEPOSITS],
        "since": D(2013, 6, 3),
        "until": D(2018, 5, 31),
        "markers": MARKERS,
    }
    return charts.parties_over_time_svg(**(args | overrides))


def test_parties_chart_parses_as_xml_with_title_and_desc():
    root = _parse(_parties())
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "States Parties over time"
    assert "4 instruments deposited" in root.find(f"{SVG}desc").text


def test_parties_chart_draws_a_line_per_marker():
    root = _parse(_parties())
    markers = [g for g in root.iter(f"{SVG}g") if "marker" in (g.get("class") or "")]
    assert [g.find(f"{SVG}text").text for g in markers] == ["CSP3", "WGTU"]


def test_chart_escapes_every_text():
    svg = _parties(markers=[charts.Marker(D(2016, 1, 1), '<b>&"x"', "csp")])
    _parse(svg)
    assert "<b>" not in svg


def test_chart_has_no_inline_style_and_no_external_reference():
    for svg in (_parties(), charts.region_bars_svg({"Africa": {"state_party": 3, "signatory": 1}})):
        assert "style=" not in svg
        assert "href" not in svg
        assert "<script" not in svg


def test_month_names_follow_the_active_language():
    with translation.override("fr"):
        svg = _parties(since=D(2017, 1, 1), until=D(2018, 5, 31))
    assert "janv." in svg or "avr." in svg


def test_table_counts_deposits_and_parties_in_force():
    table = charts.parties_over_time_table(
        deposits=DEPOSITS,
        entries_into_force=[rules.entry_into_force(d) for d in DEPOSITS],
        since=D(2013, 6, 3),
        until=D(2018, 3, 7),
    )
    assert table[-1] == charts.SeriesPoint(D(2018, 3, 7), 3, 2)
    assert charts.SeriesPoint(D(2014, 12, 31), 2, 2) in table


def test_withdrawals_leave_the_in_force_line():
    table = charts.parties_over_time_table(
        deposits=DEPOSITS[:1],
        entries_into_force=[rules.TREATY_ENTRY_INTO_FORCE],
        withdrawals=[D(2016, 1, 1)],
        since=D(2013, 6, 3),
        until=D(2016, 6, 1),
    )
    assert table[-1].in_force == 0
    assert table[-1].deposits == 1


def test_region_bars_parse_and_label_each_region():
    counts = {
        "Africa": {"state_party": 3, "ratified_not_in_force": 0, "signatory": 1, "non_signatory": 2}
    }
    root = _parse(charts.region_bars_svg(counts))
    assert root.find(f"{SVG}title").text == "Treaty status by region"
    assert "Africa: 3 of 6 States Parties" in root.find(f"{SVG}desc").text
