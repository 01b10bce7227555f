"""`import_att_status FILE`: all or nothing, every bad row reported with its line number."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from states.models import State, TreatyAction
from tests.factories import StateFactory, TreatyActionFactory

D = dt.date
Kind = TreatyAction.Kind
HEADER = "iso3,name_en,att_region,signature_date,deposit_date,deposit_type,entry_into_force_date\n"
GOOD = (
    HEADER
    + "AFG,Afghanistan,Asia,,2020-07-29,accession,2020-10-27\n"
    + "AGO,Angola,Africa,2013-09-24,,,\n"
    + "ALB,Albania,Europe,2013-06-03,2014-03-19,ratification,2014-12-24\n"
)


def run(tmp_path, content, name="status.csv"):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_att_status", str(path), stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue() + str(exc), False
    return out.getvalue(), err.getvalue(), True


def test_good_file_creates_states_and_actions(db, tmp_path):
    out, _err, ok = run(tmp_path, GOOD)
    assert ok
    assert sorted(State.objects.values_list("iso3", flat=True)) == ["AFG", "AGO", "ALB"]
    assert TreatyAction.objects.count() == 4
    assert "3 rows read; 7 change(s) changed." in out


def test_good_file_records_the_file_name_as_source_in_history(db, tmp_path):
    run(tmp_path, GOOD, name="untc-2025.csv")
    action = TreatyAction.objects.get(state__iso3="AFG")
    assert action.source == "untc-2025.csv"
    assert action.history.get().history_change_reason == "Imported from untc-2025.csv"


def test_new_state_gets_french_and_spanish_names(db, tmp_path):
    run(tmp_path, GOOD)
    albania = State.objects.get(iso3="ALB")
    assert (albania.name_fr, albania.name_es) == ("Albanie", "Albania")


def test_second_import_of_the_same_file_changes_nothing(db, tmp_path):
    run(tmp_path, GOOD)
    out, _err, ok = run(tmp_path, GOOD)
    assert ok
    assert "0 change(s)" in out


def test_changed_date_updates_the_action_and_its_version(db, tmp_path):
    run(tmp_path, GOOD)
    run(tmp_path, GOOD.replace("2013-09-24", "2013-09-25"))
    signature = TreatyAction.objects.get(state__iso3="AGO")
    assert (signature.date, signature.version) == (D(2013, 9, 25), 2)


def test_dry_run_writes_nothing(db, tmp_path):
    path = tmp_path / "status.csv"
    path.write_text(GOOD)
    out = io.StringIO()
    call_command("import_att_status", str(path), "--dry-run", stdout=out)
    assert "would change" in out.getvalue()
    assert not State.objects.exists()


def bad(tmp_path, rows):
    """Import the good file with `rows` appended; returns the report. Nothing may be written."""
    _out, err, ok = run(tmp_path, GOOD + rows)
    assert not ok
    assert not State.objects.exists()
    assert not TreatyAction.objects.exists()
    return err


def test_unknown_code_is_reported_with_its_line(db, tmp_path):
    err = bad(tmp_path, "XYZ,Nowhere,Asia,,,,\n")
    assert "line 5 (XYZ): unknown code 'XYZ'" in err


def test_code_of_an_existing_state_is_known_even_if_not_iso(db, tmp_path):
    StateFactory(iso3="XKX", name_en="Kosovo", region="Europe")
    _out, err, ok = run(tmp_path, HEADER + "XKX,Kosovo,Europe,,,,\n")
    assert ok, err


def test_unparsable_date_is_reported_with_its_line(db, tmp_path):
    err = bad(tmp_path, "AND,Andorra,Europe,18/12/2014,,,\n")
    assert "line 5 (AND): signature_date '18/12/2014': Enter a date in the form YYYY-MM-DD" in err


def test_row_with_the_wrong_number_of_cells_is_reported(db, tmp_path):
    err = bad(tmp_path, "AND,Andorra,Europe,2014-12-18\n")
    assert "line 5 (AND): wrong column set: expected 7 cells, found 4" in err


def test_wrong_header_is_refused(db, tmp_path):
    _out, err, ok = run(tmp_path, GOOD.replace("att_region", "region"))
    assert not ok
    assert "line 1: wrong columns" in err
    assert not State.objects.exists()


def test_entry_into_force_contradicting_article_22_is_reported(db, tmp_path):
    # The 25 Sep cut-off shortcut would give 2015-03-17; Art. 22 gives 24 Dec 2014.
    err = bad(tmp_path, "POL,Poland,Europe,2013-06-03,2014-12-17,ratification,2015-03-17\n")
    assert "line 5 (POL): entry into force 2015-03-17 contradicts Art. 22" in err


def test_ratification_without_signature_is_reported(db, tmp_path):
    err = bad(tmp_path, "AND,Andorra,Europe,,2022-12-02,ratification,2023-03-02\n")
    assert "line 5 (AND): Ratification needs a signature first" in err


def test_accession_by_a_signatory_is_reported(db, tmp_path):
    err = bad(tmp_path, "AND,Andorra,Europe,2014-12-18,2022-12-02,accession,2023-03-02\n")
    assert "line 5 (AND): Accession is for a state that did not sign" in err


def test_signature_after_entry_into_force_is_reported(db, tmp_path):
    err = bad(tmp_path, "AND,Andorra,Europe,2015-01-18,,,\n")
    assert "line 5 (AND): Signature: the treaty was open for signature only until" in err


def test_future_date_is_reported(db, tmp_path):
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    err = bad(tmp_path, f"AND,Andorra,Europe,,{future},accession,\n")
    assert "in the future" in err


def test_every_bad_row_is_reported(db, tmp_path):
    err = bad(
        tmp_path,
        "XYZ,Nowhere,Asia,,,,\nAND,Andorra,Europe,2014-13-01,,,\nAFG,Afghanistan,Asia,,,,\n",
    )
    assert "line 5 (XYZ)" in err
    assert "line 6 (AND)" in err
    assert "line 7 (AFG): AFG already appears on line 2" in err
    assert "3 bad row(s): nothing was imported." in err


def test_removing_a_deposit_under_a_recorded_withdrawal_is_reported(db, tmp_path):
    run(tmp_path, GOOD)
    TreatyActionFactory(
        state=State.objects.get(iso3="AFG"), kind=Kind.WITHDRAWAL, date=D(2022, 1, 1)
    )
    _out, err, ok = run(tmp_path, GOOD.replace("2020-07-29,accession,2020-10-27", ",,"))
    assert not ok
    assert "line 2 (AFG): A withdrawal (Art. 25) is only for a State Party" in err
    assert TreatyAction.objects.filter(state__iso3="AFG", kind=Kind.ACCESSION).exists()


def test_nothing_is_written_when_one_row_is_bad(db, tmp_path):
    run(tmp_path, GOOD)
    bad_file = GOOD.replace("2013-09-24", "2013-09-25") + "XYZ,Nowhere,Asia,,,,\n"
    _out, _err, ok = run(tmp_path, bad_file)
    assert not ok
    assert TreatyAction.objects.get(state__iso3="AGO").date == D(2013, 9, 24)


def test_file_that_is_not_utf8_is_refused(db, tmp_path):
    _out, err, ok = run(tmp_path, (HEADER + "CIV,Côte d'Ivoire,Africa,,,,\n").encode("latin-1"))
    assert not ok
    assert "not UTF-8" in err


def test_binary_file_is_refused(db, tmp_path):
    _out, err, ok = run(tmp_path, b"PK\x03\x04\x00\x00binary")
    assert not ok
    assert "not a UTF-8 CSV file" in err


def test_empty_file_is_refused(db, tmp_path):
    _out, err, ok = run(tmp_path, b"")
    assert not ok
    assert "The file is empty." in err


def test_header_only_is_refused(db, tmp_path):
    _out, err, ok = run(tmp_path, HEADER)
    assert not ok
    assert "no rows" in err


def test_utf8_with_bom_is_accepted(db, tmp_path):
    _out, err, ok = run(tmp_path, b"\xef\xbb\xbf" + GOOD.encode())
    assert ok, err


def test_missing_file_is_reported(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_att_status", str(tmp_path / "nope.csv"), stdout=io.StringIO())


def test_bundled_file_imports_cleanly(db, tmp_path):
    from states.services.status_file import DATA_DIR

    _out, err, ok = run(tmp_path, (DATA_DIR / "att_status.csv").read_bytes())
    assert ok, err
    assert State.objects.count() == 196
