"""Rows a loader writes, captured once per test process and put back by the tests that want them.

A loader that seeds data through the portal's services (load_reference_data, the CSP4 work plan)
costs far more than inserting the same rows again: capture_rows() runs it once inside a
transaction that is rolled back; restore_rows() bulk-inserts what it wrote.
"""

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

SKIPPED_APPS = {"auth", "contenttypes", "sessions", "admin"}


def snapshot_models():
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label not in SKIPPED_APPS and not m._meta.proxy
    ]


def capture_rows(load) -> list:
    """[(model, rows)] of every row `load()` writes into an empty database: it runs inside a
    transaction that is rolled back, so the database stays empty. restore_rows() puts them back
    in a test, a bulk insert per table: far cheaper than running the loader again each time."""
    with transaction.atomic():
        load()
        snapshot = [(m, list(m._base_manager.order_by("pk"))) for m in snapshot_models()]
        transaction.set_rollback(True)
    return [(model, rows) for model, rows in snapshot if rows]


def restore_rows(snapshot) -> None:
    """The rows of capture_rows(), exactly as the loader wrote them (sequences moved past them)."""
    for model, rows in snapshot:
        model._base_manager.bulk_create(rows)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [m for m, _rows in snapshot]):
            cursor.execute(sql)


def holds_none_of(snapshot) -> bool:
    """True when no table of the snapshot has a row yet (restoring it cannot collide)."""
    return not any(model._base_manager.exists() for model, _rows in snapshot)
