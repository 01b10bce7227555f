"""What the layout and accessibility browser tests visit (issue 20, items 1 and 2).

The pages are those of the URL walker (tests/test_url_access.py): every pattern with its sample
object that the role may GET, less the downloads (NOT_PAGES: exports, PDFs, files, the API); the
tests skip any other answer that is not HTML (visit()). The data brings out every
badge: besides the walker's samples (an internal outreach activity with an overdue follow-up, an
internal document, a challenge tag), a state that deposited ten days ago (not yet in force).

Each test signs its role in by a session cookie (no sign-in form, no lockout counter), in its own
browser context of the session's one browser, so tests are independent and parallel-safe.
"""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from states.models import State, Status, TreatyAction
from tests.test_url_access import build_url_data, decision, sample_urls

ROLES = ("anonymous", "delegate", "cochair", "secretariat")
LANGUAGES = ("en", "fr", "es")
WIDTHS = (1024, 1280, 1366)
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"

# The representative pages of the layout test (each role sees those it may read).
LAYOUT_PAGES = (
    "home",
    "status",
    "states:list",
    "states:detail",
    "dashboard:index",
    "meetings:index",
    "meetings:meeting",
    "reports:index",
    "challenges:index",
    "challenges:heatmap",
    "challenges:tags",
    "outreach:index",
    "outreach:activity",
    "outreach:coverage",
    "outreach:followups",
    "outreach:create",
    "depositary:index",
    "depositary:detail",
    "accounts:people",
    "accounts:person",
    "accounts:login",
)


def badge_data(personas):
    """The walker's samples plus a state deposited and not yet in force (its deposit ten days
    ago; Art. 22: in force on the 90th day)."""
    data = build_url_data(personas)
    today = dt.date.today()
    data.pending = (
        State.objects.status_on(today, Status.SIGNATORY)
        .exclude(pk=data.nonparty.pk)
        .order_by("iso3")
        .first()
    )
    TreatyAction.objects.create(
        state=data.pending,
        kind=TreatyAction.Kind.RATIFICATION,
        date=today - dt.timedelta(days=10),
    )
    return data


# Answers that are not pages (not asked at all: a PDF takes seconds to render).
NOT_PAGES = {
    "set_language",
    "accounts:logout",
    "api:summary",
    "api:states",
    "api:openapi",
    "states:export",
    "challenges:export",
    "outreach:export",
    "outreach:attachment",
    "meetings:report",
    "meetings:document_download",
    "reports:briefing",
    "reports:bulk_file",
}


def html_pages(role: str, data, names=None) -> list[tuple[str, str]]:
    """(name, URL) of each sampled page `role` may GET (`names`: only those), and the pending
    state's page."""
    pages = []
    for name, url in sample_urls(data):
        rule = decision(name)
        if name in NOT_PAGES or (names is not None and name not in names):
            continue
        if role not in rule.get or rule.methods == "post" or 200 not in rule.get_ok:
            continue
        pages.append((name, url))
    pages.append(("states:detail (pending)", reverse("states:detail", args=[data.pending.iso3])))
    return pages


def visit(page, url: str, **kwargs) -> str | None:
    """Open `url`; None when it is an HTML page answered 200, else what it was."""
    try:
        response = page.goto(url, **kwargs)
    except PlaywrightError as exc:
        if "Download is starting" in str(exc):
            return "a download"
        raise
    kind = response.headers.get("content-type", "")
    if not kind.startswith("text/html"):
        return kind
    return None if response.status == 200 else f"HTTP {response.status}"


def client_for_role(role: str, personas) -> Client:
    client = Client(raise_request_exception=False)
    if personas[role] is not None:
        client.force_login(personas[role])
    return client


def open_context(browser, live_server, client: Client, *, width: int, language: str = "en"):
    """A browser context with the client's session (signed in as its role) and a language."""
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 800})
    cookies = [
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
    ]
    if settings.SESSION_COOKIE_NAME in client.cookies:
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append(
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
        )
    context.add_cookies(cookies)
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def set_language(page, live_server, language: str):
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
