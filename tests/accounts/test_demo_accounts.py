"""create_demo_accounts: development only, password printed once."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.management.commands.create_demo_accounts import DEMO_ACCOUNTS
from accounts.roles import Role, role_of

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = {username: role for username, _first, _last, role in DEMO_ACCOUNTS}


def _run(*args):
    out = io.StringIO()
    call_command("create_demo_accounts", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def development(settings, monkeypatch):
    """DJANGO_DEBUG=true on the embedded SQLite database (whatever database the tests use)."""
    settings.DEBUG = True
    monkeypatch.setattr(connection, "vendor", "sqlite")


def _password(output):
    return output.split("password shown once: ")[1].split()[0]


def test_refused_with_debug_off(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="only for development"):
        _run()


def test_refused_on_postgresql_even_with_debug_on(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setattr(connection, "vendor", "postgresql")
    with pytest.raises(CommandError, match="only for development"):
        _run()


def test_creates_one_account_per_role_with_the_printed_password(development):
    password = _password(_run())
    for username, role in DEMO_USERNAMES.items():
        user = authenticate(username=username, password=password)
        assert user is not None
        assert role_of(user) == role


def test_a_second_run_does_not_print_the_password_again(development):
    password = _password(_run())
    output = _run()
    assert password not in output
    assert "password shown once" not in output
    assert authenticate(username="secretariat", password=password) is not None


def test_reset_password_prints_a_new_one(development):
    first = _password(_run())
    second = _password(_run("--reset-password"))
    assert first != second
    assert authenticate(username="cochair", password=second) is not None
    assert authenticate(username="cochair", password=first) is None


def test_demo_roles_cover_the_three_roles(development):
    assert set(DEMO_USERNAMES.values()) == set(Role)
