"""Pipeline files: `manage.py import_pipeline FILE.csv` and the browser's upload → preview →
confirm. All or nothing, every bad row with its line number and reason, the same file twice
changes nothing."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from pipeline.models import StageEntry
from pipeline.services import pipeline_file_apply, pipeline_file_parse
from pipeline.views import IMPORT_SESSION_KEY
from states.models import State, TreatyAction

D = dt.date
HEADER = "iso3,stage,date,source,visibility,note\n"
GOOD = (
    HEADER
    + "XSG,under_review,2016-01-10,Ministry letter,public,\n"
    + "XSG,before_parliament,2017-06-01,Parliament agenda,internal,Committee in June\n"
    + "XNS,none_known,2017-01-15,ATT Monitor 2017,,\n"
)


@pytest.fixture
def world(stages, signatory, non_signatory, depositor):
    return stages


def run(tmp_path, content, *args, name="pipeline.csv"):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_pipeline", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue() + str(exc), False
    return out.getvalue(), err.getvalue(), True


# --- the command ----------------------------------------------------------------------------


def test_a_good_file_records_every_row_with_the_file_as_the_reason(world, tmp_path):
    out, _err, ok = run(tmp_path, GOOD, name="monitor-2017.csv")
    assert ok
    assert "3 rows read; 3 entry(ies) changed." in out
    assert "line 3: XSG Signatoria: add “Submitted to parliament” on 2017-06-01" in out
    entry = StageEntry.objects.get(state__iso3="XSG", stage__code="before_parliament")
    assert (entry.source, entry.visibility, entry.note) == (
        "Parliament agenda",
        "internal",
        "Committee in June",
    )
    assert entry.history.get().history_change_reason == "Imported from monitor-2017.csv"
    # An empty visibility is internal: nothing reaches the public unless the file says so.
    assert StageEntry.objects.get(state__iso3="XNS").visibility == "internal"


def test_the_same_file_twice_changes_nothing(world, tmp_path):
    run(tmp_path, GOOD)
    history = StageEntry.history.count()
    out, _err, ok = run(tmp_path, GOOD)
    assert ok
    assert "3 rows read; 0 entry(ies) changed." in out
    assert StageEntry.objects.count() == 3
    assert StageEntry.history.count() == history


def test_a_row_with_a_new_source_changes_that_entry_only(world, tmp_path):
    run(tmp_path, GOOD)
    changed = GOOD.replace("Ministry letter,public", "Ministry letter of 10 January,public")
    out, _err, ok = run(tmp_path, changed)
    assert ok
    assert "“Under consideration by the government” on 2016-01-10: new source" in out
    entry = StageEntry.objects.get(state__iso3="XSG", stage__code="under_review")
    assert (entry.source, entry.version) == ("Ministry letter of 10 January", 2)


def test_an_unknown_stage_on_line_4_saves_nothing_and_names_line_4(world, tmp_path):
    content = GOOD + "XNS,in_committee,2017-02-01,Hearing,public,\n"
    _out, err, ok = run(tmp_path, content)
    assert not ok
    assert "line 5 (XNS): unknown stage 'in_committee'" in err
    bad_line_4 = HEADER + GOOD.splitlines(keepends=True)[1] + GOOD.splitlines(keepends=True)[2]
    bad_line_4 += "XSG,in_committee,2017-02-01,Hearing,public,\n"
    _out, err, ok = run(tmp_path, bad_line_4)
    assert not ok
    assert "line 4 (XSG): unknown stage 'in_committee'" in err
    assert "nothing was imported" in err
    assert not StageEntry.objects.exists()


def test_an_entry_after_the_deposit_is_refused_with_the_deposit_date(world, tmp_path):
    content = HEADER + "XDP,instrument_executed,2018-09-01,Presidential decree,public,\n"
    _out, err, ok = run(tmp_path, content)
    assert not ok
    assert (
        "line 2 (XDP): Depositia deposited its instrument of ratification on 14 August 2018" in err
    )
    assert not StageEntry.objects.exists()


def test_every_bad_row_is_reported_with_its_reason(world, tmp_path):
    content = (
        HEADER
        + "XXX,under_review,2016-01-10,Letter,public,\n"  # line 2: unknown state
        + "XSG,under_review,10/01/2016,Letter,public,\n"  # line 3: date format
        + "XSG,under_review,2013-06-01,Letter,public,\n"  # line 4: before the treaty opened
        + "XSG,under_review,2099-01-01,Letter,public,\n"  # line 5: future
        + "XSG,under_review,2016-01-10,,public,\n"  # line 6: no source
        + "XSG,under_review,2016-02-10,Letter,secret,\n"  # line 7: visibility
        + "XSG,under_review,2016-03-10,Letter\n"  # line 8: cells
        + "XNS,none_known,2017-01-15,A,public,\n"
        + "XNS,none_known,2017-01-15,B,public,\n"  # line 10: repeated
    )
    _out, err, ok = run(tmp_path, content)
    assert not ok
    for expected in (
        "line 2 (XXX): unknown state code 'XXX'",
        "line 3 (XSG): date '10/01/2016': Enter a date in the form YYYY-MM-DD",
        "line 4 (XSG): date '2013-06-01': Enter a date between 2013-06-03",
        "line 5 (XSG): The date cannot be in the future.",
        "line 6 (XSG): the source is empty",
        "line 7 (XSG): unknown visibility 'secret' (public or internal)",
        "line 8 (XSG): wrong column set: expected 6 cells, found 4",
        "line 10 (XNS): the same state, stage and date are already on line 9",
    ):
        assert expected in err, expected
    assert not StageEntry.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"iso3,stage,date\nXSG,under_review,2016-01-10\n", "line 1: wrong columns"),
        (HEADER.encode(), "The file has a header but no rows."),
        (b"\xff\xfe" + HEADER.encode("utf-16-le"), "it contains NUL bytes"),
        (
            HEADER.encode() + "XSG,under_review,2016-01-10,Lettre reçue,,\n".encode("latin-1"),
            "not UTF-8 text",
        ),
    ],
)
def test_an_unreadable_file_is_refused_as_a_whole(world, tmp_path, content, message):
    _out, err, ok = run(tmp_path, content)
    assert not ok and message in err
    assert not StageEntry.objects.exists()


def test_dry_run_reports_and_writes_nothing(world, tmp_path):
    out, _err, ok = run(tmp_path, GOOD, "--dry-run")
    assert ok and "3 entry(ies) would change." in out
    assert not StageEntry.objects.exists()


# --- the browser ------------------------------------------------------------------------------


def upload(client, content=GOOD, name="pipeline.csv"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(
        reverse("pipeline:import"), {"file": SimpleUploadedFile(name, data, "text/csv")}
    )


def confirm(client, token=None):
    if token is None:
        token = client.session[IMPORT_SESSION_KEY]["token"]
    return client.post(reverse("pipeline:import_confirm"), {"token": token})


def test_the_preview_lists_every_change_and_writes_nothing(world, client_for):
    response = upload(client_for("secretariat"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Signatoria" in content and "Nonsignia" in content
    assert "add “Submitted to parliament” on 2017-06-01" in content
    assert 'name="token"' in content
    assert not StageEntry.objects.exists()


def test_confirming_the_preview_imports_the_file(world, client_for, secretariat):
    client = client_for("secretariat")
    upload(client, name="monitor.csv")
    response = confirm(client)
    assert response.status_code == 302 and response.url == reverse("pipeline:index")
    assert StageEntry.objects.count() == 3
    entry = StageEntry.objects.get(state__iso3="XNS")
    assert entry.history.get().history_user == secretariat
    assert entry.history.get().history_change_reason == "Imported from monitor.csv"
    # The preview is used up.
    assert IMPORT_SESSION_KEY not in client.session


def test_a_bad_file_shows_every_bad_row_and_offers_no_confirmation(world, client_for):
    content = GOOD.replace("XNS,none_known", "XNS,in_committee")
    response = upload(client_for("secretariat"), content)
    text = response.content.decode()
    assert "unknown stage &#x27;in_committee&#x27;" in text
    assert "<td>4</td>" in text
    assert 'name="token"' not in text


def test_a_file_already_recorded_says_nothing_would_change(world, client_for):
    client = client_for("secretariat")
    upload(client)
    confirm(client)
    response = upload(client)
    assert "nothing would change" in response.content.decode()
    assert 'name="token"' not in response.content.decode()


def test_a_change_since_the_preview_imports_nothing_and_shows_the_new_preview(
    world, client_for, record, non_signatory
):
    client = client_for("secretariat")
    upload(client)
    # Someone records one of the file's entries meanwhile, with another source.
    record(non_signatory, world["none_known"], D(2017, 1, 15), source="Someone else")
    response = confirm(client)
    assert response.status_code == 409
    assert "nothing was imported" in response.content.decode()
    assert StageEntry.objects.count() == 1


def test_an_expired_preview_cannot_be_confirmed(world, client_for):
    client = client_for("secretariat")
    upload(client)
    response = confirm(client, token="forged")
    assert response.status_code == 302 and response.url == reverse("pipeline:import")
    assert not StageEntry.objects.exists()


def test_not_a_csv_is_refused_on_the_form(world, client_for):
    response = upload(client_for("secretariat"), name="pipeline.xlsx")
    assert response.status_code == 400
    assert "Choose a .csv file." in response.content.decode()


@pytest.mark.parametrize("persona", ["delegate", "cochair"])
def test_delegates_and_cochairs_cannot_import(world, client_for, persona):
    assert upload(client_for(persona)).status_code == 403
    assert not StageEntry.objects.exists()


def test_a_deposit_recorded_after_the_preview_stops_the_confirmation(world, client_for):
    client = client_for("secretariat")
    upload(client)
    TreatyAction.objects.create(
        state=State.objects.get(iso3="XSG"), kind="ratification", date=D(2017, 1, 1)
    )
    response = confirm(client)
    assert response.status_code == 409
    text = response.content.decode()
    assert "nothing was imported" in text
    assert "Signatoria deposited its instrument of ratification on 1 January 2017" in text
    assert not StageEntry.objects.exists()


def test_applying_rows_checks_the_ledger_again_under_the_lock(world):
    """Rows parsed before a deposit was recorded are refused when applied: nothing written."""
    rows = pipeline_file_parse(GOOD.encode()).rows
    TreatyAction.objects.create(
        state=State.objects.get(iso3="XSG"), kind="accession", date=D(2017, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        pipeline_file_apply(rows, source="late.csv")
    assert (
        "line 3 (XSG): Signatoria deposited its instrument of accession" in error.value.messages[0]
    )
    assert not StageEntry.objects.exists()
