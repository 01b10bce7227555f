"""load_reference_data for the states: the bundled ledger, idempotent, never over a user's edit."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from states.models import State, TreatyAction
from states.services.reference import reference_data_load

D = dt.date
Kind = TreatyAction.Kind


def load():
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    return out.getvalue()


def test_loads_every_state_and_its_record(reference_data):
    assert State.objects.count() == 196
    assert TreatyAction.objects.filter(kind=Kind.SIGNATURE).count() == 130
    assert TreatyAction.objects.deposits().count() == 116


def test_loads_the_united_states_notification(reference_data):
    notification = TreatyAction.objects.get(kind=Kind.INTENTION_NOT_PARTY)
    assert (notification.state.iso3, notification.date) == ("USA", D(2019, 7, 18))


def test_gabon_deposited_an_acceptance(reference_data):
    assert TreatyAction.objects.deposits().get(state__iso3="GAB").kind == Kind.ACCEPTANCE


def test_names_in_french_and_spanish_come_from_iso_translations(reference_data):
    germany = State.objects.get(iso3="DEU")
    assert (germany.name_en, germany.name_fr, germany.name_es) == (
        "Germany",
        "Allemagne",
        "Alemania",
    )


def test_un_status_of_observers_and_niue(reference_data):
    statuses = dict(
        State.objects.filter(iso3__in=["PSE", "VAT", "NIU", "FRA"]).values_list("iso3", "un_status")
    )
    assert statuses == {"PSE": "observer", "VAT": "observer", "NIU": "neither", "FRA": "member"}


def test_first_load_reports_what_it_created(db):
    out = load()
    assert "[states] States: 196 created, 0 updated, 0 unchanged." in out
    assert "[states] Notifications added: 1." in out


def test_second_load_changes_nothing(reference_data):
    before = TreatyAction.history.count() + State.history.count()
    out = load()
    assert "[states] States: 0 created, 0 updated, 196 unchanged." in out
    assert "[states] Notifications added: 0." in out
    assert TreatyAction.history.count() + State.history.count() == before


def test_missing_record_is_recreated(reference_data):
    TreatyAction.objects.filter(state__iso3="ALB", kind=Kind.SIGNATURE).delete()
    State.objects.filter(iso3="AGO").delete()
    out = load()
    assert "States: 1 created, 1 updated, 194 unchanged." in out
    assert TreatyAction.objects.filter(state__iso3="ALB", kind=Kind.SIGNATURE).exists()


def test_signature_edited_by_a_user_is_kept_and_reported(reference_data, secretariat):
    signature = TreatyAction.objects.get(state__iso3="AGO", kind=Kind.SIGNATURE)
    signature.date = D(2013, 9, 25)
    signature._history_user = secretariat
    signature.save()
    out = load()
    assert "Kept as edited in the portal (not overwritten): AGO." in out
    signature.refresh_from_db()
    assert signature.date == D(2013, 9, 25)


def test_edit_through_the_browser_is_kept(reference_data, client_for):
    signature = TreatyAction.objects.get(state__iso3="AGO", kind=Kind.SIGNATURE)
    url = reverse("states:action_edit", kwargs={"iso3": "AGO", "pk": signature.pk})
    data = {"kind": "signature", "date": "2013-09-25", "source": "", "note": "", "version": 1}
    assert client_for("secretariat").post(url, data).status_code == 302
    out = load()
    assert "not overwritten): AGO." in out
    assert TreatyAction.objects.get(pk=signature.pk).date == D(2013, 9, 25)


def test_action_deleted_by_a_user_is_not_recreated(reference_data, client_for):
    signature = TreatyAction.objects.get(state__iso3="AGO", kind=Kind.SIGNATURE)
    url = reverse("states:action_delete", kwargs={"iso3": "AGO", "pk": signature.pk})
    assert client_for("secretariat").post(url, {"version": 1}).status_code == 302
    load()
    assert not TreatyAction.objects.filter(state__iso3="AGO").exists()


def test_unedited_states_are_still_updated_when_another_was_edited(reference_data, secretariat):
    state = State.objects.get(iso3="AGO")
    state.name_en, state._history_user = "Angola (edited)", secretariat
    state.save()
    TreatyAction.objects.filter(state__iso3="ALB", kind=Kind.SIGNATURE).update(date=D(2013, 6, 4))
    out = load()
    assert "States: 0 created, 1 updated, 194 unchanged." in out
    assert State.objects.get(iso3="AGO").name_en == "Angola (edited)"
    assert TreatyAction.objects.get(state__iso3="ALB", kind=Kind.SIGNATURE).date == D(2013, 6, 3)


def test_a_name_someone_set_is_not_replaced(reference_data):
    State.objects.filter(iso3="DEU").update(name_fr="République fédérale d'Allemagne")
    load()
    assert State.objects.get(iso3="DEU").name_fr == "République fédérale d'Allemagne"


def test_service_report_lines(db):
    lines = reference_data_load().lines()
    assert lines[0] == "States: 196 created, 0 updated, 0 unchanged."


@pytest.mark.parametrize("iso3", ["KAZ", "PSE", "CHL", "CMR", "BRA"])
def test_loaded_entry_into_force_dates_match_the_file(reference_data, iso3):
    from states.services.status_file import DATA_DIR

    rows = {
        line.split(",")[0]: line.split(",")
        for line in (DATA_DIR / "att_status.csv").read_text().splitlines()
    }
    deposit = TreatyAction.objects.deposits().get(state__iso3=iso3)
    assert deposit.effective_date.isoformat() == rows[iso3][6]
