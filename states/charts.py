"""Treaty-status charts drawn on the server as SVG: one drawing code path for pages and PDFs.

Pure functions: they take plain data (lists of dates, dicts of counts) and return an SVG string.
No database access, no inline style, no external reference; every text is XML-escaped. Labels are
translated and dates formatted in the active language (django.utils.formats.date_format).
"""

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.formats import date_format
from django.utils.translation import gettext as _

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
    Status.RATIFIED_NOT_IN_FORCE: "#ffffff",
    Status.SIGNATORY: "#1b1b1b",
    Status.NON_SIGNATORY: "#1b1b1b",
}
INK = "#1b1b1b"
MUTED = "#5c6670"
GRID = "#dde1e6"
CSP_COLOUR = "#9a5b00"
MEETING_COLOUR = "#1b3a5c"


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
    width, height = 760, 384
    left, right, top, bottom = 52, 16, 64, 300
    span = max((until - since).days, 1)

    def x(day: dt.date) -> float:
        return round(left + (day - since).days / span * (width - left - right), 1)

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
    # Markers: a vertical line each, the label written upwards from the top of the plot.
    for marker in markers:
        colour = CSP_COLOUR if marker.kind == "csp" else MEETING_COLOUR
        dash = "6 3" if marker.kind == "csp" else "2 3"
        mx = x(marker.date)
        tooltip = f"{marker.label} — {date_format(marker.date, 'DATE_FORMAT')}"
        out.append(f'<g class="marker marker-{_text(marker.kind)}">')
        out.append(f"<title>{_text(tooltip)}</title>")
        out.append(
            f'<line x1="{mx}" x2="{mx}" y1="{top}" y2="{bottom}" stroke="{colour}" '
            f'stroke-width="1.2" stroke-dasharray="{dash}"/>'
        )
        out.append(
            f'<text x="{mx + 3}" y="{top - 4}" transform="rotate(-90 {mx + 3} {top - 4})" '
            f'font-size="10" fill="{colour}" dominant-baseline="hanging">'
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
    # Legend under the axis: the two lines on one row, the two kinds of marker on the next.
    legend = [
        [
            (STATUS_COLOURS[Status.STATE_PARTY], "", _("States Parties (in force)")),
            (STATUS_COLOURS[Status.RATIFIED_NOT_IN_FORCE], "5 3", _("Instruments deposited")),
        ],
        [
            (CSP_COLOUR, "6 3", _("Conference of States Parties")),
            (MEETING_COLOUR, "2 3", _("WGTU meeting")),
        ],
    ]
    for row, items in enumerate(legend):
        ly = bottom + 40 + row * 18
        for column, (colour, dash, label) in enumerate(items):
            lx = left + column * 330
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(
                f'<line x1="{lx}" x2="{lx + 24}" y1="{ly - 4}" y2="{ly - 4}" stroke="{colour}" '
                f'stroke-width="2.5"{dash_attr}/>'
            )
            out.append(f'<text x="{lx + 30}" y="{ly}">{_text(label)}</text>')
    out.append("</svg>")
    return "\n".join(out)


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
    legend_y = top + len(regions) * (bar_height + gap) + 14
    height = legend_y + 30
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
    for i, status in enumerate(Status):
        lx, ly = left + (i % 2) * 330, legend_y + (i // 2) * 18
        out.append(
            f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{STATUS_COLOURS[status]}"/>'
        )
        out.append(f'<text x="{lx + 17}" y="{ly}">{_text(status.label)}</text>')
    out.append("</svg>")
    return "\n".join(out)
