"""The world map (states/maps.py): every state drawn or listed, coloured by status, accessible."""

import csv
import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.utils import translation

from states import maps
from states.models import Status

D = dt.date
SVG = "{http://www.w3.org/2000/svg}"
DATA_SET = Path(__file__).resolve().parents[2] / "states" / "data" / "att_status.csv"


def _bundled_iso3() -> list[str]:
    with DATA_SET.open(encoding="utf-8", newline="") as handle:
        return [row["iso3"] for row in csv.DictReader(handle)]


def _rows(codes, status=Status.SIGNATORY):
    return [maps.MapState(iso3, f"Name {iso3}", status, f"/states/{iso3}/") for iso3 in codes]


def _parse(svg: str):
    return ET.fromstring(svg)  # noqa: S314 - the map's own output, not untrusted input


def _links(root) -> dict[str, ET.Element]:
    return {a.get("data-iso3"): a for a in root.iter(f"{SVG}a")}


# --- the drawing, without the database ----------------------------------------------------------


def test_every_state_of_the_data_set_is_drawn_as_a_shape_or_a_point():
    codes = _bundled_iso3()
    assert len(codes) == 196
    world = maps.world_map(_rows(codes))
    assert world.missing == []
    assert sorted(world.shapes + world.points) == sorted(codes)


def test_a_state_missing_from_the_geometry_is_listed_not_dropped():
    world = maps.world_map(_rows(["FRA", "XKX"]))
    assert [row.iso3 for row in world.missing] == ["XKX"]
    assert 'data-iso3="XKX"' not in world.svg


def test_tiny_states_are_points_and_large_ones_shapes():
    world = maps.world_map(_rows(["RUS", "VAT", "TUV", "NRU"]))
    assert world.shapes == ["RUS"]
    assert sorted(world.points) == ["NRU", "TUV", "VAT"]
    assert _links(_parse(world.svg))["TUV"].find(f"{SVG}circle") is not None


def test_map_parses_with_a_title_a_desc_and_a_legend():
    root = _parse(maps.world_map(_rows(["FRA", "KAZ"])).svg)
    assert root.find(f"{SVG}title").text == "World map of treaty status"
    assert "signatories: 2" in root.find(f"{SVG}desc").text
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "map-legend")
    texts = [t.text for t in legend.iter(f"{SVG}text")]
    assert texts[:4] == [
        "State Party (0)",
        "Deposited, not yet in force (0)",
        "Signatory (2)",
        "Not signed (0)",
    ]


def test_every_link_has_an_accessible_name_and_its_state_page():
    root = _parse(maps.world_map(_rows(_bundled_iso3())).svg)
    links = _links(root)
    assert len(links) == 196
    for iso3, link in links.items():
        assert link.get("href") == f"/states/{iso3}/"
        assert link[0].tag == f"{SVG}title"
        assert link[0].text == f"Name {iso3} — Signatory"


def test_each_state_is_filled_and_classed_by_its_status():
    rows = [
        maps.MapState("FRA", "France", Status.STATE_PARTY, "/states/FRA/"),
        maps.MapState("KAZ", "Kazakhstan", Status.RATIFIED_NOT_IN_FORCE, "/states/KAZ/"),
        maps.MapState("USA", "United States", Status.SIGNATORY, "/states/USA/"),
        maps.MapState("RUS", "Russia", Status.NON_SIGNATORY, "/states/RUS/"),
    ]
    links = _links(_parse(maps.world_map(rows).svg))
    for row in rows:
        link = links[row.iso3]
        assert maps.STATUS_CLASSES[Status(row.status)] in link.get("class").split()
        assert link.find(f"{SVG}path").get("fill") == maps.STATUS_COLOURS[Status(row.status)]


def test_a_state_without_a_page_is_drawn_without_a_link():
    world = maps.world_map([maps.MapState("FRA", "France", Status.STATE_PARTY, None)])
    root = _parse(world.svg)
    assert not list(root.iter(f"{SVG}a"))
    assert 'data-iso3="FRA"' in world.svg


