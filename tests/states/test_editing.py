"""The Secretariat edits a state's treaty actions in the browser (issue 3, item 5)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from states.models import TreatyAction
from tests.factories import StateFactory, TreatyActionFactory

D = dt.date
Kind = TreatyAction.Kind


@pytest.fixture
def state(db):
    return StateFactory(iso3="XSG", name_en="Signland")


@pytest.fixture
def signature(state):
    return TreatyActionFactory(state=state, kind=Kind.SIGNATURE, date=D(2013, 6, 3))


def add_url(state):
    return reverse("states:action_add", kwargs={"iso3": state.iso3})


def edit_url(action):
    return reverse("states:action_edit", kwargs={"iso3": action.state.iso3, "pk": action.pk})


def delete_url(action):
    return reverse("states:action_delete", kwargs={"iso3": action.state.iso3, "pk": action.pk})


def form_data(**overrides):
    data = {
        "kind": Kind.RATIFICATION,
        "date": "2015-02-01",
        "named_effective_date": "",
        "source": "UNTC",
        "note": "",
        "reason": "",
    }
    return {**data, **overrides}


def login_url():
    return reverse("accounts:login")


# Permission matrix ---------------------------------------------------------------------------

VIEWS = ["add", "edit", "delete"]


def url_for(view, signature):
    return {
        "add": add_url(signature.state),
        "edit": edit_url(signature),
        "delete": delete_url(signature),
    }[view]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_sign_in(client_for, signature, view, method):
    response = getattr(client_for("anonymous"), method)(url_for(view, signature))
    assert response.status_code == 302
    assert response.url.startswith(login_url())


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("persona", ["delegate", "cochair"])
def test_delegates_and_cochairs_are_refused(client_for, signature, view, method, persona):
    response = getattr(client_for(persona), method)(url_for(view, signature), form_data(version=1))
    assert response.status_code == 403
    assert TreatyAction.objects.count() == 1
    assert TreatyAction.objects.get().version == 1


@pytest.mark.parametrize("view", VIEWS)
def test_secretariat_gets_the_form(client_for, signature, view):
    response = client_for("secretariat").get(url_for(view, signature))
    assert response.status_code == 200
    assert b"Signland" in response.content


def test_unknown_state_is_404(client_for, db):
    response = client_for("secretariat").get(reverse("states:action_add", kwargs={"iso3": "ZZZ"}))
    assert response.status_code == 404


def test_action_of_another_state_is_404(client_for, signature):
    other = StateFactory(iso3="XOT")
    url = reverse("states:action_edit", kwargs={"iso3": other.iso3, "pk": signature.pk})
    assert client_for("secretariat").get(url).status_code == 404


# Adding --------------------------------------------------------------------------------------


def test_secretariat_adds_a_ratification(client_for, signature):
    response = client_for("secretariat").post(add_url(signature.state), form_data())
    assert response.status_code == 302
    assert response.url == signature.state.get_absolute_url()
    ratification = TreatyAction.objects.get(kind=Kind.RATIFICATION)
    assert (ratification.date, ratification.source) == (D(2015, 2, 1), "UNTC")


def test_adding_shows_a_success_message(client_for, signature):
    response = client_for("secretariat").post(add_url(signature.state), form_data(), follow=True)
    assert "Ratification recorded." in [str(m) for m in response.context["messages"]]


def test_adding_records_who_in_history(client_for, signature, secretariat):
    client_for("secretariat").post(add_url(signature.state), form_data(reason="UNTC C.N.1.2015"))
    record = TreatyAction.history.get(kind=Kind.RATIFICATION)
    assert record.history_type == "+"
    assert record.history_user == secretariat
    assert record.history_change_reason == "UNTC C.N.1.2015"


def test_adding_without_a_reason_records_a_default_one(client_for, signature):
    client_for("secretariat").post(add_url(signature.state), form_data())
    assert (
        TreatyAction.history.get(kind=Kind.RATIFICATION).history_change_reason
        == "Added in the portal"
    )


def refused(client, url, data, message):
    response = client.post(url, data)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert message in errors, errors
    return response


def test_date_in_the_future_is_refused(client_for, signature):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    refused(
        client_for("secretariat"),
        add_url(signature.state),
        form_data(date=tomorrow),
        "in the future",
    )
    assert not TreatyAction.objects.filter(kind=Kind.RATIFICATION).exists()


def test_signature_after_24_december_2014_is_refused(client_for, state):
    data = form_data(kind=Kind.SIGNATURE, date="2014-12-25")
    refused(client_for("secretariat"), add_url(state), data, "open for signature only until")
    assert not state.actions.exists()


def test_ratification_without_signature_is_refused(client_for, state):
    refused(client_for("secretariat"), add_url(state), form_data(), "needs a signature first")
    assert not state.actions.exists()


def test_accession_by_a_signatory_is_refused(client_for, signature):
    data = form_data(kind=Kind.ACCESSION)
    refused(
        client_for("secretariat"),
        add_url(signature.state),
        data,
        "Accession is for a state that did not sign",
    )


def test_second_deposit_is_refused(client_for, signature):
    TreatyActionFactory(state=signature.state, kind=Kind.RATIFICATION, date=D(2015, 1, 1))
    data = form_data(kind=Kind.ACCEPTANCE, date="2016-01-01")
    refused(client_for("secretariat"), add_url(signature.state), data, "one instrument")
    assert signature.state.actions.count() == 2


def test_second_signature_is_refused(client_for, signature):
    data = form_data(kind=Kind.SIGNATURE, date="2014-01-01")
    refused(client_for("secretariat"), add_url(signature.state), data, "more than once")


def test_withdrawal_by_a_non_party_is_refused(client_for, signature):
    data = form_data(kind=Kind.WITHDRAWAL, date="2020-01-01")
    refused(client_for("secretariat"), add_url(signature.state), data, "only for a State Party")


def test_withdrawal_by_a_party_is_recorded(client_for, signature):
    TreatyActionFactory(state=signature.state, kind=Kind.RATIFICATION, date=D(2015, 1, 1))
    data = form_data(kind=Kind.WITHDRAWAL, date="2020-01-01", named_effective_date="2021-01-01")
    response = client_for("secretariat").post(add_url(signature.state), data)
    assert response.status_code == 302
    assert TreatyAction.objects.get(kind=Kind.WITHDRAWAL).effective_date == D(2021, 1, 1)


def test_named_effective_date_only_for_a_withdrawal(client_for, signature):
    data = form_data(named_effective_date="2016-01-01")
    refused(client_for("secretariat"), add_url(signature.state), data, "Only a withdrawal")


def test_refused_form_keeps_what_was_typed(client_for, state):
    response = refused(
        client_for("secretariat"), add_url(state), form_data(note="typed text"), "needs a signature"
    )
    assert b"typed text" in response.content
    assert b'value="2015-02-01"' in response.content


def test_unparsable_date_is_a_field_error(client_for, signature):
    response = client_for("secretariat").post(
        add_url(signature.state), form_data(date="31/02/2015")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date"]


# Editing -------------------------------------------------------------------------------------


def test_edit_form_carries_the_version(client_for, signature):
    response = client_for("secretariat").get(edit_url(signature))
    assert b'name="version" value="1"' in response.content


def test_secretariat_changes_a_date(client_for, signature, secretariat):
    data = form_data(kind=Kind.SIGNATURE, date="2013-06-04", version=1)
    response = client_for("secretariat").post(edit_url(signature), data)
    assert response.status_code == 302
    signature.refresh_from_db()
    assert (signature.date, signature.version) == (D(2013, 6, 4), 2)


def test_editing_records_who_and_what_in_history(client_for, signature, secretariat):
    data = form_data(kind=Kind.SIGNATURE, date="2013-06-04", version=1)
    client_for("secretariat").post(edit_url(signature), data)
    latest = signature.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == secretariat
    assert "date" in latest.history_change_reason
    assert [c.field for c in latest.diff_against(latest.prev_record).changes] == ["date", "source"]
    assert latest.version == 2


def test_saving_over_a_newer_version_is_refused(client_for, signature, cochair):
    signature.date = D(2013, 7, 1)
    signature.version = 2
    signature._history_user = cochair
    signature.save()
    data = form_data(kind=Kind.SIGNATURE, date="2013-06-04", version=1)
    response = client_for("secretariat").post(edit_url(signature), data)
    assert response.status_code == 409
    message = " ".join(response.context["form"].non_field_errors())
    assert f"changed by {cochair.get_full_name()}" in message
    old, new = (date_format(d, "DATE_FORMAT") for d in (D(2013, 6, 3), D(2013, 7, 1)))
    assert f"“{old}” → “{new}”" in message
    signature.refresh_from_db()
    assert signature.date == D(2013, 7, 1)


def test_stale_form_is_shown_again_on_the_current_version(client_for, signature):
    TreatyAction.objects.filter(pk=signature.pk).update(version=2)
    data = form_data(kind=Kind.SIGNATURE, date="2013-06-04", version=1, note="mine")
    response = client_for("secretariat").post(edit_url(signature), data)
    assert b'name="version" value="2"' in response.content
    assert b"mine" in response.content


def test_edit_that_breaks_the_sequence_is_refused(client_for, signature):
    TreatyActionFactory(state=signature.state, kind=Kind.RATIFICATION, date=D(2014, 1, 1))
    data = form_data(kind=Kind.SIGNATURE, date="2014-06-01", version=1)
    refused(client_for("secretariat"), edit_url(signature), data, "comes before the signature")
    signature.refresh_from_db()
    assert (signature.date, signature.version) == (D(2013, 6, 3), 1)


def test_edit_without_change_saves_nothing(client_for, signature):
    data = form_data(kind=Kind.SIGNATURE, date="2013-06-03", source="", version=1)
    client_for("secretariat").post(edit_url(signature), data)
    signature.refresh_from_db()
    assert signature.version == 1
    assert signature.history.count() == 1


# Deleting ------------------------------------------------------------------------------------


def test_delete_asks_for_confirmation_first(client_for, signature):
    response = client_for("secretariat").get(delete_url(signature))
    assert b"Delete the Signature of" in response.content
    assert TreatyAction.objects.filter(pk=signature.pk).exists()


def test_secretariat_deletes_an_action(client_for, signature, secretariat):
    response = client_for("secretariat").post(delete_url(signature), {"version": 1})
    assert response.status_code == 302
    assert not TreatyAction.objects.filter(pk=signature.pk).exists()
    record = TreatyAction.history.filter(id=signature.pk).first()
    assert (record.history_type, record.history_user) == ("-", secretariat)


def test_deleting_a_signature_under_a_ratification_is_refused(client_for, signature):
    TreatyActionFactory(state=signature.state, kind=Kind.RATIFICATION, date=D(2015, 1, 1))
    response = client_for("secretariat").post(delete_url(signature), {"version": 1})
    assert response.status_code == 200
    assert "needs a signature first" in " ".join(response.context["form"].non_field_errors())
    assert TreatyAction.objects.filter(pk=signature.pk).exists()


def test_deleting_a_stale_version_is_refused(client_for, signature):
    TreatyAction.objects.filter(pk=signature.pk).update(version=3)
    response = client_for("secretariat").post(delete_url(signature), {"version": 1})
    assert response.status_code == 409
    assert TreatyAction.objects.filter(pk=signature.pk).exists()


def test_stale_version_is_reported_before_other_errors(client_for, signature):
    TreatyAction.objects.filter(pk=signature.pk).update(version=2)
    data = form_data(kind=Kind.RATIFICATION, date="2013-06-04", version=1)
    response = client_for("secretariat").post(edit_url(signature), data)
    assert response.status_code == 409
    assert "after you opened the form" in " ".join(response.context["form"].non_field_errors())
    assert TreatyAction.objects.get(pk=signature.pk).kind == Kind.SIGNATURE
