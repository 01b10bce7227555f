"""Treaty-status charts drawn on the server as SVG: one drawing code path for pages and PDFs.

Pure functions: they take plain data (lists of dates, dicts of counts) and return an SVG string.
No database access, no inline style, no external reference; every text is XML-escaped. Labels are
translated and dates formatted in the active language (django.utils.formats.date_format).
"""

import bisect
import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from states.bodies import meeting_kind_label
from states.models import Region, Status

FONT = "DejaVu Sans, Verdana, sans-serif"
# The status colours of static/css/portal.css (.status-*), so badges, bars and map agree.
STATUS_COLOURS = {
    Status.STATE_PARTY: "#1f6f43",
    Status.RATIFIED_NOT_IN_FORCE: "#5fa36b",
    Status.SIGNATORY: "#f2b134",
    Status.NON_SIGNATORY: "#c9ced6",
}
STATUS_TEXT_COLOURS = {
    Status.STATE_PARTY: "#ffffff",
    Status.RATIFIED_NOT_IN_FORCE: "#1b1b1b",
    Status.SIGNATORY: "#1b1b1b",
    Status.NON_SIGNATORY: "#1b1b1b",
}
INK = "#1b1b1b"
MUTED = "#5c6670"
GRID = "#dde1e6"
CSP_COLOUR = "#9a5b00"
MEETING_COLOUR = "#1b3a5c"
# The font the PDFs embed (and the first the pages ask for): labels are measured with it.
FONT_FILE = Path(__file__).resolve().parent.parent / "static" / "fonts" / "DejaVuSans.ttf"


@functools.cache
def _advances() -> tuple[dict[int, int], float]:
    """Each character's advance width in DejaVu Sans, in em units (read once per process)."""
    from fontTools.ttLib import TTFont  # a dependency of WeasyPrint

    with TTFont(FONT_FILE) as font:
        metrics = font["hmtx"].metrics
        em = font["head"].unitsPerEm
        return {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}, float(em)


def text_width(text: str, size: float) -> float:
    """The width of `text` set in DejaVu Sans at `size` (the same units): labels are placed and
    wrapped with it so that they fit in every language."""
    advances, em = _advances()
    fallback = advances.get(ord("M"), em)
    return sum(advances.get(ord(c), fallback) for c in text) * size / em


def wrap(text: str, width: float, size: float) -> list[str]:
    """`text` in lines no wider than `width` (a single word wider than that stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


@dataclass(frozen=True)
class LegendItem:
    """A legend entry: its key (drawn by the caller at x, y) and its label's lines."""

    x: float
    y: float  # the first line's baseline
    lines: tuple[str, ...]


def flow_legend(
    labels: Sequence[str],
    *,
    left: float,
    right: float,
    top: float,
    size: float,
    key_width: float,
    gap: float = 24,
    line: float | None = None,
) -> tuple[list[LegendItem], float]:
    """Legend entries laid out left to right, a new row when the next one would pass `right`;
    a label wider than the whole width wraps onto several lines. Returns the entries and the
    bottom of the legend (its height is what the drawing must add)."""
    line = line or round(size * 1.45, 1)
    items: list[LegendItem] = []
    x, row_top, row_height = left, top, line
    for label in labels:
        room = right - left - key_width
        lines = wrap(label, room, size) if text_width(label, size) > room else [label]
        width = key_width + max(text_width(text, size) for text in lines)
        if x > left and x + width > right:
            x, row_top, row_height = left, row_top + row_height + 4, line
        items.append(LegendItem(round(x, 1), round(row_top + size, 1), tuple(lines)))
        row_height = max(row_height, line * len(lines))
        x += width + gap
    return items, row_top + row_height


def svg_lines(x: float, y: float, lines: Sequence[str], size: float, attrs: str = "") -> str:
    """A <text> of one or more lines (tspans), the first baseline at y."""
    if len(lines) == 1:
        return f'<text x="{x}" y="{y}"{attrs}>{_text(lines[0])}</text>'
    spans = "".join(
        f'<tspan x="{x}" dy="{0 if i == 0 else round(size * 1.3, 1)}">{_text(t)}</tspan>'
        for i, t in enumerate(lines)
    )
    return f'<text x="{x}" y="{y}"{attrs}>{spans}</text>'


@dataclass(frozen=True)
class Marker:
    """A dated event drawn as a vertical line: kind "csp" (a Conference) or "meeting" (WGTU)."""

    date: dt.date
    label: str
    kind: str = "csp"


@dataclass(frozen=True)
class SeriesPoint:
    """One row of the parties-over-time data table."""

    date: dt.date
    deposits: int
    in_force: int


