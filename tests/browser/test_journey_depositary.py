"""Journey: the Secretariat uploads a depositary file, compares it with today's record after
confirming the later date, sees the later ratifications listed apart (never as removals), selects
every addition in one click and applies it (issue 17, item 4)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from states.models import TreatyAction
from tests.depositary.conftest import encode, sample_text, set_cell
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_compare_on_today_select_all_additions_and_apply(
    page, live_server, sign_in, reference_data, tmp_path
):
    UserFactory(username="sam.secretariat", role=Role.SECRETARIAT)
    text = set_cell(sample_text(), "Angola", 4, "10 Jan 2018")
    text = set_cell(text, "Bahrain", 2, "22 Nov 2013")
    upload = tmp_path / "XXVI-8.en.2018-01-15.xml"
    upload.write_bytes(encode(text))

    sign_in("sam.secretariat")
    page.goto(f"{live_server.url}/depositary/")
    page.get_by_label("Depositary status file (MTDSG XML)").set_input_files(str(upload))
    page.get_by_label("Compare with the portal on").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Check the file").click()
    # A later date without the confirmation: refused, with the file's own date.
    expect(page.get_by_text("The file's own date is 2018-01-15")).to_be_visible()

    page.get_by_label("Depositary status file (MTDSG XML)").set_input_files(str(upload))
    page.get_by_label("Compare with the portal on").fill(timezone.localdate().isoformat())
    page.get_by_label("Compare on this later date").check()
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Newer than the file")).to_be_visible()
    expect(page.locator("[data-newer]")).to_contain_text("Brazil")

    page.get_by_role("button", name="Select the 1 addition").click()
    expect(page.locator('input[data-what="add"]')).to_be_checked()
    expect(page.locator('input[data-what="change"]')).not_to_be_checked()
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Apply the ticked differences").click()
    expect(page.get_by_text("Applied: 1 difference.")).to_be_visible()

    angola = TreatyAction.objects.get(state__iso3="AGO", kind="ratification")
    assert str(angola.date) == "2018-01-10"
    assert TreatyAction.objects.get(state__iso3="BHR", kind="signature").date.day == 21
    assert TreatyAction.objects.filter(state__iso3="BRA", kind="ratification").exists()
