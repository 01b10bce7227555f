"""Journey: a co-chair changes the dashboard's date and sees the counts change."""

import pytest

from accounts.roles import Role
from tests.browser.conftest import browser, page, sign_in  # noqa: F401 - shared browser fixtures
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _count(tab, status):
    return tab.locator(f'[data-count="{status}"]').inner_text()


def test_cochair_changes_the_date_and_the_counts_follow(
    page,  # noqa: F811 - the shared browser fixtures imported above
    live_server,
    sign_in,  # noqa: F811
    reference_data,
):
    UserFactory(username="chris.cochair", role=Role.COCHAIRS)
    sign_in("chris.cochair")
    page.goto(f"{live_server.url}/dashboard/?as_of=2018-03-07")
    assert _count(page, "state_party") == "92"
    assert _count(page, "ratified_not_in_force") == "2"

    page.locator('a.key-date[href="?as_of=2018-05-31"]').click()
    page.wait_for_load_state()
    assert _count(page, "state_party") == "94"
    assert _count(page, "ratified_not_in_force") == "1"

    page.get_by_label("As of").fill("2018-08-20")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    assert "as_of=2018-08-20" in page.url
    assert _count(page, "state_party") == "95"