def test_map_escapes_names_and_has_no_inline_style_or_script():
    svg = maps.world_map([maps.MapState("FRA", '<b>&"x"', Status.STATE_PARTY, "/s/?a=1&b=2")]).svg
    _parse(svg)
    assert "<b>" not in svg
    assert "style=" not in svg
    assert "<script" not in svg


def test_map_is_small_enough():
    assert len(maps.world_map(_rows(_bundled_iso3())).svg.encode()) < 400_000


def _segments(d: str):
    """The absolute segments of the map's path data (M x y l dx dy … z)."""
    for ring in re.findall(r"M([^z]*)z", d):
        move, _, rest = ring.partition("l")
        numbers = [float(n) for n in re.findall(r"-?(?:\d+\.?\d*|\.\d+)", move + " " + rest)]
        x, y = numbers[0], numbers[1]
        for dx, dy in zip(numbers[2::2], numbers[3::2], strict=True):
            yield (x, y), (x + dx, y + dy)
            x, y = x + dx, y + dy


def test_no_shape_is_drawn_across_the_antimeridian():
    geometry = maps.geometry()
    for iso3 in ("RUS", "FJI", "USA", "NZL"):
        longest = max(abs(b[0] - a[0]) for a, b in _segments(geometry.shapes[iso3]))
        assert longest < geometry.width / 4, iso3


def test_a_ring_across_the_antimeridian_is_cut_in_two():
    square = [(170.0, 10.0), (-170.0, 10.0), (-170.0, 20.0), (170.0, 20.0)]
    pieces = maps._split_at_antimeridian(square)
    assert len(pieces) == 2
    assert sorted((min(x for x, _ in p), max(x for x, _ in p)) for p in pieces) == [
        (-180.0, -170.0),
        (170.0, 180.0),
    ]


def test_titles_follow_the_active_language():
    with translation.override("fr"):
        svg = maps.world_map([maps.MapState("FRA", "France", Status.STATE_PARTY, "/")]).svg
    assert "Carte" in svg or "État partie" in svg


# --- on the pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/dashboard/", "/status/"])
def test_kazakhstan_and_palestine_are_deposited_on_7_march_2018(reference_data, client_for, url):
    response = client_for("cochair").get(url, {"as_of": "2018-03-07"})
    links = _links(_parse(response.context["map"].svg))
    for iso3 in ("KAZ", "PSE"):
        assert "map-deposited" in links[iso3].get("class").split()
        assert links[iso3].get("href") == f"/states/{iso3}/"
    deposited = [a for a in links.values() if "map-deposited" in a.get("class")]
    assert len(deposited) == 2


def test_map_on_the_page_draws_all_196_states(reference_data, client_for):
    world = client_for("anonymous").get("/status/", {"as_of": "2018-03-07"}).context["map"]
    assert world.missing == []
    assert len(world.shapes) + len(world.points) == 196


@pytest.mark.parametrize("on", ["2014-12-24", "2018-03-07", "2018-05-31", "2025-08-25"])
def test_map_counts_agree_with_the_headline_counts(reference_data, client_for, on):
    response = client_for("cochair").get("/dashboard/", {"as_of": on})
    world = response.context["map"]
    assert world.counts == response.context["counts"].totals
    links = _links(_parse(world.svg))
    for status in Status.values:
        drawn = sum(1 for a in links.values() if a.get("data-status") == status)
        assert drawn == response.context["counts"].totals[status]


def test_status_page_lists_the_states_by_status_as_text(reference_data, client_for):
    response = client_for("anonymous").get("/status/", {"as_of": "2018-03-07"})
    html = response.content.decode()
    lists = {g["status"]: g["states"] for g in response.context["map"].by_status}
    assert [r.iso3 for r in lists[Status.RATIFIED_NOT_IN_FORCE]] == ["KAZ", "PSE"]
    assert len(lists[Status.STATE_PARTY]) == 92
    assert 'data-status="ratified_not_in_force"' in html
    assert "map-missing" not in html
