"""The rows of an uploaded CSV file after its header, each with the line it starts on: the one
reader of the imports that report every bad row by its line number (the joining pipeline, a
meeting's participants)."""

import csv
import io

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def csv_rows(
    text: str, columns: list[str], error: type[Exception], *, fold_case: bool = False
) -> list[tuple[int, list[str]]]:
    """(line number, cells) of each row after a header that must read `columns` (its names
    stripped, and lower-cased with `fold_case`). A file that cannot be read raises `error` with
    the line and why."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() if fold_case else h.strip() for h in next(reader)]
    except StopIteration:
        raise error(_("The file is empty.")) from None
    except csv.Error as exc:
        raise error(_("The file is not valid CSV: %(error)s") % {"error": exc}) from None
    if header != columns:
        raise error(
            _("line 1: wrong columns. Expected: %(expected)s. Found: %(found)s.")
            % {"expected": ",".join(columns), "found": ",".join(header)[:300]}
        )
    rows = []
    line = reader.line_num + 1
    try:
        for cells in reader:
            # A quoted cell may span lines: a row starts on the line after the previous one.
            rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise error(
            _("line %(line)s: the file is not valid CSV: %(error)s")
            % {"line": reader.line_num, "error": exc}
        ) from None
    return rows


def bad_rows_message(n: int) -> str:
    """What an import says when it refuses a file for its bad rows (each reported before)."""
    return ngettext(
        "%(n)s bad row: nothing was imported.", "%(n)s bad rows: nothing was imported.", n
    ) % {"n": n}
