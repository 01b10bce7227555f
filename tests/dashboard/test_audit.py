"""The audit trail (issue 23, item 3): every change from the history tables and the sign-in
events, filtered by person, kind of record, state and dates; Secretariat only; formula-safe CSV,
never stored; the query count does not grow with the page; old sign-in records purged."""

import csv
import datetime as dt
import io

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from dashboard.audit import audited_models
from states.models import TreatyAction
from tests.factories import StateFactory, TreatyActionFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("audit:index")


@pytest.fixture
def angola(db):
    return StateFactory(iso3="AGO", name_en="Angola", name_fr="Angola", name_es="Angola")


@pytest.fixture
def angola_changed(client_for, angola, cochair):
    """The Secretariat records Angola's signature, then corrects its date, in the browser;
    another account changes another state."""
    client = client_for("secretariat")
    add = reverse("states:action_add", kwargs={"iso3": "AGO"})
    data = {"kind": "signature", "date": "2013-09-24", "named_effective_date": "", "source": "UNTC"}
    assert client.post(add, {**data, "note": "", "reason": "UNTC C.N.1"}).status_code == 302
    action = TreatyAction.objects.get(state=angola)
    edit = reverse("states:action_edit", kwargs={"iso3": "AGO", "pk": action.pk})
    response = client.post(
        edit, {**data, "date": "2013-09-25", "note": "", "reason": "typo", "version": 1}
    )
    assert response.status_code == 302
    other = TreatyActionFactory(state=StateFactory(iso3="XOT", name_en="Otherland"))
    other._history_user = cochair
    other.note = "changed by someone else"
    other.save()
    return action


def test_the_secretariat_finds_todays_change_to_angola_by_person_and_state(
    client_for, angola_changed, angola, secretariat
):
    today = timezone.localdate().isoformat()
    params = {"person": secretariat.pk, "state": angola.pk, "since": today, "until": today}
    response = client_for("secretariat").get(URL, params)
    assert response.status_code == 200
    text = response.content.decode()
    records = [e.record for e in response.context["entries"]]
    assert records and all(r.startswith("Angola") for r in records)
    assert "24 September 2013 → 25 September 2013" in text
    assert "typo" in text and "UNTC C.N.1" in text
    assert response.context["page"].paginator.count == 2  # added, then changed


@pytest.mark.parametrize("persona", ["cochair", "delegate"])
def test_other_roles_are_refused(client_for, persona):
    assert client_for(persona).get(URL).status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_is_never_stored(client_for):
    response = client_for("secretariat").get(URL)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_filters_by_kind_of_record(client_for, angola_changed):
    response = client_for("secretariat").get(URL, {"kind": "states.state"})
    assert all(e.kind == "State" for e in response.context["entries"])
    response = client_for("secretariat").get(URL, {"kind": "states.treatyaction"})
    assert response.context["page"].paginator.count == 4  # two for each state


def test_a_bad_filter_is_400_not_500(client_for):
    for params in ({"since": "2018-13-01"}, {"person": "9" * 30}, {"state": "abc"}):
        assert client_for("secretariat").get(URL, params).status_code == 400


def test_every_model_with_history_is_audited():
    labels = set(audited_models())
    assert {
        "states.state",
        "states.treatyaction",
        "outreach.followup",
        "meetings.meeting",
    } <= labels
    assert {"pipeline.stageentry", "challenges.challengetag"} <= labels


def test_sign_in_events_are_listed_and_filtered_by_person(client, client_for, secretariat):
    secretariat.set_password("a long password 1")
    secretariat.save()
    login = reverse("accounts:login")
    client.post(login, {"username": "someone.else", "password": "wrong"})
    client.post(login, {"username": secretariat.username, "password": "wrong"})
    client.post(login, {"username": secretariat.username, "password": "a long password 1"})
    response = client_for("secretariat").get(URL, {"kind": "security", "person": secretariat.pk})
    changes = [e.change for e in response.context["entries"]]
    # (the test client's own sign-in of the Secretariat is one more "signed in")
    assert changes.count("failed sign-in") == 1 and "signed in" in changes
    assert set(changes) == {"failed sign-in", "signed in"}
    assert AccessFailureLog.objects.count() == 2


def test_the_csv_is_formula_safe_and_private(client_for, angola, secretariat):
    action = TreatyActionFactory(state=angola, note="=HYPERLINK(1)")
    action._history_user = secretariat
    action.note = "@SUM(A1)"
    action._change_reason = "+1 tab\there"
    action.save()
    response = client_for("secretariat").get(URL, {"format": "csv", "state": angola.pk})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["When", "Who", "Kind of record", "Record", "Change"]
    changed = next(r for r in rows if r[5] == "note")
    assert changed[6:9] == ["'=HYPERLINK(1)", "'@SUM(A1)", "'+1 tab\there"]


@pytest.mark.parametrize("count", [5, 120])
def test_the_query_count_does_not_grow_with_the_page(
    client_for, angola, secretariat, count, django_assert_num_queries
):
    action = TreatyActionFactory(state=angola)
    for index in range(count):
        action._history_user = secretariat
        action.note = f"note {index}"
        action.save()
    UserFactory(username="another")
    client = client_for("secretariat")
    # session, user, role and permissions; the count; the page (one UNION ALL); the treaty
    # actions' history rows (users joined); the states they point at; the filter's choices:
    # people, states.
    with django_assert_num_queries(9):
        response = client.get(URL, {"kind": "states.treatyaction"})
    assert len(response.context["entries"]) == min(count + 1, 50)


def test_old_sign_in_records_are_purged(secretariat):
    old = timezone.now() - dt.timedelta(days=100)
    fields = {"user_agent": "x", "ip_address": "127.0.0.1", "http_accept": "*", "path_info": "/"}
    for model in (AccessLog, AccessFailureLog):
        kept = model.objects.create(username="sam", **fields)
        gone = model.objects.create(username="sam", **fields)
        model.objects.filter(pk=gone.pk).update(attempt_time=old)
    attempt = AccessAttempt.objects.create(
        username="sam", get_data="", post_data="", failures_since_start=1, **fields
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=old)
    out = io.StringIO()
    call_command("purge_sign_in_records", stdout=out)
    assert "sign-ins: 1 deleted, failures: 1 deleted, throttling: 1 deleted" in out.getvalue()
    assert AccessLog.objects.get().pk == kept.pk or AccessLog.objects.count() == 1
    assert AccessFailureLog.objects.count() == 1 and not AccessAttempt.objects.exists()


def test_a_participation_is_named_by_its_organization(client_for):
    """A record with no name of its own (a meeting's participation) is named by the
    organization it concerns, not by its number."""
    from meetings import services
    from meetings.models import Organization, Participation, WorkPlan

    services.work_plan_load()
    meeting = WorkPlan.objects.get(conference__number=4).meetings.get(date="2018-05-31")
    union = Organization.objects.create(name="African Union", kind="regional_organization")
    Participation.objects.create(meeting=meeting, organization=union)
    text = client_for("secretariat").get(URL, {"kind": "meetings.participation"}).content.decode()
    # Only participations are listed: the name can come from the participation's label alone.
    assert "African Union" in text
