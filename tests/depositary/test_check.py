"""The check against the bundled data, edited copies of the file, and applying differences."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils.formats import date_format

from depositary.models import DepositaryCheck, DepositaryName, StateDeclaration
from depositary.services import (
    ApplyError,
    depositary_apply,
    depositary_check,
    depositary_check_save,
    names_load_report,
)
from states.history import state_history
from states.models import State, Status, TreatyAction
from tests.depositary.conftest import SAMPLE, SAMPLE_NAME, encode, sample_text, set_cell

pytestmark = pytest.mark.django_db
ON = dt.date(2018, 1, 15)


def kept(data, user, name=SAMPLE_NAME):
    result = depositary_check(data=data, file_name=name)
    return depositary_check_save(data=data, result=result, user=user)


def test_sample_has_no_differences_with_the_bundled_data(reference_data, sample_bytes):
    result = depositary_check(data=sample_bytes, file_name=SAMPLE_NAME)
    assert (result.problems, result.differences, result.declaration_differences) == ([], [], [])


def test_sample_totals_equal_the_portal_counts_on_15_january_2018(reference_data, sample_bytes):
    result = depositary_check(data=sample_bytes, file_name=SAMPLE_NAME)
    assert [(line, rows, portal) for _label, line, rows, portal in result.totals] == [
        (130, 130, 130),
        (94, 94, 94),
    ]


def test_every_participant_of_the_sample_maps_to_a_state(reference_data, sample_bytes):
    result = depositary_check(data=sample_bytes, file_name=SAMPLE_NAME)
    assert result.unmapped == [] and not result.refused


def test_check_queries_are_pinned(reference_data, sample_bytes, django_assert_num_queries):
    # names → states; signatures counted; counts by status; the compared actions; declarations
    with django_assert_num_queries(5):
        depositary_check(data=sample_bytes, file_name=SAMPLE_NAME)


def test_a_renamed_participant_refuses_the_file_naming_it_and_its_row(reference_data, three_edits):
    result = depositary_check(data=three_edits, file_name=SAMPLE_NAME)
    assert result.refused and result.differences == []
    assert result.problems == [
        "row 135 (Republic of Zimbabwia): no state is known by this name; add it to the "
        "depositary names"
    ]


def test_an_edited_copy_reports_exactly_its_two_edits(reference_data, two_edits):
    result = depositary_check(data=two_edits, file_name=SAMPLE_NAME)
    assert [(d.iso3, d.what, d.old_date, d.new_kind, d.new_date) for d in result.differences] == [
        ("AGO", "add", None, "ratification", dt.date(2018, 1, 10)),
        ("BHR", "change", dt.date(2013, 11, 21), "signature", dt.date(2013, 11, 22)),
    ]


def test_an_action_missing_from_the_file_is_reported(reference_data):
    data = encode(set_cell(sample_text(), "Austria", 3, ""))
    result = depositary_check(data=data, file_name=SAMPLE_NAME)
    assert [(d.iso3, d.what, d.old_kind) for d in result.differences] == [
        ("AUT", "remove", "provisional_application")
    ]


def test_a_deposit_of_another_type_is_a_conflict(reference_data):
    data = encode(set_cell(sample_text(), "Albania", 4, "19 Mar 2014 A"))
    (difference,) = depositary_check(data=data, file_name=SAMPLE_NAME).differences
    assert (difference.what, difference.old_kind, difference.new_kind) == (
        "change",
        "ratification",
        "acceptance",
    )


def test_portal_actions_after_the_files_date_are_not_differences(reference_data, sample_bytes):
    # Chile deposited on 16 May 2018, after the file's date.
    result = depositary_check(data=sample_bytes, file_name=SAMPLE_NAME)
    assert "CHL" not in {d.iso3 for d in result.differences}
    assert TreatyAction.objects.filter(state__iso3="CHL").deposits().exists()


def test_applying_the_added_deposit_shows_in_the_states_status(
    reference_data, two_edits, secretariat
):
    check = kept(two_edits, secretariat)
    (added,) = [
        d
        for d in depositary_check(data=two_edits, file_name=SAMPLE_NAME).differences
        if d.what == "add"
    ]
    depositary_apply(check=check, keys=[added.key], user=secretariat)
    angola = State.objects.with_record(ON).get(iso3="AGO")
    assert (angola.status, angola.deposit_date, angola.deposit_type) == (
        Status.RATIFIED_NOT_IN_FORCE,
        dt.date(2018, 1, 10),
        "ratification",
    )


def test_applying_the_added_deposit_shows_in_the_states_history_with_the_file_as_source(
    reference_data, two_edits, secretariat
):
    check = kept(two_edits, secretariat)
    (added,) = [
        d
        for d in depositary_check(data=two_edits, file_name=SAMPLE_NAME).differences
        if d.what == "add"
    ]
    depositary_apply(check=check, keys=[added.key], user=secretariat)
    latest = state_history(State.objects.get(iso3="AGO"))[0]
    deposit = TreatyAction.objects.deposits().get(state__iso3="AGO")
    assert (latest.user, latest.subject, latest.reason) == (
        secretariat,
        f"Ratification ({date_format(dt.date(2018, 1, 10), 'DATE_FORMAT')})",
        f"Depositary check: {SAMPLE_NAME}, status as of 2018-01-15",
    )
    assert deposit.source == f"UNTC {SAMPLE_NAME} (2018-01-15), check {check.pk}"


def test_applying_a_conflict_replaces_the_portals_date(reference_data, two_edits, secretariat):
    check = kept(two_edits, secretariat)
    (conflict,) = depositary_check(data=two_edits, file_name=SAMPLE_NAME).conflicts
    depositary_apply(check=check, keys=[conflict.key], user=secretariat)
    signature = TreatyAction.objects.get(state__iso3="BHR", kind="signature")
    assert (signature.date, signature.version) == (dt.date(2013, 11, 22), 2)
    assert signature.history.latest().prev_record.date == dt.date(2013, 11, 21)


def test_apply_records_what_was_applied_on_the_check(reference_data, two_edits, secretariat):
    check = kept(two_edits, secretariat)
    keys = [d.key for d in depositary_check(data=two_edits, file_name=SAMPLE_NAME).differences]
    depositary_apply(check=check, keys=keys, user=secretariat)
    check.refresh_from_db()
    assert (len(check.applied), check.applied_by) == (2, secretariat)
    assert depositary_check(data=two_edits, file_name=SAMPLE_NAME).differences == []


def test_apply_refuses_a_result_that_breaks_the_treatys_rules(reference_data, secretariat):
    # Angola signed, so it cannot accede: the whole apply is refused.
    text = set_cell(sample_text(), "Angola", 4, "10 Jan 2018 a")
    data = encode(set_cell(text, "Bahrain", 2, "22 Nov 2013"))
    check = kept(data, secretariat)
    keys = [d.key for d in depositary_check(data=data, file_name=SAMPLE_NAME).differences]
    with pytest.raises(ApplyError, match="Angola: Accession is for a state that did not sign"):
        depositary_apply(check=check, keys=keys, user=secretariat)
    assert not TreatyAction.objects.filter(state__iso3="AGO").deposits().exists()
    assert TreatyAction.objects.get(state__iso3="BHR", kind="signature").date == dt.date(
        2013, 11, 21
    )


def test_apply_refuses_a_choice_the_portal_has_overtaken(reference_data, two_edits, secretariat):
    check = kept(two_edits, secretariat)
    (conflict,) = depositary_check(data=two_edits, file_name=SAMPLE_NAME).conflicts
    TreatyAction.objects.filter(state__iso3="BHR", kind="signature").update(
        date=dt.date(2013, 11, 25)
    )
    with pytest.raises(ApplyError, match="has changed since"):
        depositary_apply(check=check, keys=[conflict.key], user=secretariat)


def test_apply_with_nothing_chosen_is_refused(reference_data, two_edits, secretariat):
    check = kept(two_edits, secretariat)
    with pytest.raises(ApplyError, match="Choose at least one"):
        depositary_apply(check=check, keys=[], user=secretariat)


def test_declarations_that_differ_are_applied_when_chosen(reference_data, secretariat):
    text = sample_text().replace(
        "This signature engages also the Walloon Region",
        "This signature engages the Walloon Region",
    )
    data = encode(text)
    check = kept(data, secretariat)
    (difference,) = depositary_check(data=data, file_name=SAMPLE_NAME).declaration_differences
    depositary_apply(check=check, keys=[difference.key], user=secretariat)
    belgium = StateDeclaration.objects.get(state__iso3="BEL")
    assert belgium.text.startswith("\u201cThis signature engages the Walloon Region")
    assert belgium.source == check.source


def test_loader_is_idempotent(reference_data):
    counts = (
        DepositaryName.objects.count(),
        TreatyAction.objects.filter(kind="provisional_application").count(),
        StateDeclaration.objects.count(),
    )
    names_load_report()
    assert counts == (
        DepositaryName.objects.count(),
        TreatyAction.objects.filter(kind="provisional_application").count(),
        StateDeclaration.objects.count(),
    )
    assert counts[1:] == (22, 7)


def test_loader_keeps_a_state_a_user_has_edited(reference_data, secretariat):
    action = TreatyAction.objects.get(state__iso3="AUT", kind="provisional_application")
    action._history_user = secretariat
    action.delete()
    names_load_report()
    assert not TreatyAction.objects.filter(
        state__iso3="AUT", kind="provisional_application"
    ).exists()


def test_command_reports_no_difference_on_the_sample(reference_data):
    out = io.StringIO()
    call_command("check_depositary", str(SAMPLE), stdout=out)
    text = out.getvalue()
    assert "Differences: 0." in text
    assert "Signatories: file 130 (rows: 130), portal 130 on 2018-01-15." in text
    assert (
        "Parties (deposits, in force or not): file 94 (rows: 94), portal 94 on 2018-01-15." in text
    )


def test_command_refuses_a_file_with_an_unknown_name(reference_data, three_edits, tmp_path):
    path = tmp_path / SAMPLE_NAME
    path.write_bytes(three_edits)
    out = io.StringIO()
    with pytest.raises(CommandError, match="refused"):
        call_command("check_depositary", str(path), stdout=out)
    assert "row 135 (Republic of Zimbabwia)" in out.getvalue()


def test_command_compares_on_a_later_date_listing_newer_events_apart(reference_data):
    out = io.StringIO()
    call_command("check_depositary", str(SAMPLE), "--date", "2018-06-01", stdout=out)
    text = out.getvalue()
    assert "status as of 2018-01-15 (date from the file name)" in text
    assert "Compared with the portal on 2018-06-01, after the file's date." in text
    assert "Differences: 0." in text
    assert "Chile: newer than the file: Ratification 18 May 2018" in text


def test_command_refuses_a_date_before_the_files_own(reference_data):
    with pytest.raises(CommandError, match="before the file's own date"):
        call_command("check_depositary", str(SAMPLE), "--date", "2018-01-14")


def test_command_refuses_a_malformed_date(reference_data):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("check_depositary", str(SAMPLE), "--date", "15/01/2018")


def test_a_refused_file_is_not_kept(reference_data, three_edits, secretariat):
    result = depositary_check(data=three_edits, file_name=SAMPLE_NAME)
    with pytest.raises(ValueError, match="not kept"):
        depositary_check_save(data=three_edits, result=result, user=secretariat)
    assert not DepositaryCheck.objects.exists()
