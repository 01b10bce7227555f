"""Journey: the Secretariat records an outreach visit that noted "before parliament since …" for
a state, and the co-chairs' pipeline page shows the state at that stage (issue 18)."""

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from pipeline.models import StageEntry
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_stage_noted_during_a_visit_appears_on_the_pipeline_page(
    page, live_server, sign_in, reference_data
):
    UserFactory(username="sam.secretariat", role=Role.SECRETARIAT)
    sign_in("sam.secretariat")
    page.goto(f"{live_server.url}/outreach/new/")
    page.locator('[name="activity-start_date"]').fill("2018-04-20")
    page.get_by_label("By (role)").select_option(label="Presidency")
    page.get_by_label("By (name)").fill("H.E. Ambassador Nobushige Takamizawa")
    page.get_by_label("Kind").select_option(label="Visit")
    # The states field is a filterable list (Tom Select): type, then pick the offered state.
    page.get_by_role("combobox", name="States concerned").focus()
    page.keyboard.type("ango")
    expect(page.locator(".ts-dropdown").get_by_role("option", name="Angola (AGO)")).to_be_visible()
    page.keyboard.press("Enter")
    page.get_by_label("Summary").fill("Met the foreign ministry in Luanda.")
    row = page.locator("[data-stage-row]").first
    row.get_by_label("State").select_option(label="Angola (AGO)")
    row.get_by_label("Stage reached").select_option(label="Submitted to parliament")
    row.get_by_label("Since").fill("2018-04-12")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("The activity was recorded.")).to_be_visible()
    noted = page.locator("section[aria-labelledby=stages-heading]")
    expect(noted).to_contain_text("Angola: Submitted to parliament")
    entry = StageEntry.objects.get(state__iso3="AGO")
    assert entry.source.startswith("Visit (Presidency, H.E. Ambassador Nobushige Takamizawa")

    page.get_by_role("link", name="Joining pipeline").first.click()
    page.get_by_label("As of").fill("2018-05-31")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(f"{live_server.url}/pipeline/?as_of=2018-05-31&region=&stage=")
    stage = page.locator('tbody[data-stage="before_parliament"]')
    expect(stage.locator('tr[data-iso3="AGO"]')).to_contain_text("12 April 2018")
    moved = page.locator('table[data-moved="meeting"]')
    expect(moved.locator('tr[data-iso3="AGO"]')).to_contain_text("Submitted to parliament")
