"""Shared fixtures: one persona per role (STYLE.md § 16) and the bundled reference data."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import translation

from accounts.roles import Role
from tests.factories import UserFactory

# Playwright fixtures (browser, page, sign_in), shared by every browser test.
pytest_plugins = ["tests.browser_fixtures"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached pages never leak from one test to another,
    nor the data versions this process read lately (caching.versions)."""
    from django.core.cache import caches

    from caching.versions import forget_recent

    for cache in caches.all(initialized_only=True):
        cache.clear()
    forget_recent()
    yield


@pytest.fixture(autouse=True)
def _english_by_default():
    """Tests never depend on the language another test left active."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def secretariat(db):
    return UserFactory(username="sam.secretariat", role=Role.SECRETARIAT)


@pytest.fixture
def cochair(db):
    return UserFactory(username="chris.cochair", role=Role.COCHAIRS)


@pytest.fixture
def delegate(db):
    return UserFactory(username="dana.delegate", role=Role.DELEGATES)


@pytest.fixture
def personas(secretariat, cochair, delegate):
    """Each role's user by name, None for anonymous."""
    return {"anonymous": None, "delegate": delegate, "cochair": cochair, "secretariat": secretariat}


@pytest.fixture
def client_for(client, personas):
    """client_for("cochair") → a test client signed in as that persona (anonymous: signed out)."""

    def make(name):
        from django.test import Client

        c = Client()
        if personas[name] is not None:
            c.force_login(personas[name])
        return c

    return make


SKIPPED_APPS = {"auth", "contenttypes", "sessions", "admin"}


def _reference_models():
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label not in SKIPPED_APPS and not m._meta.proxy
    ]


@pytest.fixture(scope="session")
def reference_snapshot(django_db_setup, django_db_blocker):
    """Every row that load_reference_data writes, captured once per test session.

    The command runs inside a transaction that is rolled back, so the test database stays
    empty; tests that want the data restore these rows (a bulk insert, far cheaper than
    loading the files again for every test).
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_reference_data", stdout=io.StringIO())
        snapshot = [(m, list(m._base_manager.order_by("pk"))) for m in _reference_models()]
        transaction.set_rollback(True)
    return [(model, rows) for model, rows in snapshot if rows]


@pytest.fixture
def reference_data(db, reference_snapshot):
    """The bundled reference data, exactly as `load_reference_data` writes it."""
    for model, rows in reference_snapshot:
        model._base_manager.bulk_create(rows)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(
            no_style(), [m for m, _rows in reference_snapshot]
        ):
            cursor.execute(sql)
