"""Journey: sign in, switch to French, see the navigation in French, sign out."""

import pytest

from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_switch_to_french_and_sign_out(page, live_server, sign_in):
    UserFactory(username="chris.cochair", role=Role.COCHAIRS)
    sign_in("chris.cochair")
    nav = page.get_by_role("navigation", name="Main navigation")
    assert nav.get_by_role("link", name="States").is_visible()

    page.get_by_label("Language").select_option("fr")
    page.wait_for_load_state()
    nav = page.get_by_role("navigation", name="Navigation principale")
    assert nav.get_by_role("link", name="États").is_visible()
    assert page.locator("html").get_attribute("lang") == "fr"

    page.locator("#account-menu").click()
    page.get_by_role("button", name="Se déconnecter").click()
    assert "/accounts/login/" in page.url
    assert page.get_by_role("heading", name="Se connecter au portail WGTU").is_visible()
