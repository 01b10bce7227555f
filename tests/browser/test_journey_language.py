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
