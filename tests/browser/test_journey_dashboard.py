"""Journey: a co-chair changes the dashboard's date and sees the counts change."""

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cochair_changes_the_date_and_the_counts_follow(page, live_server, sign_in, reference_data):
    UserFactory(username="chris.cochair", role=Role.COCHAIRS)
    sign_in("chris.cochair")
    page.goto(f"{live_server.url}/dashboard/?as_of=2018-03-07")
    expect(page.locator('[data-count="state_party"]').first).to_have_text("92")
    expect(page.locator('[data-count="ratified_not_in_force"]').first).to_have_text("2")

    page.locator('a.key-date[href="?as_of=2018-05-31"]').click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/?as_of=2018-05-31")
    expect(page.locator('[data-count="state_party"]').first).to_have_text("94")
    expect(page.locator('[data-count="ratified_not_in_force"]').first).to_have_text("1")

    page.get_by_label("As of").fill("2018-08-20")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/?as_of=2018-08-20")
    expect(page.locator('[data-count="state_party"]').first).to_have_text("95")
