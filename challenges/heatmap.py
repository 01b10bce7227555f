"""The heat map drawn as a server-side SVG string, for the HTML pages and the PDF reports alike.

No style attributes (the Content Security Policy forbids inline style): colours and fonts are SVG
presentation attributes (fill="…", font-size="…"), which CSP allows and WeasyPrint renders. The SVG
carries a <title> and a <desc>; the table printed beside it is its text alternative.
"""

from html import escape as _escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from challenges.selectors import INTENSITY_STEPS, HeatMap, HeatRow

# From "none" to the portal's blue, one colour per intensity step (0 … 5).
PALETTE = ["#f4f6f9", "#d3deeb", "#a9bfd8", "#7a9bc0", "#4b739f", "#1b3a5c"]
TEXT_ON = ["#1b1b1b", "#1b1b1b", "#1b1b1b", "#1b1b1b", "#ffffff", "#ffffff"]
assert len(PALETTE) == INTENSITY_STEPS + 1

CELL_W = 34
CELL_H = 22
LABEL_W = 170
HEADER_H = 30
FONT = "DejaVu Sans, Arial, sans-serif"


def heatmap_svg(
    heatmap: HeatMap,
    *,
    rows: str = "region",
    title: str | None = None,
    element_id: str = "heatmap",
    links: bool = True,
) -> SafeString:
    """The region by challenge (rows="region") or state by challenge (rows="state") grid as SVG.

    Colour intensity follows the count (INTENSITY_STEPS steps of the table's highest count); each
    non-empty cell shows its count and, with links=True, links to the tags behind it.
    """
    table: list[HeatRow] = heatmap.by_region if rows == "region" else heatmap.by_state
    columns = heatmap.columns
    width = LABEL_W + CELL_W * max(len(columns), 1) + 2
    height = HEADER_H + CELL_H * max(len(table), 1) + 2
    if title is None:
        title = (
            _("Open challenge tags by region and challenge")
            if rows == "region"
            else _("Open challenge tags by state and challenge")
        )
    desc = _(
        "Darker cells hold more open tags on %(date)s. The table beside the chart gives the same numbers."
    ) % {"date": heatmap.as_of.isoformat()}
    # With links inside, the drawing is a group of links (an image may hold nothing focusable).
    role = "group" if links else "img"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heatmap-svg" role="{role}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{element_id}-title {element_id}-desc" font-family="{FONT}" font-size="11">',
        f'<title id="{element_id}-title">{escape(title)}</title>',
        f'<desc id="{element_id}-desc">{escape(desc)}</desc>',
    ]
    for j, column in enumerate(columns):
        x = LABEL_W + j * CELL_W + CELL_W / 2
        weight = "bold" if column.parent_id is None else "normal"
        out.append(
            f'<text x="{x:g}" y="{HEADER_H - 8}" text-anchor="middle" font-weight="{weight}" '
            f'fill="#1b1b1b">{escape(column.code)}</text>'
        )
    codes = [escape(column.code) for column in columns]
    for i, row in enumerate(table):
        y = HEADER_H + i * CELL_H
        out.append(
            f'<text x="4" y="{y + CELL_H - 7}" fill="#1b1b1b">{escape(_truncate(row.label))}</text>'
        )
        label = escape(row.label)
        for j, cell in enumerate(row.cells):
            x = LABEL_W + j * CELL_W
            name = f"{label} · {codes[j]}: {cell.count}"
            rect = (
                f'<rect x="{x}" y="{y}" width="{CELL_W}" height="{CELL_H}" '
                f'fill="{PALETTE[cell.intensity]}" stroke="#ffffff" stroke-width="1"/>'
            )
            number = ""
            if cell.count:
                number = (
                    f'<text x="{x + CELL_W / 2:g}" y="{y + CELL_H - 7}" text-anchor="middle" '
                    f'fill="{TEXT_ON[cell.intensity]}">{cell.count}</text>'
                )
            # The <title> names the cell: the link's accessible name, or the cell's tooltip.
            if links and cell.url:
                out.append(f'<a href="{escape(cell.url)}"><title>{name}</title>{rect}{number}</a>')
            else:
                out.append(f"<g><title>{name}</title>{rect}{number}</g>")
    out.append("</svg>")
    return mark_safe("".join(out))  # every interpolated text is escaped above


def escape(text) -> str:
    """HTML-escaped text (as django.utils.html.escape, without its lazy-string wrapper: it is
    called for every cell)."""
    return _escape(str(text), quote=True)


def heat_table_body(rows: list[HeatRow]) -> SafeString:
    """The <tbody> rows of a heat map's table (challenges/includes/heat_table.html): one cell per
    column, linking to its tags; built here rather than in the template, which took most of the
    page's time at ten times the data (a cell per state and Annex A item)."""
    out = []
    for row in rows:
        label = escape(row.label)
        out.append(f'<tr><th scope="row">{label}</th>')
        for cell in row.cells:
            if cell.url:
                inner = (
                    f'<a href="{escape(cell.url)}" aria-label="{label}, '
                    f'{escape(cell.challenge.code)}: {cell.count}">{cell.count}</a>'
                )
            else:
                inner = '<span class="visually-hidden">0</span>'
            out.append(f'<td class="heat-cell heat-{cell.intensity}">{inner}</td>')
        total = f'<a href="{escape(row.url)}">{row.total}</a>' if row.url else "0"
        out.append(f'<td class="heat-total">{total}</td></tr>')
    return mark_safe("".join(out))  # every interpolated text is escaped above


def _truncate(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
