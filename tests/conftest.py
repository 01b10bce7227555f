"""Shared fixtures: one persona per role (STYLE.md § 16) and the bundled reference data.

Also what lets the suite run in parallel (pytest-xdist, `make test`) and stay fast: each process
uploads into its own MEDIA_ROOT and Hypothesis runs a fixed budget chosen by profile.
"""

import io
import os
import shutil
import tempfile

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from accounts.roles import Role
from tests.factories import UserFactory

# Playwright fixtures (browser, page, sign_in), shared by every browser test; the "bad inputs
# tried" summary, added up across xdist workers.
pytest_plugins = ["tests.browser_fixtures", "tests.robustness.summary"]

# Hypothesis: a fixed budget of examples, the same ones on every run (derandomized), and no
# example database written into the working tree. CI (CI=true) loads "ci"; a developer's run
# loads "dev", the same budget so that both count the same inputs; HYPOTHESIS_PROFILE=explore
# tries many more, different each run, when hunting for a bug.
_FIXED = {"deadline": None, "database": None, "derandomize": True, "max_examples": 25}
hypothesis_settings.register_profile("ci", **_FIXED, print_blob=True)
hypothesis_settings.register_profile("dev", **_FIXED)
hypothesis_settings.register_profile(
    "explore", deadline=None, database=None, derandomize=False, max_examples=500
)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


def pytest_configure(config):
    # Each process (the xdist controller and every worker) uploads into a folder of its own, so
    # parallel workers, and other runs on the machine, never see each other's files.
    if not os.environ.get("WGTU_TEST_MEDIA_ROOT"):
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        django_settings.MEDIA_ROOT = tempfile.mkdtemp(prefix=f"wgtu-test-media-{worker}-")
        config.add_cleanup(lambda: shutil.rmtree(django_settings.MEDIA_ROOT, ignore_errors=True))


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
