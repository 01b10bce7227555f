"""The world map of treaty status, drawn on the server as SVG (pages and PDFs alike).

Geometry: Natural Earth 1:50m admin-0 countries (public domain) as shipped in the npm package
world-atlas 2.0.2 (TopoJSON, ISC licence), vendored in states/data/map/ (see README.md there).
The TopoJSON is decoded, projected (Natural Earth projection, Antarctica left out), simplified
and turned into SVG path data ONCE per process (`geometry()`, cached); a request only colours
the states: `world_map(rows)` joins the cached paths with each state's status, name and link.

Every state given to `world_map` is drawn, as a shape, or as a point (a circle) when it is too
small to see or click at this scale or missing from the geometry; a state with no shape and no
point coordinates is returned in `WorldMap.missing`, for the page to list it under the map.
No database access, no inline style: colours are SVG presentation attributes.
"""

import csv
import functools
import itertools
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _
from django_countries import countries

from states.charts import FONT, INK, STATUS_COLOURS, flow_legend, svg_lines
from states.collation import by_name
from states.models import Status

DATA = Path(__file__).resolve().parent / "data" / "map"
TOPOLOGY_FILE = DATA / "countries-50m.json"
POINTS_FILE = DATA / "points.csv"

WIDTH = 1000  # viewBox units; the page scales the SVG to its column
PADDING = 4
TOLERANCE = 0.3  # Douglas-Peucker tolerance, in viewBox units
MIN_RING_AREA = 0.25  # islands and lakes smaller than this (square units) are not drawn
POINT_AREA = 6.0  # a state whose drawn area is below this is shown as a point
POINT_RADIUS = 3.2
SOUTH_LIMIT = -60.0  # degrees: Antarctica (ISO 010) and anything south of this is left out
ANTARCTICA = "010"
OTHER_FILL = "#e4e7eb"
SEA_FILL = "#f3f7fa"
BORDER = "#ffffff"

# Short CSS classes for each status: .map-party, .map-deposited, .map-signatory, .map-non-signatory
STATUS_CLASSES = {
    Status.STATE_PARTY: "map-party",
    Status.RATIFIED_NOT_IN_FORCE: "map-deposited",
    Status.SIGNATORY: "map-signatory",
    Status.NON_SIGNATORY: "map-non-signatory",
}


# --- geometry, built once per process -------------------------------------------------------------


@dataclass(frozen=True)
class Geometry:
    """The projected, simplified map: path data per country or territory (ISO alpha-3), points
    for the small ones, and one path for the land with no ISO code (Kosovo, N. Cyprus …)."""

    width: int
    height: int
    shapes: dict[str, str]
    points: dict[str, tuple[float, float]]
    other_land: str


def natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """The Natural Earth projection (Šavrič et al. 2015), in radians-scale units, y up."""
    lam, phi = math.radians(lon), math.radians(lat)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (
        0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4))
    )
    y = phi * (
        1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4))
    )
    return x, y


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs in degrees (quantized, delta-encoded → absolute longitude and latitude)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative; keeps both ends (shared borders stay shared)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    tol2 = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        norm = dx * dx + dy * dy
        worst, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if norm == 0:
                dist = (px - ax) ** 2 + (py - ay) ** 2
            else:
                cross = dx * (py - ay) - dy * (px - ax)
                dist = cross * cross / norm
            if dist > worst:
                worst, index = dist, i
        if index > 0 and worst > tol2:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _area_and_centroid(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Unsigned area and centroid of a closed ring (shoelace)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if a == 0:
        xs, ys = zip(*ring, strict=True)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def _number(tenths: int) -> str:
    """A coordinate in tenths of a unit, written as short as SVG allows (5 → ".5", -12 → "-1.2")."""
    text = f"{tenths / 10:.1f}".removesuffix(".0")
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def _path_data(rings: Iterable[list[tuple[float, float]]]) -> str:
    """SVG path data: an absolute move to each ring's start, then relative lines (tenths)."""
    out = []
    for ring in rings:
        q = [(round(x * 10), round(y * 10)) for x, y in ring]
        tokens = ["M" + _number(q[0][0]), _number(q[0][1]), "l"]
        previous = q[0]
        for point in q[1:]:
            if point == previous:
                continue
            tokens.append(_number(point[0] - previous[0]))
            tokens.append(_number(point[1] - previous[1]))
            previous = point
        text = tokens[0] + ("" if tokens[1].startswith("-") else " ") + tokens[1] + tokens[2]
        for index, token in enumerate(tokens[3:]):
            sep = "" if index == 0 or token.startswith("-") else " "
            text += sep + token
        out.append(text + "z")
    return "".join(out)


def _crosses_antimeridian(ring: list[tuple[float, float]]) -> bool:
    return any(abs(a[0] - b[0]) > 180 for a, b in itertools.pairwise(ring))


def _clip(ring: list[tuple[float, float]], x: float, keep_left: bool) -> list[tuple[float, float]]:
    """Sutherland-Hodgman against the vertical line lon = x: keeps the side asked for."""

    def inside(p):
        return p[0] <= x if keep_left else p[0] >= x

    out = []
    for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
        if inside(b):
            if not inside(a):
                out.append((x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])))
            out.append(b)
        elif inside(a):
            out.append((x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])))
    return out


