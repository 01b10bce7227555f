"""The last-Secretariat rule holds when two changes run at the same moment (PostgreSQL)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from accounts import services
from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL; SQLite serialises writers with IMMEDIATE transactions",
    ),
]


def _in_thread(results, key, func, **kwargs):
    try:
        func(**kwargs)
        results[key] = "done"
    except ValidationError as error:
        results[key] = error.code
    finally:
        connections.close_all()


def test_two_secretariat_members_deactivating_each_other_leave_one_active(monkeypatch):
    alice = UserFactory(username="alice", role=Role.SECRETARIAT)
    bob = UserFactory(username="bob", role=Role.SECRETARIAT)
    original = services._ensure_not_last_secretariat

    def slow_check(user, message):
        # Widen the window between the check and the write: without the lock both would pass.
        original(user, message)
        time.sleep(0.3)

    monkeypatch.setattr(services, "_ensure_not_last_secretariat", slow_check)
    results = {}
    threads = [
        threading.Thread(
            target=_in_thread,
            args=(results, "alice", services.account_deactivate),
            kwargs={"by": alice, "user": bob},
        ),
        threading.Thread(
            target=_in_thread,
            args=(results, "bob", services.account_deactivate),
            kwargs={"by": bob, "user": alice},
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(results.values()) == ["done", "last_secretariat"]
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert [alice.is_active, bob.is_active].count(True) == 1
