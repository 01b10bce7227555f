"""The data versions of the treaty ledger (caching.versions explains what a version is), for
the public treaty-status pages, exports and API: they cache through caching.pages and
caching.fragments with these versions in their keys.
"""

from accounts.roles import role_of
from caching.fragments import cached
from caching.versions import data_version
from states import freshness
from states.models import State, TreatyAction

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


def status_version(max_age: float = 0.0) -> str:
    """The version of a status view that says when the record last agreed with the depositary
    (the states list, the API summary): the ledger and the freshness line's data
    (states.freshness.models()). One query."""
    return data_version(*LEDGER, *freshness.models(), max_age=max_age)


def status_page_version(key_date_models=(), max_age: float = 0.0) -> str:
    """The version of the public status page (/status/, and the home page of anonymous
    visitors): the ledger, the freshness line's data and the models of the key dates it offers
    and marks on its chart (given by the caller: the meetings app records them). One query."""
    return data_version(*LEDGER, *freshness.models(), *key_date_models, max_age=max_age)


def state_page_version(max_age: float = 0.0) -> str:
    """The version of everything a state's page shows: ledger, declarations, the stages of its
    domestic procedure and the freshness line. One query."""
    return data_version(*LEDGER, DECLARATIONS, *PIPELINE, *freshness.models(), max_age=max_age)


def freshness_for(version: str) -> "freshness.Freshness":
    """The freshness line's data (states.freshness.current()), kept by the version of the page
    that shows it (which holds the freshness data's version): at most one query per version, in
    any language."""
    return cached(version, "freshness", (), freshness.current, per_language=False)


def role_key(user) -> str:
    """Who reads an HTML page, as far as the page differs: anonymous or the user's role."""
    if not user.is_authenticated:
        return "anonymous"
    return role_of(user) or "signed-in"
