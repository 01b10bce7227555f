"""PostgreSQL persistent connections: the health check costs no round trip while the server has
said nothing, and a connection the server terminated is still replaced before the request uses it
(wgtu_portal/postgresql/base.py)."""

import time

import psycopg2
import pytest
from django.conf import settings
from django.db import close_old_connections, connection, connections

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "wgtu_portal.postgresql",
    reason="runs when DATABASE_URL is a PostgreSQL database",
)


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _new_request():
    """What Django does when a request starts (the request_started signal)."""
    close_old_connections()


@pytest.mark.django_db(transaction=True)
def test_a_quiet_idle_connection_is_reused_without_a_round_trip(monkeypatch):
    # A connection of its own: the worker's may be older than CONN_MAX_AGE (60 s) by now, and
    # the start of a request closes such a connection whatever its health (the test failed so
    # once, in a slow run).
    connection.close()
    pid = _backend_pid()
    checks = []
    monkeypatch.setattr(
        type(connections["default"]), "is_usable", lambda self: checks.append(1) or True
    )
    _new_request()
    assert _backend_pid() == pid  # the same connection, kept
    assert checks == []  # no SELECT 1 was sent


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_terminated_is_replaced_before_use():
    pid = _backend_pid()
    params = connection.get_connection_params()
    admin = psycopg2.connect(**{k: v for k, v in params.items() if k != "cursor_factory"})
    try:
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        admin.close()
    time.sleep(0.2)  # the server's farewell reaches the socket
    _new_request()
    assert _backend_pid() != pid  # a new connection, and no error on the way


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_djangos_own_check_decides(monkeypatch):
    """Not plainly idle: the cheap check steps aside (Django's SELECT 1 runs)."""
    from django.db import transaction

    checks = []
    monkeypatch.setattr(
        type(connections["default"]), "is_usable", lambda self: checks.append(1) or True
    )
    with transaction.atomic():
        _backend_pid()
        connection.health_check_done = False
        connection.close_if_health_check_failed()
    assert checks == [1]
