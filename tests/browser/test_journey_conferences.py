"""Journey: the Secretariat records CSP13 (2027 dates) in the browser; it is among the
dashboard's one-click dates at once, and a click shows the status on its first day."""

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_records_csp13_and_sees_it_among_the_dashboards_dates(
    page, live_server, sign_in, reference_data
):
    UserFactory(username="sam.secretariat", role=Role.SECRETARIAT)
    sign_in("sam.secretariat")

    page.goto(f"{live_server.url}/dashboard/")
    expect(page.locator("a.key-date", has_text="CSP12")).to_be_visible()
    expect(page.locator("a.key-date", has_text="CSP13")).to_have_count(0)

    page.goto(f"{live_server.url}/meetings/conferences/")
    page.get_by_role("link", name="Record a conference").click()
    expect(page.locator("#id_number")).to_have_value("13")
    page.locator("#id_opening").fill("2027-08-23")
    page.locator("#id_closing").fill("2027-08-27")
    page.locator("#id_place").fill("Geneva")
    page.locator("#id_format").select_option("in_person")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"{live_server.url}/meetings/conferences/13/")
    expect(page.get_by_text("Conference CSP13 recorded.")).to_be_visible()

    page.goto(f"{live_server.url}/dashboard/")
    csp13 = page.locator("a.key-date", has_text="CSP13")
    expect(csp13).to_have_attribute("href", "?as_of=2027-08-23")
    csp13.click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/?as_of=2027-08-23")
    expect(page.locator("a.key-date[aria-current='date']")).to_contain_text("CSP13")
