"""Caching of the public treaty-status pages, exports and API, keyed by the ledger's version.

Everything these pages show derives from the State and TreatyAction rows, and every write to
them goes through django-simple-history (saves and deletions through the models' signals, bulk
loads through bulk_create_with_history): each write adds a history row. The *ledger version* is
therefore the highest history id and the number of history rows of the two tables, read in one
cheap query per request. A key holds that version, so a write anywhere in the ledger makes every
older entry unreachable: nothing is ever served stale, in every worker process (each has its own
local-memory cache), with no invalidation to remember. A write that bypasses the history
(`queryset.update()`, raw SQL) would not be seen: don't write the ledger that way.

Keys also hold the active language (names and labels are translated) and whatever else the
caller passes (the query parameters, the resolved date, the user's role for HTML).
"""

import functools
import hashlib

from django.core.cache import cache
from django.db import connection
from django.utils.translation import get_language

from accounts.roles import role_of
from states.models import State, TreatyAction

# Entries are unreachable once the version changes; the timeout only bounds their lifetime.
TIMEOUT = 24 * 60 * 60
KEY_PREFIX = "states-ledger"


@functools.cache
def _version_sql() -> str:
    """The version query, built once: reading `Model.history` builds a manager class each time."""
    quote = connection.ops.quote_name
    parts = []
    for model in (State, TreatyAction):
        table = quote(model.history.model._meta.db_table)
        # Table names come from the models, quoted: no input reaches this SQL.
        parts.append(f"(SELECT MAX(history_id) FROM {table})")  # noqa: S608
        parts.append(f"(SELECT COUNT(*) FROM {table})")  # noqa: S608
    return f"SELECT {', '.join(parts)}"


def ledger_version() -> str:
    """The ledger's version: max history id and history row count of State and TreatyAction.

    One query. It changes with every save, deletion or bulk load recorded by simple_history;
    the count also catches a transaction committing a lower id after a higher one."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql())
        row = cursor.fetchone()
    return "-".join(str(value or 0) for value in row)


def role_key(user) -> str:
    """Who reads an HTML page, as far as the page differs: anonymous or the user's role."""
    if not user.is_authenticated:
        return "anonymous"
    return role_of(user) or "signed-in"


def cache_key(version: str, kind: str, parts) -> str:
    """The key of one entry: prefix, kind, ledger version, language, a digest of `parts`."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{kind}:{version}:{get_language() or ''}:{digest}"


def cached(version: str, kind: str, parts, compute):
    """The cached value for (version, kind, parts, active language), else compute() stored.

    compute() may raise (Http404, …): nothing is stored then."""
    key = cache_key(version, kind, parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
