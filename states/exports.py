"""CSV and Excel downloads, safe to open in a spreadsheet; reusable by every app.

A cell whose text starts with = + - @, a tab or a carriage return would be read by a spreadsheet as
a formula (CSV/formula injection, OWASP): safe_cell() prefixes it with an apostrophe.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from states.models import Region, Status, TreatyAction

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """The value, with text that a spreadsheet would run as a formula neutralised.

    Strings starting with = + - @, a tab or a carriage return get a leading apostrophe; other
    values (numbers, dates, None) are returned unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv_text(value) -> str:
    value = safe_cell(value)
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _disposition(filename: str) -> str:
    # Filenames are built by the code from ASCII parts; quotes would break the header.
    return 'attachment; filename="{}"'.format(filename.replace('"', ""))


def csv_response(filename: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """A UTF-8 CSV download (with a byte-order mark, so Excel reads the accents)."""
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = _disposition(filename)
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_csv_text(str(h)) for h in header])
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return response


def _xlsx_value(value):
    value = safe_cell(value)
    if isinstance(value, str):
        # openpyxl refuses control characters that XML cannot hold.
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if value is not None and not isinstance(value, int | float | dt.date):
        return str(value)
    return value


def xlsx_bytes(header: Sequence, rows: Iterable[Sequence], *, sheet_title: str = "") -> bytes:
    """An .xlsx workbook of one sheet: a bold header row, then the rows (dates as dates)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (sheet_title or _("Export"))[:31]
    sheet.append([_xlsx_value(str(h)) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = [len(str(h)) for h in header]
    for row in rows:
        values = [_xlsx_value(value) for value in row]
        sheet.append(values)
        for index, value in enumerate(values):
            if isinstance(value, dt.date):
                sheet.cell(row=sheet.max_row, column=index + 1).number_format = "yyyy-mm-dd"
            widths[index] = max(widths[index], len(str(value)) if value is not None else 0)
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(width + 2, 8), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    filename: str, header: Sequence, rows: Iterable[Sequence], *, sheet_title: str = ""
) -> HttpResponse:
    """An Excel download of one sheet; cells neutralised as in safe_cell()."""
    response = HttpResponse(
        xlsx_bytes(header, rows, sheet_title=sheet_title), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = _disposition(filename)
    return response


# --- the states list -------------------------------------------------------------------------


def state_export_header() -> list[str]:
    return [
        _("Name"),
        _("ISO 3166 code"),
        _("Region"),
        _("Status"),
        _("Signature"),
        _("Deposit"),
        _("Deposit type"),
        _("Entry into force"),
        _("Signature: depositary notification (C.N.)"),
        _("Deposit: depositary notification (C.N.)"),
    ]


def state_export_rows(states, references: dict | None = None) -> list[list]:
    """One row per state annotated by with_record, in the list's column order (names in the
    active language, labels translated, dates as dates), then the C.N. references of the
    signature and the deposit (selectors.cn_references)."""
    references = references or {}
    return [
        [
            state.name,
            state.iso3,
            Region(state.region).label,
            Status(state.status).label,
            state.signature_date,
            state.deposit_date,
            TreatyAction.Kind(state.deposit_type).label if state.deposit_type else "",
            state.entry_into_force_date,
            references.get((state.pk, "signature"), ""),
            references.get((state.pk, "deposit"), ""),
        ]
        for state in states
    ]
