"""Idle sessions expire without a write on every request: the session's expiry is refreshed at
most once a minute (wgtu_portal/sessions.py), so inactivity expiry works to within a minute."""

import datetime as dt

from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wgtu_portal.sessions import REFRESH_SECONDS


def _expiry(client) -> dt.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_request_within_a_minute_of_the_last_save_writes_nothing(client_for):
    client = client_for("delegate")
    before = _expiry(client)
    assert client.get(reverse("home")).status_code == 200
    assert _expiry(client) == before


def test_a_request_a_minute_after_the_last_save_refreshes_the_expiry(client_for, monkeypatch):
    client = client_for("delegate")
    before = _expiry(client)
    later = timezone.now() + dt.timedelta(seconds=REFRESH_SECONDS + 1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(reverse("home")).status_code == 200
    assert _expiry(client) >= before + dt.timedelta(seconds=REFRESH_SECONDS)


def test_a_signed_in_page_costs_no_session_write(client_for):
    client = client_for("delegate")
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    sql = [q["sql"].upper() for q in queries]
    assert not [q for q in sql if "SAVEPOINT" in q or q.startswith(("UPDATE", "INSERT"))]


def test_an_anonymous_visit_creates_no_session(db):
    Client().get(reverse("accounts:login"))
    assert not Session.objects.exists()
