"""Shared fixtures: one persona per role (STYLE.md § 16) and the bundled reference data.

Also what lets the suite run in parallel (pytest-xdist, `make test`) and stay fast: each process
uploads into its own MEDIA_ROOT, Hypothesis runs a fixed budget chosen by profile, and on
PostgreSQL the dead rows that rolled-back tests leave behind are vacuumed away as the run goes.
"""

import io
import os
import shutil
import tempfile

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from accounts.roles import Role
from tests.factories import UserFactory
from tests.snapshots import capture_rows, restore_rows

# Playwright fixtures (browser, page, sign_in), shared by every browser test; the "bad inputs
# tried" summary, added up across xdist workers; each distinct PDF rendered once per process.
pytest_plugins = ["tests.browser_fixtures", "tests.robustness.summary", "tests.pdf_renders"]

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


@pytest.fixture(scope="session")
def reference_snapshot(django_db_setup, django_db_blocker):
    """Every row that load_reference_data writes, captured once per test session; tests that
    want the data restore these rows (reference_data)."""
    with django_db_blocker.unblock():
        return capture_rows(lambda: call_command("load_reference_data", stdout=io.StringIO()))


@pytest.fixture(scope="session")
def work_plan_snapshot(django_db_setup, django_db_blocker):
    """The rows work_plan_load writes into an empty database, captured once per process."""
    from meetings.services import work_plan_load

    with django_db_blocker.unblock():
        return capture_rows(work_plan_load)


@pytest.fixture
def reference_data(db, reference_snapshot):
    """The bundled reference data, exactly as `load_reference_data` writes it."""
    restore_rows(reference_snapshot)


# --- PostgreSQL: dead rows of rolled-back tests --------------------------------------------------
#
# Every test runs in a transaction that is rolled back; on PostgreSQL the rows it inserted stay in
# their tables as dead tuples until VACUUM removes them, and this machine's server runs with
# autovacuum off. Each `reference_data` test leaves ~2,000 of them (196 states and their history,
# treaty actions, depositary names...), so the tables grew all through the run and every scan got
# slower: after ~40 such tests one dashboard query took 1.5 s instead of 3 ms (docs/performance.md,
# "Test suite"). So after each test that used the database, a second connection vacuums the tables
# that test wrote to (the rows of a rolled-back transaction are removable at once), and gives them
# back the size estimate of a table never vacuumed: VACUUM records "0 rows" for a table that is
# empty outside the tests, and the planner would then take a table the next test fills with
# 10,000 rows for a one-row table (nested loops that never end). Without the truncation phase
# (it flushes the WAL once per table shrunk, ~6 ms each) a sweep costs a few milliseconds.


class _DeadRowSweeper:
    def __init__(self):
        self.raw = None
        self.tables = []
        self.superuser = False
        self.sweeps = 0

    def open(self):
        import psycopg2

        self.tables = connection.introspection.table_names()
        self.raw = psycopg2.connect(**connection.get_connection_params())
        self.raw.autocommit = True
        with self.raw.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            self.superuser = cursor.fetchone()[0]

    def tables_written(self) -> list[str] | None:
        """The tables the test's still open transaction wrote to (savepoints rolled back
        included); None when that cannot be read (then every table is swept)."""
        if self.raw is None or not connection.in_atomic_block:
            return None
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT relname FROM pg_stat_xact_user_tables"
                    " WHERE n_tup_ins + n_tup_upd + n_tup_del > 0"
                )
                return [name for (name,) in cursor.fetchall()]
        except Exception:  # e.g. the test left its transaction aborted
            return None

    def sweep(self, tables: list[str] | None):
        if self.raw is None or tables == []:
            return
        names = [connection.ops.quote_name(t) for t in (tables or self.tables)]
        with self.raw.cursor() as cursor:
            if not self.superuser:  # the slower way: shrink the tables to their live rows
                cursor.execute(f"VACUUM {', '.join(names)}")
                return
            cursor.execute(f"VACUUM (TRUNCATE false) {', '.join(names)}")
            # -1: "never vacuumed", so the planner estimates rows from the table's current size.
            cursor.execute(
                "UPDATE pg_class SET reltuples = -1 WHERE oid = ANY(%s::regclass[])", [names]
            )
            self.sweeps += 1
            if self.sweeps % 100 == 0:  # those updates leave dead rows in pg_class itself
                cursor.execute("VACUUM pg_class")

    def close(self):
        if self.raw is not None:
            self.raw.close()
            self.raw = None


_SWEEPER = _DeadRowSweeper()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database (one per xdist worker: test_<name>_gw0...), and on
    PostgreSQL the sweeper's connection, closed before the database is dropped."""
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock():
            _SWEEPER.open()
    yield
    _SWEEPER.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # Before the fixtures are torn down the test's transaction is still open (what did it
    # write?); after, it is rolled back and those rows are dead.
    used_database = bool(
        item.get_closest_marker("django_db") or {"db", "transactional_db"} & set(item.fixturenames)
    )
    written = _SWEEPER.tables_written() if used_database else []
    result = yield
    if used_database:
        _SWEEPER.sweep(written)
    return result
