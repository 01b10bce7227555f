"""Data versions: one cheap query whose answer changes whenever the rows behind a page change.

For each model: the highest primary key of its table (a bulk load without history still raises
it) and, for a model with django-simple-history, the highest history id and the number of history
rows (every save and deletion through the portal writes one; the count also catches a transaction
that commits a lower id after a higher one). An index lookup per table and a count of the history
tables only: cheap whatever the data's size. A write that bypasses the history and changes or
deletes rows in place (`queryset.update()`, a bulk delete, raw SQL) is not seen: the portal does
not write that way.

A cache key that holds the version of its data is never served stale, in every worker process
(each has its own local-memory cache), with nothing to invalidate.
"""

import functools

from django.apps import apps
from django.db import connection


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
        columns.append(f"(SELECT MAX(history_id) FROM {table})")  # noqa: S608
        columns.append(f"(SELECT COUNT(*) FROM {table})")  # noqa: S608
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


def data_versions(groups: dict) -> dict[str, str]:
    """{name: version} for each group of models (classes or "app_label.Model" labels): one query
    for all of them, so a page showing several kinds of data reads all its versions at once."""
    key = tuple((name, tuple(_model(m) for m in models)) for name, models in groups.items())
    sql, names = _versions_sql(key)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    versions: dict[str, list[str]] = {name: [] for name in groups}
    for name, value in zip(names, row, strict=True):
        versions[name].append(str(value or 0))
    return {name: "-".join(values) for name, values in versions.items()}


def data_version(*models) -> str:
    """The version of the tables of `models` (classes or "app_label.Model" labels): one query."""
    return data_versions({"all": models})["all"]
