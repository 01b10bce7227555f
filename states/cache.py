"""Caching of the public treaty-status pages, exports and API, keyed by the ledger's version.

Everything these pages show derives from the State and TreatyAction rows, and every write to
them goes through django-simple-history (saves and deletions through the models' signals, bulk
loads through bulk_create_with_history): each write adds a history row. The *ledger version* is
therefore the highest id, the highest history id and the number of history rows of the two
tables (caching.versions), read in one cheap query per request. A key holds that version, so a write anywhere in the ledger makes every
older entry unreachable: nothing is ever served stale, in every worker process (each has its own
local-memory cache), with no invalidation to remember. A write that bypasses the history
(`queryset.update()`, raw SQL) would not be seen: don't write the ledger that way.

Keys also hold the active language (names and labels are translated) and whatever else the
caller passes (the query parameters, the resolved date, the user's role for HTML).
"""

import hashlib

from django.core.cache import cache
from django.utils.translation import get_language

from accounts.roles import role_of
from caching.versions import data_version
from states.models import State, TreatyAction

# Entries are unreachable once the version changes; the timeout only bounds their lifetime.
TIMEOUT = 24 * 60 * 60
KEY_PREFIX = "states-ledger"


# The models whose rows make up the ledger: every status, count and name shown derives from them.
LEDGER = (State, TreatyAction)


# Anonymous readers of the public status pages and API accept this much delay after a write made
# through another worker process (caching.versions: their requests then run no query at all). A
# write through the same process, and every signed-in reader, see it at once.
PUBLIC_MAX_AGE = 1.0


def max_age_for(user) -> float:
    """The delay `user` accepts: PUBLIC_MAX_AGE for anonymous readers, none for the signed-in."""
    return 0.0 if user.is_authenticated else PUBLIC_MAX_AGE


def ledger_version(max_age: float = 0.0) -> str:
    """The ledger's version (caching.versions): one query. It changes with every save, deletion or
    bulk load recorded by simple_history, and with any new row."""
    return data_version(*LEDGER, max_age=max_age)


# A state's page also shows the depositary's declarations and reservations for the state (the
# template tag depositary_tags.state_declarations) and the stages of its domestic procedure
# (pipeline_tags.state_stages): their versions join the ledger's there.
DECLARATIONS = "depositary.StateDeclaration"
PIPELINE = ("pipeline.ProcedureStage", "pipeline.StageEntry")


def state_page_version(max_age: float = 0.0) -> str:
    """The version of everything a state's page shows: ledger, declarations and the stages of
    its domestic procedure. One query."""
    return data_version(*LEDGER, DECLARATIONS, *PIPELINE, max_age=max_age)


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