def _split_at_antimeridian(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring that crosses ±180° (Russia's Chukotka, Fiji), cut into pieces on either side.

    Longitudes are first made continuous (±360 at each jump), then each 360° window is clipped.
    """
    unwrapped = [ring[0]]
    for lon, lat in ring[1:]:
        previous = unwrapped[-1][0]
        while lon - previous > 180:
            lon -= 360
        while lon - previous < -180:
            lon += 360
        unwrapped.append((lon, lat))
    pieces = []
    for offset in (-360, 0, 360):
        piece = _clip(_clip(unwrapped, -180 + offset, False), 180 + offset, True)
        if len(piece) >= 3:
            pieces.append([(lon - offset, lat) for lon, lat in piece])
    return pieces


def _iso3(numeric: str | None) -> str | None:
    if not numeric or not numeric.lstrip("-").isdigit() or int(numeric) < 0:
        return None
    return countries.alpha3(int(numeric)) or None


@functools.cache
def geometry() -> Geometry:
    """Decode, project, simplify and write the path data of every country. Cached per process."""
    topology = json.loads(TOPOLOGY_FILE.read_text(encoding="utf-8"))
    raw_arcs = _decode_arcs(topology)
    x_min, x_max = natural_earth(-180, 0)[0], natural_earth(180, 0)[0]
    scale = (WIDTH - 2 * PADDING) / (x_max - x_min)
    y_top = natural_earth(0, 84)[1]  # the northern tip of Greenland is at 83.6°
    y_bottom = natural_earth(0, -57)[1]  # Cape Horn is at -56°
    height = round((y_top - y_bottom) * scale + 2 * PADDING)

    def project(lon: float, lat: float) -> tuple[float, float]:
        x, y = natural_earth(lon, max(lat, SOUTH_LIMIT))
        return PADDING + (x - x_min) * scale, PADDING + (y_top - y) * scale

    arcs = [_simplify([project(*p) for p in arc], TOLERANCE) for arc in raw_arcs]

    def arcs_of(source, indexes: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indexes:
            arc = source[index] if index >= 0 else source[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    def ring_pieces(indexes: list[int]) -> list[list[tuple[float, float]]]:
        """The projected ring, or its pieces when it crosses the antimeridian (each simplified
        on its own: such rings have no neighbour on the cut)."""
        in_degrees = arcs_of(raw_arcs, indexes)
        if not _crosses_antimeridian(in_degrees):
            return [arcs_of(arcs, indexes)]
        return [
            _simplify([project(*p) for p in piece] + [project(*piece[0])], TOLERANCE)
            for piece in _split_at_antimeridian(in_degrees)
        ]

    polygons_by_iso3: dict[str, list[list[list[int]]]] = {}
    other_polygons: list[list[list[int]]] = []
    south = project(0, SOUTH_LIMIT)[1] - 1  # y of the southern limit, less a unit
    for geom in topology["objects"]["countries"]["geometries"]:
        numeric = geom.get("id")
        if numeric == ANTARCTICA:
            continue
        polygons = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        iso3 = _iso3(numeric)
        target = polygons_by_iso3.setdefault(iso3, []) if iso3 else other_polygons
        target.extend(polygons)

    def drawn(polygons) -> tuple[list, float, tuple[float, float] | None]:
        """Rings worth drawing, the total area and the centroid of the largest exterior ring.

        All the rings of a country go into one path filled even-odd, so a hole needs no link to
        its exterior ring.
        """
        kept, total, largest, centre = [], 0.0, -1.0, None
        for polygon in polygons:
            for exterior in ring_pieces(polygon[0]):
                area, cx, cy = _area_and_centroid(exterior)
                if cy > south:
                    continue
                total += area
                if area > largest:
                    largest, centre = area, (cx, cy)
                if area >= MIN_RING_AREA and len(exterior) >= 4:
                    kept.append(exterior)
            for hole_indexes in polygon[1:]:
                for hole in ring_pieces(hole_indexes):
                    if len(hole) >= 4 and _area_and_centroid(hole)[0] >= MIN_RING_AREA:
                        kept.append(hole)
        return kept, total, centre

    shapes: dict[str, str] = {}
    points: dict[str, tuple[float, float]] = {}
    for iso3, polygons in polygons_by_iso3.items():
        rings, area, centre = drawn(polygons)
        if area >= POINT_AREA and rings:
            shapes[iso3] = _path_data(rings)
        elif centre is not None:
            points[iso3] = (round(centre[0], 1), round(centre[1], 1))
    for iso3, (lon, lat) in _extra_points().items():
        if iso3 not in shapes and iso3 not in points:
            x, y = project(lon, lat)
            points[iso3] = (round(x, 1), round(y, 1))
    other_rings, _area, _centre = drawn(other_polygons)
    return Geometry(
        width=WIDTH,
        height=height,
        shapes=shapes,
        points=points,
        other_land=_path_data(other_rings),
    )


def _extra_points() -> dict[str, tuple[float, float]]:
    """Approximate capital coordinates of the states the geometry lacks (states/data/map/points.csv)."""
    with POINTS_FILE.open(encoding="utf-8", newline="") as handle:
        return {
            row["iso3"]: (float(row["lon"]), float(row["lat"]))
            for row in csv.DictReader(line for line in handle if not line.startswith("#"))
        }


# --- colouring, per request -------------------------------------------------------------------


@dataclass(frozen=True)
class MapState:
    """One state as the map shows it: code, name (active language), status value, page URL."""

    iso3: str
    name: str
    status: str
    url: str | None = None

    @property
    def status_label(self) -> str:
        return Status(self.status).label


@dataclass
class WorldMap:
    svg: str
    counts: dict[str, int]
    by_status: list[dict] = field(default_factory=list)  # [{status, label, states}] in order
    shapes: list[str] = field(default_factory=list)
    points: list[str] = field(default_factory=list)
    missing: list[MapState] = field(default_factory=list)


def _text(value) -> str:
    return escape(str(value))


LEGEND_SIZE = 14


def _legend(counts: dict[str, int], top: float) -> tuple[list[str], float]:
    """The legend in a band under the map (never over the land), flowing onto as many rows as
    the language needs. Returns its SVG and its bottom."""
    rows = [
        (STATUS_COLOURS[s], STATUS_CLASSES[s], f"{s.label} ({counts.get(s.value, 0)})")
        for s in Status
    ]
    rows.append((OTHER_FILL, "map-other", _("Other territories")))
    items, bottom = flow_legend(
        [label for _colour, _class, label in rows],
        left=14,
        right=WIDTH - 14,
        top=top,
        size=LEGEND_SIZE,
        key_width=20,
        gap=28,
    )
    out = [f'<g class="map-legend" font-size="{LEGEND_SIZE}" fill="{INK}">']
    for (colour, css_class, _label), item in zip(rows, items, strict=True):
        out.append(
            f'<rect class="{css_class}" x="{item.x}" y="{item.y - 12}" width="14" height="14" '
            f'fill="{colour}" stroke="#8a939c" stroke-width=".5"/>'
            + svg_lines(item.x + 20, item.y, item.lines, LEGEND_SIZE)
        )
    out.append("</g>")
    return out, bottom


def world_map(
    rows: Iterable[MapState],
    *,
    title: str | None = None,
    id_prefix: str = "world-map",
    geo: Callable[[], Geometry] = geometry,
) -> WorldMap:
    """The SVG map of `rows` (one per state) coloured by status, with a legend, a <title> and a
    <desc>; each state a link to its page (its <title> is the link's accessible name).

    Returns the SVG and its text alternative: the states per status, and those it cannot draw.
    """
    g = geo()
    rows = by_name(rows)
    counts = {s.value: 0 for s in Status}
    for row in rows:
        counts[row.status] += 1
    # Land with no state of the data set (Greenland, Western Sahara …) is drawn plain, unlinked.
    listed = {row.iso3 for row in rows}
    other_land = g.other_land + "".join(d for iso3, d in g.shapes.items() if iso3 not in listed)
    title = title or _("World map of treaty status")
    desc = _(
        "States Parties: %(party)s; deposited, not yet in force: %(deposited)s; signatories: "
        "%(signatory)s; not signed: %(none)s. Each state links to its page; the lists under "
        "the map give the same information."
    ) % {
        "party": counts[Status.STATE_PARTY],
        "deposited": counts[Status.RATIFIED_NOT_IN_FORCE],
        "signatory": counts[Status.SIGNATORY],
        "none": counts[Status.NON_SIGNATORY],
    }
    legend, legend_bottom = _legend(counts, g.height + 10)
    height = math.ceil(legend_bottom + 8)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {g.width} {height}" '
        f'width="{g.width}" height="{height}" class="chart world-map" role="group" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc" font-family={quoteattr(FONT)}>',
        f'<title id="{id_prefix}-title">{_text(title)}</title>',
        f'<desc id="{id_prefix}-desc">{_text(desc)}</desc>',
        f'<rect class="map-sea" width="{g.width}" height="{g.height}" fill="{SEA_FILL}"/>',
        f'<path class="map-other" aria-hidden="true" d="{other_land}" fill="{OTHER_FILL}" '
        f'stroke="{BORDER}" stroke-width=".4" fill-rule="evenodd"/>',
        f'<g class="map-shapes" stroke="{BORDER}" stroke-width=".4" stroke-linejoin="round" '
        'fill-rule="evenodd">',
    ]
    result = WorldMap(svg="", counts=counts)
    point_parts = []

    def link(row: MapState, body: str) -> str:
        label = f"{row.name} — {row.status_label}"
        attrs = (
            f'class="map-state {STATUS_CLASSES[Status(row.status)]}" data-iso3={quoteattr(row.iso3)} '
            f'data-status="{row.status}"'
        )
        if row.url:
            return f"<a href={quoteattr(row.url)} {attrs}><title>{_text(label)}</title>{body}</a>"
        return f"<g {attrs}><title>{_text(label)}</title>{body}</g>"

    for row in rows:
        colour = STATUS_COLOURS[Status(row.status)]
        if row.iso3 in g.shapes:
            out.append(link(row, f'<path d="{g.shapes[row.iso3]}" fill="{colour}"/>'))
            result.shapes.append(row.iso3)
        elif row.iso3 in g.points:
            cx, cy = g.points[row.iso3]
            point_parts.append(
                link(row, f'<circle cx="{cx:g}" cy="{cy:g}" r="{POINT_RADIUS}" fill="{colour}"/>')
            )
            result.points.append(row.iso3)
        else:
            result.missing.append(row)
    out.append("</g>")
    out.append(f'<g class="map-points" stroke="{INK}" stroke-width=".6">')
    out.extend(point_parts)
    out.append("</g>")
    out.extend(legend)
    out.append("</svg>")
    result.svg = "".join(out)
    result.by_status = [
        {
            "status": s.value,
            "label": s.label,
            "css_class": STATUS_CLASSES[s],
            "states": [r for r in rows if r.status == s.value],
        }
        for s in Status
    ]
    return result