def _text(value) -> str:
    return escape(str(value))


def _attr(value) -> str:
    return quoteattr(str(value))


def _count_on(sorted_dates: Sequence[dt.date], day: dt.date) -> int:
    return bisect.bisect_right(sorted_dates, day)


class _Series:
    """Deposits and States Parties in force on any day, from the event dates."""

    def __init__(self, deposits, entries_into_force, withdrawals):
        self.deposits = sorted(deposits)
        self.in_force = sorted(entries_into_force)
        self.withdrawals = sorted(withdrawals)

    def on(self, day: dt.date) -> tuple[int, int]:
        in_force = _count_on(self.in_force, day) - _count_on(self.withdrawals, day)
        return _count_on(self.deposits, day), in_force

    def change_days(self, since: dt.date, until: dt.date) -> list[dt.date]:
        days = {
            d for d in (*self.deposits, *self.in_force, *self.withdrawals) if since < d <= until
        }
        return sorted(days)


def parties_over_time_table(
    *,
    deposits: Iterable[dt.date],
    entries_into_force: Iterable[dt.date],
    withdrawals: Iterable[dt.date] = (),
    since: dt.date,
    until: dt.date,
    markers: Iterable[Marker] = (),
) -> list[SeriesPoint]:
    """The chart's numbers as a table (its text alternative): each 31 December, each marker
    and `until`, in date order."""
    series = _Series(deposits, entries_into_force, withdrawals)
    days = {dt.date(year, 12, 31) for year in range(since.year, until.year)}
    days |= {m.date for m in markers if since <= m.date <= until}
    days.add(until)
    return [SeriesPoint(day, *series.on(day)) for day in sorted(d for d in days if d >= since)]


def _nice_step(maximum: int, ticks: int = 5) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if maximum / step <= ticks:
            return step
    return 10 ** len(str(maximum))


def _svg_open(*, width, height, id_prefix, title, desc, css_class) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class={_attr(css_class)} '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc" font-family={_attr(FONT)} '
        f'font-size="12" fill="{INK}">',
        f'<title id="{id_prefix}-title">{_text(title)}</title>',
        f'<desc id="{id_prefix}-desc">{_text(desc)}</desc>',
    ]


def _time_ticks(since: dt.date, until: dt.date) -> list[tuple[dt.date, str]]:
    """Yearly ticks (1 January) over long spans, quarterly ones with month names otherwise."""
    if (until - since).days > 3 * 366:
        return [
            (dt.date(year, 1, 1), str(year))
            for year in range(since.year, until.year + 1)
            if since <= dt.date(year, 1, 1) <= until
        ]
    ticks = []
    year, month = since.year, since.month
    while dt.date(year, month, 1) <= until:
        day = dt.date(year, month, 1)
        if day >= since and month in (1, 4, 7, 10):
            ticks.append((day, date_format(day, "N Y")))
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return ticks


