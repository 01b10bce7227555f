"""Data versions: one cheap query whose answer changes whenever the rows behind a page change.

For each model: the highest primary key of its table (a bulk load without history still raises
it) and, for a model with django-simple-history, the highest history id and the number of history
rows among the newest WINDOW ids (every save and deletion through the portal writes one). The
count catches what the highest id alone would miss on PostgreSQL, where ids are handed out before
commit: a transaction that commits a lower id after a higher one. Counting only the newest ids
keeps the query an index lookup per table whatever the data's size (counting a whole 10,000-row
history table cost about 1 ms on PostgreSQL); it is exact unless one transaction stays open
while others commit more than WINDOW history rows of the same table (the largest write the
portal makes in one transaction, an import of the whole status file, writes about 500).

A write that bypasses the history and changes or deletes rows in place (`queryset.update()`, a
bulk delete, raw SQL) is not seen: the portal does not write that way.

A cache key that holds the version of its data is never served stale, in every worker process
(each has its own local-memory cache), with nothing to invalidate.
"""

import functools
import hashlib
import time

from django.apps import apps
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

WINDOW = 1000  # history ids counted below the highest (see above)


def _model(model):
    return apps.get_model(model) if isinstance(model, str) else model


def _columns(model) -> list[str]:
    """The version's columns for one model. Table and column names come from the model, quoted:
    no input reaches this SQL."""
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    columns = [f"(SELECT MAX({pk}) FROM {table})"]  # noqa: S608
    history = getattr(model, "history", None)
    if history is not None:
        table = quote(history.model._meta.db_table)
        newest = f"(SELECT MAX(history_id) FROM {table})"  # noqa: S608
        columns.append(newest)
        columns.append(
            f"(SELECT COUNT(*) FROM {table} WHERE history_id > {newest} - {WINDOW})"  # noqa: S608
        )
    return columns


@functools.cache
def _versions_sql(groups: tuple[tuple[str, tuple], ...]) -> tuple[str, tuple[str, ...]]:
    """The query of these groups of models and the group of each of its columns, built once per
    process (reading `Model.history` builds a manager class each time)."""
    columns, names = [], []
    for name, models in groups:
        for model in models:
            model_columns = _columns(model)
            columns += model_columns
            names += [name] * len(model_columns)
    return f"SELECT {', '.join(columns)}", tuple(names)


def _fetch_one(sql: str):
    """The row of a query without parameters. On PostgreSQL it runs as a prepared statement of
    the connection (PREPARE once per connection, then EXECUTE): planning the dashboard's 36
    sub-selects took about 3 ms on every request, running them about 0.3 ms. Prepared statements
    belong to the database session (a rollback keeps them), so each connection, persistent
    across requests, remembers which it has prepared; a new connection starts afresh."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(sql)
            return cursor.fetchone()
        raw = connection.connection
        prepared = getattr(connection, "_wgtu_prepared", None)
        if prepared is None or prepared[0] is not raw:
            prepared = connection._wgtu_prepared = (raw, set())
        name = "wgtu_version_" + hashlib.sha256(sql.encode()).hexdigest()[:24]
        if name in prepared[1]:
            cursor.execute(f"EXECUTE {name}")
        else:  # one round trip: the result is the last statement's
            cursor.execute(f"PREPARE {name} AS {sql}; EXECUTE {name}")
            prepared[1].add(name)
        return cursor.fetchone()


# --- versions read lately by this process (for readers who accept a bounded delay) ------------
#
# A version read by this process, with when it was read: a reader who accepts `max_age` seconds
# of delay (the anonymous readers of the public status pages: states.cache.PUBLIC_MAX_AGE) is
# given it without a query while it is that fresh. A write through this process forgets them all
# at once (and again when its transaction commits), so its own readers see it at once; other
# processes see it within `max_age`. Readers who ask for no delay (the default) always query.
_recent: dict[str, tuple[float, tuple]] = {}


def forget_recent(**_signal) -> None:
    """Forget every version read lately; after a write, at once and again on commit."""
    _recent.clear()
    if connection.in_atomic_block:
        transaction.on_commit(_recent.clear)


for _signal in (post_save, post_delete, m2m_changed):
    _signal.connect(forget_recent, dispatch_uid=f"caching.versions.{_signal!r}", weak=False)


def data_versions(groups: dict, *, max_age: float = 0.0) -> dict[str, str]:
    """{name: version} for each group of models (classes or "app_label.Model" labels): one query
    for all of them, so a page showing several kinds of data reads all its versions at once.
    With `max_age` (seconds), a version this process read that lately, and has not written since,
    is used without a query."""
    key = tuple((name, tuple(_model(m) for m in models)) for name, models in groups.items())
    sql, names = _versions_sql(key)
    now = time.monotonic()
    read_at, row = _recent.get(sql, (0.0, None))
    if row is None or now - read_at >= max_age:
        row = _fetch_one(sql)
        _recent[sql] = (now, row)
    versions: dict[str, list[str]] = {name: [] for name in groups}
    for name, value in zip(names, row, strict=True):
        versions[name].append(str(value or 0))
    return {name: "-".join(values) for name, values in versions.items()}


def data_version(*models, max_age: float = 0.0) -> str:
    """The version of the tables of `models` (classes or "app_label.Model" labels): one query
    (none within `max_age`, see data_versions)."""
    return data_versions({"all": models}, max_age=max_age)["all"]
