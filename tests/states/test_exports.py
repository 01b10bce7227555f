"""CSV and Excel exports of the states list, and the shared safe-export helpers."""

import csv
import datetime as dt
import io
import re

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse

from states.exports import csv_response, safe_cell, xlsx_response
from states.models import Region, TreatyAction
from tests.factories import StateFactory, TreatyActionFactory

Kind = TreatyAction.Kind
LIST = reverse("states:list")
EXPORT = reverse("states:export")
HOSTILE_NAMES = [
    '=HYPERLINK("http://evil.example/","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\tTabland",
    "\rReturnland",
]


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_rows(response) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def list_codes(client, params) -> list[str]:
    return re.findall(r'<tr data-iso3="([A-Z]{3})">', client.get(LIST, params).content.decode())


@pytest.fixture
def ledger(db):
    zed = StateFactory(iso3="ZED", name_en="Zedland", name_fr="Zédlande", region=Region.EUROPE)
    TreatyActionFactory(state=zed, kind=Kind.SIGNATURE, date=dt.date(2013, 6, 3))
    TreatyActionFactory(state=zed, kind=Kind.RATIFICATION, date=dt.date(2015, 3, 1))
    ebu = StateFactory(iso3="EBU", name_en="Eburnia", name_fr="Éburnie", region=Region.AFRICA)
    TreatyActionFactory(state=ebu, kind=Kind.SIGNATURE, date=dt.date(2013, 9, 25))
    oce = StateFactory(iso3="OCE", name_en="Oceland", region=Region.OCEANIA)
    TreatyActionFactory(state=oce, kind=Kind.ACCESSION, date=dt.date(2016, 1, 10))
    StateFactory(iso3="ASI", name_en="Asialand", region=Region.ASIA)


@pytest.fixture
def hostile(db):
    """States whose names a spreadsheet would run as formulas."""
    for n, name in enumerate(HOSTILE_NAMES):
        StateFactory(iso3=f"HX{chr(65 + n)}", name_en=name, name_fr=name, name_es=name)


# --- safe_cell -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_safe_cell_neutralises_formula_prefixes(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Zedland", "Côte d'Ivoire", "a=b", "", None, 42, -3, 1.5])
def test_safe_cell_leaves_other_values_alone(value):
    assert safe_cell(value) == value


def test_safe_cell_leaves_dates_alone():
    assert safe_cell(dt.date(2018, 5, 31)) == dt.date(2018, 5, 31)


def test_csv_response_is_an_attachment_with_neutralised_cells():
    response = csv_response("x.csv", ["Name"], [["=cmd"], [dt.date(2018, 5, 31)], [None]])
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert csv_rows(response) == [["Name"], ["'=cmd"], ["2018-05-31"], [""]]


def test_xlsx_response_keeps_dates_and_neutralises_text():
    response = xlsx_response("x.xlsx", ["Name", "Day"], [["@cmd", dt.date(2018, 5, 31)]])
    assert response["Content-Disposition"] == 'attachment; filename="x.xlsx"'
    assert xlsx_rows(response)[1] == ("'@cmd", dt.datetime(2018, 5, 31))


def test_xlsx_response_drops_characters_a_workbook_cannot_hold():
    response = xlsx_response("x.xlsx", ["Name"], [["Bad\x07land"]])
    assert xlsx_rows(response)[1] == ("Badland",)


# --- the states export -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"as_of": "2015-06-01", "sort": "-deposit"},
        {"as_of": "2016-06-01", "status": "state_party"},
        {"region": "Africa"},
        {"q": "land", "sort": "-name"},
    ],
)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_has_exactly_the_rows_of_the_list(client, ledger, params, file_format):
    response = client.get(EXPORT, {**params, "format": file_format})
    rows = csv_rows(response) if file_format == "csv" else xlsx_rows(response)
    assert [row[1] for row in rows[1:]] == list_codes(client, params)


def test_export_csv_columns_and_values(client, ledger):
    rows = csv_rows(client.get(EXPORT, {"format": "csv", "as_of": "2015-04-01", "q": "ZED"}))
    assert rows == [
        [
            "Name",
            "ISO 3166 code",
            "Region",
            "Status",
            "Signature",
            "Deposit",
            "Deposit type",
            "Entry into force",
            "Signature: depositary notification (C.N.)",
            "Deposit: depositary notification (C.N.)",
        ],
        [
            "Zedland",
            "ZED",
            "Europe",
            "Deposited, not yet in force",
            "2013-06-03",
            "2015-03-01",
            "Ratification",
            "2015-05-30",
            "",
            "",
        ],
    ]


def test_export_shows_only_what_is_known_on_as_of(client, ledger):
    rows = csv_rows(client.get(EXPORT, {"format": "csv", "as_of": "2014-01-01", "q": "ZED"}))
    assert rows[1][4:] == ["2013-06-03", "", "", "", "", ""]


def test_export_xlsx_dates_are_dates(client, ledger):
    rows = xlsx_rows(client.get(EXPORT, {"format": "xlsx", "as_of": "2016-06-01", "q": "OCE"}))
    assert rows[1][5] == dt.datetime(2016, 1, 10)


def test_export_defaults_to_csv(client, ledger):
    response = client.get(EXPORT)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.match(
        r'attachment; filename="att-status-\d{4}-\d{2}-\d{2}\.csv"', response["Content-Disposition"]
    )


def test_export_names_follow_the_language(client, ledger):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    rows = csv_rows(client.get(EXPORT, {"format": "csv", "q": "ZED"}))
    assert rows[1][0] == "Zédlande"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_neutralises_hostile_names(client, hostile, file_format):
    response = client.get(EXPORT, {"format": file_format, "sort": "iso3"})
    rows = csv_rows(response) if file_format == "csv" else xlsx_rows(response)
    # XML reads a carriage return back as a line feed.
    names = [row[0].replace("\n", "\r") for row in rows[1:]]
    assert names == ["'" + name for name in HOSTILE_NAMES]


def test_export_xlsx_has_no_formula_cells(client, hostile):
    response = client.get(EXPORT, {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize(
    "params",
    [{"format": "pdf"}, {"as_of": "31/05/2018"}, {"status": "party"}, {"q": "x" * 101}],
)
def test_export_bad_parameter_is_a_400(client, ledger, params):
    response = client.get(EXPORT, params)
    assert response.status_code == 400
    assert next(iter(params)) in response.content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "delegate", "cochair", "secretariat"])
def test_export_is_open_to_everyone(client_for, ledger, persona):
    assert client_for(persona).get(EXPORT, {"format": "xlsx"}).status_code == 200


@pytest.mark.parametrize("persona", ["anonymous", "delegate", "cochair", "secretariat"])
def test_export_refuses_post(client_for, ledger, persona):
    assert client_for(persona).post(EXPORT).status_code == 405


def test_export_query_count(client, ledger, django_assert_num_queries):
    # Not cached yet: 1. the ledger version (states/cache.py)  2. the rows with their record
    # 3. the depositary notifications (C.N.) of their signatures and deposits
    with django_assert_num_queries(3):
        client.get(EXPORT, {"format": "xlsx"})


def test_list_links_to_the_export_with_its_filters(client, ledger):
    html = client.get(LIST, {"region": "Africa", "sort": "-name"}).content.decode()
    assert f'href="{EXPORT}?format=csv&amp;region=Africa&amp;sort=-name"' in html