def parties_over_time_svg(
    *,
    deposits: Iterable[dt.date],
    entries_into_force: Iterable[dt.date],
    withdrawals: Iterable[dt.date] = (),
    since: dt.date,
    until: dt.date,
    markers: Iterable[Marker] = (),
    id_prefix: str = "parties-chart",
) -> str:
    """A step line of the deposits and of the States Parties in force from `since` to `until`,
    with a vertical line for each marker (Conferences of States Parties, WGTU meetings).

    `withdrawals` are the days withdrawals took effect (they leave the in-force line).
    """
    series = _Series(deposits, entries_into_force, withdrawals)
    markers = sorted((m for m in markers if since <= m.date <= until), key=lambda m: m.date)
    width, left, right, plot_height = 760, 52, 16, 236
    span = max((until - since).days, 1)

    def x(day: dt.date) -> float:
        return round(left + (day - since).days / span * (width - left - right), 1)

    # Marker labels are written across, above the plot, in as many rows as they need.
    labels, rows = _marker_labels(markers, x, right=width - right)
    top = LABEL_TOP + rows * LABEL_ROW + (8 if rows else 16)
    bottom = top + plot_height
    legend_items, legend_bottom = flow_legend(
        [
            _("States Parties (in force)"),
            _("Instruments deposited"),
            _("Conference of States Parties"),
            meeting_kind_label(),  # the ATT's acronym in each language (states.bodies)
        ],
        left=left,
        right=width - right,
        top=bottom + 28,
        size=12,
        key_width=30,
        gap=36,
    )
    height = round(legend_bottom + 8)

    final_deposits, final_in_force = series.on(until)
    step = _nice_step(max(final_deposits, 1))
    y_max = max(step, -(-max(final_deposits, 1) // step) * step)

    def y(n: int) -> float:
        return round(bottom - n / y_max * (bottom - top), 1)

    title = _("States Parties over time")
    desc = _(
        "Step lines from %(since)s to %(until)s. On %(until)s: %(deposits)s instruments "
        "deposited, %(in_force)s States Parties for which the treaty is in force."
    ) % {
        "since": date_format(since, "DATE_FORMAT"),
        "until": date_format(until, "DATE_FORMAT"),
        "deposits": final_deposits,
        "in_force": final_in_force,
    }
    out = _svg_open(
        width=width,
        height=height,
        id_prefix=id_prefix,
        title=title,
        desc=desc,
        css_class="chart chart-parties",
    )
    # Grid and y axis.
    for n in range(0, y_max + 1, step):
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(n)}" y2="{y(n)}" stroke="{GRID}"/>'
        )
        out.append(
            f'<text x="{left - 6}" y="{y(n) + 4}" text-anchor="end" fill="{MUTED}">{n}</text>'
        )
    out.append(
        f'<line x1="{left}" x2="{width - right}" y1="{bottom}" y2="{bottom}" stroke="{MUTED}"/>'
    )
    for day, label in _time_ticks(since, until):
        out.append(
            f'<line x1="{x(day)}" x2="{x(day)}" y1="{bottom}" y2="{bottom + 5}" stroke="{MUTED}"/>'
        )
        out.append(
            f'<text x="{x(day)}" y="{bottom + 18}" text-anchor="middle" fill="{MUTED}">'
            f"{_text(label)}</text>"
        )
    # Markers: a vertical line each, from its label (above the plot) to the axis.
    for label in labels:
        marker = label.marker
        colour = CSP_COLOUR if marker.kind == "csp" else MEETING_COLOUR
        dash = "6 3" if marker.kind == "csp" else "2 3"
        baseline = LABEL_TOP + (rows - 1 - label.row) * LABEL_ROW + LABEL_SIZE
        tooltip = f"{marker.label} — {date_format(marker.date, 'DATE_FORMAT')}"
        out.append(f'<g class="marker marker-{_text(marker.kind)}">')
        out.append(f"<title>{_text(tooltip)}</title>")
        out.append(
            f'<line x1="{label.mx}" x2="{label.mx}" y1="{baseline - LABEL_SIZE}" y2="{bottom}" '
            f'stroke="{colour}" stroke-width="1.2" stroke-dasharray="{dash}"/>'
        )
        out.append(
            f'<text x="{label.tx}" y="{baseline}" text-anchor="{label.anchor}" '
            f'font-size="{LABEL_SIZE}" fill="{colour}" class="marker-label">'
            f"{_text(marker.label)}</text>"
        )
        out.append("</g>")

    # The two step lines.
    def path(index: int) -> str:
        count = series.on(since)[index]
        parts = [f"M{x(since)} {y(count)}"]
        for day in series.change_days(since, until):
            count = series.on(day)[index]
            parts.append(f"H{x(day)} V{y(count)}")
        parts.append(f"H{x(until)}")
        return " ".join(parts)

    out.append(
        f'<path d="{path(0)}" fill="none" stroke="{STATUS_COLOURS[Status.RATIFIED_NOT_IN_FORCE]}" '
        f'stroke-width="2" stroke-dasharray="5 3" class="line-deposits"/>'
    )
    out.append(
        f'<path d="{path(1)}" fill="none" stroke="{STATUS_COLOURS[Status.STATE_PARTY]}" '
        f'stroke-width="2.5" class="line-in-force"/>'
    )
    # Legend under the axis, flowing onto as many rows as the language needs.
    keys = [
        (STATUS_COLOURS[Status.STATE_PARTY], ""),
        (STATUS_COLOURS[Status.RATIFIED_NOT_IN_FORCE], "5 3"),
        (CSP_COLOUR, "6 3"),
        (MEETING_COLOUR, "2 3"),
    ]
    out.append('<g class="legend">')
    for (colour, dash), item in zip(keys, legend_items, strict=True):
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{item.x}" x2="{item.x + 24}" y1="{item.y - 4}" y2="{item.y - 4}" '
            f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        )
        out.append(svg_lines(item.x + 30, item.y, item.lines, 12))
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


LABEL_SIZE, LABEL_TOP, LABEL_ROW = 10, 6, 14


@dataclass(frozen=True)
class _MarkerLabel:
    marker: Marker
    mx: float  # the marker's line
    tx: float  # where its label is anchored
    anchor: str  # "start" (right of the line) or "end" (left of it, near the right edge)
    x0: float
    x1: float
    row: int  # 0: the row nearest the plot


