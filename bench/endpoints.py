"""What the benchmark measures: each page, who asks for it, and its budget (issue 10, item 3).

Plain data (no Django import), shared by bench/run.py (through gunicorn and wrk) and
bench/inprocess.py (queries per request through Django's test client).
"""

from dataclasses import dataclass

ANONYMOUS, COCHAIR = "anonymous", "cochair"
STATE_PAGE_ISO3 = "USA"  # a signature and a notification of intention: a full timeline
# The public English report of the 31 May 2018 meeting (reference data), already rendered once.
REPORT_MEETING_DATE = "2018-05-31"
REPORT_PATH = "/meetings/{meeting}/report.pdf?lang=en"


@dataclass(frozen=True)
class Endpoint:
    key: str
    label: str
    path: str  # "{static}": the hashed URL of css/portal.css; "{meeting}": the report's meeting
    identity: str  # who asks: anonymous, or the co-chair's session cookie
    budget: float | None = None  # p50 at most this many times the floor of the same identity
    queries_budget: bool = True  # queries per request identical at normal and scale data


FLOORS = {
    ANONYMOUS: Endpoint("floor", "floor (bare view, tiny template)", "/bench/floor/", ANONYMOUS),
    COCHAIR: Endpoint("floor_cochair", "floor, signed-in co-chair", "/bench/floor/", COCHAIR),
}

PAGES = [
    Endpoint("static", "static file (WhiteNoise)", "{static}", ANONYMOUS, queries_budget=False),
    Endpoint("dashboard", "dashboard (co-chair)", "/dashboard/", COCHAIR, budget=3.0),
    Endpoint("status", "status page (/status/)", "/status/", ANONYMOUS, budget=2.0),
    Endpoint("states_list", "states list", "/states/", ANONYMOUS, budget=2.0),
    Endpoint("state_page", "state page", f"/states/{STATE_PAGE_ISO3}/", ANONYMOUS, budget=2.0),
    Endpoint(
        "state_page_cochair",
        "state page, co-chair (with history)",
        f"/states/{STATE_PAGE_ISO3}/",
        COCHAIR,
        budget=2.0,
    ),
    Endpoint("outreach_log", "outreach log (co-chair)", "/outreach/", COCHAIR, budget=2.0),
    Endpoint("api_summary", "API status summary", "/api/status/summary", ANONYMOUS, budget=2.0),
    Endpoint("api_states", "API states list", "/api/states", ANONYMOUS, budget=2.0),
    Endpoint(
        "report_cached",
        "cached report download (co-chair)",
        REPORT_PATH,
        COCHAIR,
        budget=2.0,
    ),
]


# --- the cold path (issue 21, item 2): the first request after a write ---------------------------
#
# Each row: a write through the service layer (bench/inprocess.py WRITES: the data the page
# shows, as the Secretariat makes it all day), then one request of the page; repeated, the median,
# in one process (Django's test client, no server), divided by the floor of the same identity
# measured the same way in the same process. Budget at scale data; queries per cold request
# identical at normal and scale data.
SECRETARIAT = "secretariat"
COLD_BUDGET = 10.0  # the first request after a write at most this many times the floor (scale)
COLD_REPEAT = 7  # cold requests per page (the median); the first one also counts the queries


@dataclass(frozen=True)
class ColdPage:
    key: str
    label: str
    path: str
    identity: str
    write: str  # a key of bench/inprocess.py WRITES


COLD_PAGES = [
    ColdPage("dashboard", "dashboard (co-chair)", "/dashboard/", COCHAIR, "ledger"),
    ColdPage("states_list", "states list", "/states/", ANONYMOUS, "ledger"),
    ColdPage(
        "state_page_staff",
        "state page, co-chair (with history)",
        f"/states/{STATE_PAGE_ISO3}/",
        COCHAIR,
        "ledger",
    ),
    ColdPage("status", "status page (/status/)", "/status/", ANONYMOUS, "ledger"),
    ColdPage("outreach_log", "outreach log (co-chair)", "/outreach/", COCHAIR, "outreach"),
    ColdPage("heatmap", "challenges heat map (co-chair)", "/challenges/heatmap/", COCHAIR, "tag"),
    ColdPage("pipeline", "joining pipeline (co-chair)", "/pipeline/", COCHAIR, "stage"),
    ColdPage("meetings", "meetings index (co-chair)", "/meetings/", COCHAIR, "meeting"),
]

# The cold report render is not a page measured with wrk: bench/report_render.py --json times it
# beside WeasyPrint alone for the same HTML, in the same scratch database (bench/run.py).
COLD_RENDER_BUDGET = 1.3  # the cold render at most this many times WeasyPrint alone
# A report in all three languages (one data version, cold) at most this many times one language
# (issue 21, item 3): bench/report_render.py --languages.
LANGUAGES_BUDGET = 2.5
NOT_AVAILABLE: list[tuple[str, str, str, str]] = []

ALL = [*FLOORS.values(), *PAGES]
