"""Journey: sign in, switch to French, see the navigation in French, sign out."""

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_switch_to_french_and_sign_out(page, live_server, sign_in):
    UserFactory(username="chris.cochair", role=Role.COCHAIRS)
    sign_in("chris.cochair")
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="States", exact=True)).to_be_visible()

    page.get_by_role("group", name="Language").get_by_role("button", name="FR").click()
    nav = page.get_by_role("navigation", name="Navigation principale")
    expect(nav.get_by_role("link", name="États", exact=True)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    page.locator("#account-menu").click()
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Se connecter au portail WGTU")).to_be_visible()


def test_the_language_switch_works_without_javascript(browser, live_server):
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/states/")
        switch = page.get_by_role("group", name="Language")
        expect(switch.get_by_role("button")).to_have_count(3)
        switch.get_by_role("button", name="ES").click()
        expect(page).to_have_url(f"{live_server.url}/states/")
        expect(page.locator("html")).to_have_attribute("lang", "es")
        expect(page.get_by_role("heading", level=1)).not_to_have_text("States")
    finally:
        context.close()
