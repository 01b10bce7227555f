"""No page scrolls sideways and "Sign out" is always reachable (issue 20, item 1): every role, at
1,024, 1,280 and 1,366 px, in English, French and Spanish, on a representative set of pages
(tests/browser/pages.py: LAYOUT_PAGES, as each role may see them)."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import (
    LANGUAGES,
    LAYOUT_PAGES,
    ROLES,
    WIDTHS,
    badge_data,
    client_for_role,
    html_pages,
    open_context,
    set_language,
    visit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIGN_OUT = {"en": "Sign out", "fr": "Se déconnecter", "es": "Cerrar sesión"}
SIGN_IN = {"en": "Sign in", "fr": "Se connecter", "es": "Iniciar sesión"}
WIDE = "() => [document.documentElement.scrollWidth, window.innerWidth]"
# Tables that scroll sideways in their own box (the heat map's grid of 26 items may: it says so).
WIDE_TABLES = """() => Array.from(document.querySelectorAll(".table-responsive:not([data-wide-grid])"))
  .filter((box) => box.scrollWidth > box.clientWidth + 1)
  .map((box) => (box.querySelector("caption") || box).textContent.trim().slice(0, 60))"""


def _inside(page, locator) -> bool:
    box = locator.bounding_box()
    width = page.evaluate("window.innerWidth")
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def _account_reachable(page, role: str, language: str) -> str | None:
    """None when the way out (or in) is visible and inside the window, and the Secretariat's menu
    opens inside it, else what is wrong."""
    if role == "anonymous":
        link = page.get_by_role("banner").get_by_role("link", name=SIGN_IN[language])
        return None if link.is_visible() and _inside(page, link) else "no Sign in link in view"
    toggle = page.locator("#account-menu")
    if not (toggle.is_visible() and _inside(page, toggle)):
        return "the user menu is not in view"
    toggle.click()
    button = page.get_by_role("button", name=SIGN_OUT[language])
    expect(button).to_be_visible()
    problem = None if _inside(page, button) else "Sign out is outside the window"
    page.keyboard.press("Escape")
    tools = page.locator("#tools-menu")
    if problem is None and tools.count():
        tools.click()
        menu = page.locator("[aria-labelledby='tools-menu']")
        expect(menu).to_be_visible()
        problem = None if _inside(page, menu) else "the Secretariat's menu passes the window's edge"
        page.keyboard.press("Escape")
    return problem


@pytest.mark.parametrize("role", ROLES)
def test_no_page_scrolls_sideways_and_sign_out_is_reachable(
    browser, live_server, reference_data, personas, settings, tmp_path, role
):
    settings.MEDIA_ROOT = tmp_path / "media"
    data = badge_data(personas)
    client = client_for_role(role, personas)
    pages = html_pages(role, data, names=LAYOUT_PAGES)
    assert len(pages) >= {"anonymous": 4, "delegate": 6, "cochair": 12, "secretariat": 18}[role]
    context, page = open_context(browser, live_server, client, width=WIDTHS[0])
    problems = []
    try:
        for language in LANGUAGES:
            set_language(page, live_server, language)
            for name, url in pages:
                answer = visit(page, live_server.url + url, wait_until="domcontentloaded")
                if answer:
                    problems.append(f"{name} {url}: {answer}")
                    continue
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 800})
                    scroll, inner = page.evaluate(WIDE)
                    if scroll > inner:
                        problems.append(f"{name} {url}, {language}: {scroll} px wide in {inner}")
                    for table in page.evaluate(WIDE_TABLES):
                        problems.append(f"{name} {url}, {language}, {width} px: {table} scrolls")
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                problem = _account_reachable(page, role, language)
                if problem:
                    problems.append(f"{language} at {width} px: {problem}")
    finally:
        context.close()
    assert problems == [], f"{role}:\n" + "\n".join(problems)
