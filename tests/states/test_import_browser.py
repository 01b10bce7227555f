"""The status-file import in the browser: upload → preview → confirm (issue 3, item 7)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from states.models import State, TreatyAction
from states.views.edit import IMPORT_SESSION_KEY
from tests.factories import StateFactory, TreatyActionFactory

D = dt.date
Kind = TreatyAction.Kind
HEADER = "iso3,name_en,att_region,signature_date,deposit_date,deposit_type,entry_into_force_date\n"
GOOD = (
    HEADER
    + "AFG,Afghanistan,Asia,,2020-07-29,accession,2020-10-27\n"
    + "AGO,Angola,Africa,2013-09-24,,,\n"
)


def upload(client, content=GOOD, name="status.csv"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(
        reverse("states:import"), {"file": SimpleUploadedFile(name, data, "text/csv")}
    )


def confirm(client, token=None):
    if token is None:
        token = client.session[IMPORT_SESSION_KEY]["token"]
    return client.post(reverse("states:import_confirm"), {"token": token})


URLS = ["states:import", "states:import_confirm"]


@pytest.mark.parametrize("name", URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_sign_in(client_for, name, method):
    response = getattr(client_for("anonymous"), method)(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", URLS)
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("persona", ["delegate", "cochair"])
def test_delegates_and_cochairs_are_refused(client_for, name, method, persona):
    response = getattr(client_for(persona), method)(reverse(name))
    assert response.status_code == 403


def test_cochair_upload_writes_nothing(client_for):
    assert upload(client_for("cochair")).status_code == 403
    assert not State.objects.exists()


def test_secretariat_gets_the_upload_form(client_for):
    response = client_for("secretariat").get(reverse("states:import"))
    assert response.status_code == 200
    assert b'type="file"' in response.content


def test_confirm_only_accepts_post(client_for):
    assert client_for("secretariat").get(reverse("states:import_confirm")).status_code == 405


def test_preview_lists_every_change_per_state_and_writes_nothing(client_for):
    response = upload(client_for("secretariat"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Afghanistan" in content and "Angola" in content
    assert "add Accession of 2020-07-29" in content
    assert "add Signature of 2013-09-24" in content
    assert 'name="token"' in content
    assert not State.objects.exists()


def test_confirm_applies_the_preview(client_for, secretariat):
    client = client_for("secretariat")
    upload(client, name="untc.csv")
    response = confirm(client)
    assert response.status_code == 302
    assert TreatyAction.objects.count() == 2
    record = TreatyAction.history.get(state_id=State.objects.get(iso3="AFG").pk)
    assert record.history_user == secretariat
    assert record.history_change_reason == "Imported from untc.csv"
    assert TreatyAction.objects.get(state__iso3="AFG").source == "untc.csv"


def test_confirm_shows_a_summary_message(client_for):
    client = client_for("secretariat")
    upload(client, name="untc.csv")
    response = client.post(
        reverse("states:import_confirm"),
        {"token": client.session[IMPORT_SESSION_KEY]["token"]},
        follow=True,
    )
    assert "Imported untc.csv: 4 changes to 2 state(s)." in [
        str(m) for m in response.context["messages"]
    ]


def test_bad_rows_are_listed_with_line_and_reason_and_nothing_can_be_applied(client_for):
    client = client_for("secretariat")
    response = upload(client, GOOD + "XYZ,Nowhere,Asia,,,,\nAND,Andorra,Europe,2014-13-01,,,\n")
    assert response.status_code == 200
    errors = response.context["errors"]
    assert [(e.line, e.iso3) for e in errors] == [(4, "XYZ"), (5, "AND")]
    assert "unknown code" in errors[0].message
    assert "2014-13-01': Enter a date in the form YYYY-MM-DD" in errors[1].message
    assert b'name="token"' not in response.content
    assert IMPORT_SESSION_KEY not in client.session


def test_confirm_without_a_preview_is_refused(client_for):
    response = client_for("secretariat").post(reverse("states:import_confirm"), {"token": "x"})
    assert response.status_code == 302
    assert response.url == reverse("states:import")
    assert not State.objects.exists()


def test_confirm_with_an_old_token_is_refused(client_for):
    client = client_for("secretariat")
    upload(client)
    old = client.session[IMPORT_SESSION_KEY]["token"]
    upload(client, GOOD.replace("2013-09-24", "2013-09-25"))
    confirm(client, token=old)
    assert not State.objects.exists()


def test_data_changed_since_the_preview_shows_the_new_preview(client_for):
    StateFactory(iso3="AGO", name_en="Angola", region="Africa")
    client = client_for("secretariat")
    upload(client)
    TreatyActionFactory(
        state=State.objects.get(iso3="AGO"), kind=Kind.SIGNATURE, date=D(2013, 9, 24)
    )
    response = confirm(client)
    assert response.status_code == 409
    assert "add Signature" not in response.content.decode()
    assert not TreatyAction.objects.filter(state__iso3="AFG").exists()
    assert "The data changed since the preview" in next(
        str(m) for m in response.context["messages"]
    )


def test_new_preview_after_a_change_can_be_confirmed(client_for):
    StateFactory(iso3="AGO", name_en="Angola", region="Africa")
    client = client_for("secretariat")
    upload(client)
    TreatyActionFactory(
        state=State.objects.get(iso3="AGO"), kind=Kind.SIGNATURE, date=D(2013, 9, 25)
    )
    confirm(client)
    assert confirm(client).status_code == 302
    assert TreatyAction.objects.get(state__iso3="AGO").date == D(2013, 9, 24)


def test_data_that_became_invalid_since_the_preview_shows_the_errors(client_for):
    client = client_for("secretariat")
    upload(client, HEADER + "AGO,Angola,Africa,,,,\n")
    state = State.objects.create(iso3="AGO", name_en="Angola", region="Africa")
    TreatyActionFactory(state=state, kind=Kind.SIGNATURE, date=D(2013, 9, 24))
    TreatyActionFactory(state=state, kind=Kind.INTENTION_NOT_PARTY, date=D(2020, 1, 1))
    response = confirm(client)
    assert response.status_code == 409
    assert "needs an earlier signature" in response.content.decode()
    assert state.actions.count() == 2


def test_identical_file_shows_that_nothing_would_change(client_for):
    client = client_for("secretariat")
    upload(client)
    confirm(client)
    response = upload(client)
    assert "nothing would change" in response.content.decode()
    assert b'name="token"' not in response.content


def test_non_utf8_file_is_refused_on_the_form(client_for):
    response = upload(
        client_for("secretariat"), (HEADER + "CIV,Côte d'Ivoire,Africa,,,,\n").encode("latin-1")
    )
    assert response.status_code == 200
    assert "not UTF-8" in " ".join(response.context["form"].errors["file"])


def test_file_that_is_not_csv_is_refused(client_for):
    response = upload(client_for("secretariat"), b"%PDF-1.7", name="report.pdf")
    assert "Choose a .csv file." in response.context["form"].errors["file"]


def test_too_large_file_is_refused(client_for, settings):
    big = HEADER + "x" * (2 * 1024 * 1024)
    response = upload(client_for("secretariat"), big)
    assert "larger than 2 MB" in " ".join(response.context["form"].errors["file"])


def test_wrong_columns_are_refused_on_the_form(client_for):
    response = upload(client_for("secretariat"), GOOD.replace("att_region", "region"))
    assert response.status_code == 200
    assert "line 1: wrong columns" in " ".join(response.context["form"].errors["file"])
    assert IMPORT_SESSION_KEY not in client_for("secretariat").session


def test_empty_file_is_refused(client_for):
    response = upload(client_for("secretariat"), b"")
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