def _marker_labels(markers, x, *, right: float) -> tuple[list[_MarkerLabel], int]:
    """Each marker's label placed across, right of its line (left of it when it would pass the
    right edge), in the row nearest the plot where it overlaps no other label and no line rising
    to a label further up crosses it. Returns the labels and the number of rows."""
    placed: list[_MarkerLabel] = []
    for marker in markers:
        mx = x(marker.date)
        width = text_width(marker.label, LABEL_SIZE)
        if mx + 3 + width <= right:
            tx, anchor, x0, x1 = mx + 3, "start", mx, mx + 3 + width
        else:
            tx, anchor, x0, x1 = mx - 3, "end", mx - 3 - width, mx
        rows = range(len(placed) + 1)
        # Markers a few days apart cannot keep their lines clear of each other's labels: then
        # only the labels must not overlap.
        row = next((r for r in rows if _fits(placed, r, mx, x0, x1)), None)
        if row is None:
            row = next(r for r in rows if _fits(placed, r, mx, x0, x1, lines=False))
        placed.append(_MarkerLabel(marker, mx, round(tx, 1), anchor, x0, x1, row))
    return placed, max((p.row for p in placed), default=-1) + 1


def _fits(placed, row: int, mx: float, x0: float, x1: float, *, lines: bool = True) -> bool:
    pad = 4
    for other in placed:
        if other.row == row and not (x1 + pad <= other.x0 or x0 >= other.x1 + pad):
            return False
        if not lines:
            continue
        # This line rises through the rows nearer the plot; another's through those below it.
        if other.row < row and other.x0 - pad <= mx <= other.x1 + pad:
            return False
        if other.row > row and x0 - pad <= other.mx <= x1 + pad:
            return False
    return True


def region_bars_svg(
    counts: dict[str, dict[str, int]],
    *,
    region_labels: dict[str, str] | None = None,
    id_prefix: str = "region-chart",
) -> str:
    """Stacked horizontal bars: for each region, the share of its states in each status.

    `counts` maps a region (Region value) to {status value: number of states}; segments are
    labelled with their count when wide enough.
    """
    labels = region_labels or {r.value: str(r.label) for r in Region}
    regions = list(counts)
    width = 760
    left, right, top, bar_height, gap = 110, 16, 16, 26, 14
    legend_items, legend_bottom = flow_legend(
        [str(s.label) for s in Status],
        left=left,
        right=width - right,
        top=top + len(regions) * (bar_height + gap) + 4,
        size=12,
        key_width=17,
        gap=28,
    )
    height = round(legend_bottom + 8)
    plot = width - left - right
    parts_desc = []
    for region in regions:
        row = counts[region]
        total = sum(row.values())
        parts_desc.append(
            _("%(region)s: %(parties)s of %(total)s States Parties")
            % {
                "region": labels.get(region, region),
                "parties": row.get(Status.STATE_PARTY, 0),
                "total": total,
            }
        )
    out = _svg_open(
        width=width,
        height=height,
        id_prefix=id_prefix,
        title=_("Treaty status by region"),
        desc="; ".join(parts_desc),
        css_class="chart chart-regions",
    )
    for i, region in enumerate(regions):
        row = counts[region]
        total = sum(row.values()) or 1
        by = top + i * (bar_height + gap)
        out.append(
            f'<text x="{left - 8}" y="{by + bar_height / 2 + 4}" text-anchor="end">'
            f"{_text(labels.get(region, region))}</text>"
        )
        bx = float(left)
        for status in Status:
            n = row.get(status.value, 0)
            if not n:
                continue
            w = round(n / total * plot, 1)
            share = round(100 * n / total)
            out.append(f'<g class="segment segment-{status.value}">')
            out.append(
                f"<title>{_text(labels.get(region, region))} — {_text(status.label)}: "
                f"{n} ({share}%)</title>"
            )
            out.append(
                f'<rect x="{round(bx, 1)}" y="{by}" width="{w}" height="{bar_height}" '
                f'fill="{STATUS_COLOURS[status]}"/>'
            )
            if w >= 22:
                out.append(
                    f'<text x="{round(bx + w / 2, 1)}" y="{by + bar_height / 2 + 4}" '
                    f'text-anchor="middle" fill="{STATUS_TEXT_COLOURS[status]}">{n}</text>'
                )
            out.append("</g>")
            bx += w
    for status, item in zip(Status, legend_items, strict=True):
        out.append(
            f'<rect x="{item.x}" y="{item.y - 10}" width="12" height="12" '
            f'fill="{STATUS_COLOURS[status]}"/>'
        )
        out.append(svg_lines(item.x + 17, item.y, item.lines, 12))
    out.append("</svg>")
    return "\n".join(out)
