"""Journey: two Secretariat users open the same treaty action; the first saves; the second's save
is refused with what changed, and nothing the first saved is overwritten (issue 9, item 4)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from states.models import TreatyAction
from tests.factories import StateFactory, TreatyActionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def test_the_second_save_of_a_stale_form_is_refused_and_shows_what_changed(
    page, browser, live_server, sign_in
):
    sam = UserFactory(username="sam.secretariat", role=Role.SECRETARIAT)
    UserFactory(username="sol.second", role=Role.SECRETARIAT)
    state = StateFactory(iso3="XST", name_en="Stalemateland")
    action = TreatyActionFactory(state=state, date=dt.date(2013, 6, 3), note="")
    edit_url = f"{live_server.url}/states/XST/actions/{action.pk}/edit/"

    # Both open the form on version 1.
    sign_in("sam.secretariat")
    page.goto(edit_url)
    other_context = browser.new_context(locale="en-GB")
    try:
        other = other_context.new_page()
        other.set_default_timeout(15000)
        other.goto(f"{live_server.url}/accounts/login/")
        other.get_by_label("Username").fill("sol.second")
        other.get_by_label("Password").fill(PASSWORD)
        other.get_by_role("button", name="Sign in").click()
        other.goto(edit_url)

        # The first saves a new note.
        page.get_by_label("Note").fill("Signed at the UN headquarters.")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("saved.")).to_be_visible()

        # The second, still on version 1, changes the source: refused, with what changed.
        other.get_by_label("Source").fill("A different source")
        other.get_by_role("button", name="Save").click()
        alert = other.locator(".alert, .invalid-feedback, .errorlist").filter(
            has_text="after you opened the form"
        )
        expect(alert.first).to_be_visible()
        expect(alert.first).to_contain_text(sam.get_full_name())
        expect(alert.first).to_contain_text("Signed at the UN headquarters.")
        expect(alert.first).to_contain_text("Nothing of yours was saved")
    finally:
        other_context.close()

    action = TreatyAction.objects.get(pk=action.pk)
    assert action.note == "Signed at the UN headquarters."
    assert action.source == ""
    assert action.version == 2
