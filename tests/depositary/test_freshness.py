"""Freshness on every status view: when the record last agreed with the UN depositary
(states.freshness, provided by the depositary's sync runs), and never hidden by a cached page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from depositary.models import DepositarySync
from states import freshness
from states.freshness import Freshness

pytestmark = pytest.mark.django_db
CHECKED = "Checked against the UN depositary on"


def run(day: dt.date, pending: int = 0, outcome: str | None = None) -> DepositarySync:
    outcome = outcome or ("differences" if pending else "agrees")
    return DepositarySync.objects.create(
        started_at=timezone.make_aware(dt.datetime.combine(day, dt.time(6))),
        url="https://treaties.un.org/doc/XXVI-8.en.xml",
        outcome=outcome,
        checked_on=None if outcome == "failed" else day,
        differences_pending=pending,
    )


def test_never_checked_says_so():
    assert freshness.current() == Freshness()
    assert Freshness().sentence() == "Not yet checked against the UN depositary."
    assert Freshness().stale()


def test_the_sentence_names_the_date_and_the_differences():
    assert Freshness(dt.date(2026, 12, 6), 0).sentence() == (
        "Checked against the UN depositary on 6 December 2026: no differences."
    )
    assert Freshness(dt.date(2026, 12, 6), 2).sentence() == (
        "Checked against the UN depositary on 6 December 2026: 2 differences awaiting review."
    )
    assert Freshness(dt.date(2026, 12, 6), 1).sentence().endswith("1 difference awaiting review.")


def test_the_latest_successful_run_counts_failures_do_not():
    run(dt.date(2026, 11, 30), pending=2)
    run(dt.date(2026, 12, 5), outcome="failed")
    assert freshness.current() == Freshness(dt.date(2026, 11, 30), 2)
    run(dt.date(2026, 12, 6))
    assert freshness.current() == Freshness(dt.date(2026, 12, 6), 0)


def test_stale_after_the_setting(settings):
    settings.WGTU_DEPOSITARY_STALE_DAYS = 14
    record = Freshness(dt.date(2026, 11, 1), 0)
    assert not record.stale(dt.date(2026, 11, 15))
    assert record.stale(dt.date(2026, 11, 16))


# --- every status view ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/status/", "/states/", "/states/ALB/"],
)
def test_public_status_views_say_when_the_record_was_checked(client, reference_data, url):
    run(dt.date(2026, 12, 6), pending=2)
    html = client.get(url).text
    assert f"{CHECKED} 6 December 2026: 2 differences awaiting review." in html


def test_the_french_status_page_says_it_in_french(client, reference_data):
    run(dt.date(2026, 12, 6))
    client.cookies["django_language"] = "fr"
    html = client.get("/status/").text
    with translation.override("fr"):
        expected = Freshness(dt.date(2026, 12, 6), 0).sentence()
    assert "6 décembre 2026" in expected and expected in html


def test_a_cached_page_never_shows_a_stale_freshness_line(client_for, reference_data):
    client = client_for("delegate")
    run(dt.date(2026, 12, 1), pending=3)
    for url in ("/status/", "/states/", "/states/ALB/", "/api/status/summary"):
        assert "2026-12-01" in client.get(url).text or "1 December 2026" in client.get(url).text
    run(dt.date(2026, 12, 6))
    assert f"{CHECKED} 6 December 2026: no differences." in client.get("/status/").text
    assert f"{CHECKED} 6 December 2026: no differences." in client.get("/states/").text
    assert f"{CHECKED} 6 December 2026: no differences." in client.get("/states/ALB/").text
    data = client.get("/api/status/summary").json()
    assert (data["record_checked_on"], data["differences_pending"]) == ("2026-12-06", 0)


def test_the_api_summary_carries_the_freshness(client, reference_data):
    before = client.get("/api/status/summary", {"as_of": "2018-05-31"}).json()
    assert (before["record_checked_on"], before["differences_pending"]) == (None, 0)
    run(dt.date(2026, 12, 6), pending=2)
    data = client.get("/api/status/summary", {"as_of": "2018-05-31"}).json()
    assert (data.pop("record_checked_on"), data.pop("differences_pending")) == ("2026-12-06", 2)
    del before["record_checked_on"], before["differences_pending"]
    assert data == before  # nothing else changes


def test_the_dashboard_warns_when_the_last_check_is_too_old(client_for, reference_data, settings):
    settings.WGTU_DEPOSITARY_STALE_DAYS = 14
    client = client_for("cochair")
    today = timezone.localdate()
    run(today - dt.timedelta(days=15))
    html = client.get(reverse("dashboard:index")).text
    assert "data-freshness-warning" in html and "more than 14 days old" in html
    run(today)
    html = client.get(reverse("dashboard:index")).text
    assert "data-freshness-warning" not in html
    assert f"{CHECKED} {today.day} " in html


def test_the_dashboard_warns_when_never_checked(client_for, reference_data):
    html = client_for("secretariat").get(reverse("dashboard:index")).text
    assert "has never been checked against the UN depositary" in html
