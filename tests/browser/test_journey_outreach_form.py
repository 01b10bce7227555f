"""Journey: the Secretariat logs an activity with the keyboard (issue 20, item 6). States are
chosen in a filterable list (Tom Select over the plain select): type, Enter, Backspace; the
"challenges noted" rows follow, offering only the non-parties among the states chosen; the long
form has two columns on a wide screen and one on a narrow one."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from outreach.models import OutreachActivity
from tests.factories import StateFactory, TreatyActionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _row_choices(page) -> list[str]:
    return page.eval_on_selector(
        "select[name='noted-0-state']", "s => Array.from(s.options).map(o => o.text)"
    )


def test_choosing_states_with_the_keyboard_narrows_the_challenge_rows(page, live_server, sign_in):
    UserFactory(username="sam.secretariat", role=Role.SECRETARIAT)
    StateFactory(iso3="BGD", name_en="Bangladesh")
    StateFactory(iso3="BTN", name_en="Bhutan")
    party = StateFactory(iso3="XPT", name_en="Bolivarland")
    TreatyActionFactory(state=party, kind="ratification", date=dt.date(2014, 4, 2))
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in("sam.secretariat")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/outreach/new/")

    states = page.get_by_role("combobox", name="States concerned")
    states.focus()
    page.keyboard.type("bhu")
    expect(page.locator(".ts-dropdown").get_by_role("option", name="Bhutan (BTN)")).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.type("bol")
    page.keyboard.press("Enter")
    page.keyboard.type("bangl")
    page.keyboard.press("Enter")
    chosen = page.eval_on_selector(
        "select[name='activity-states']", "s => Array.from(s.selectedOptions).map(o => o.text)"
    )
    assert sorted(chosen) == ["Bangladesh (BGD)", "Bhutan (BTN)", "Bolivarland (XPT)"]
    # The State Party is not offered for a challenge; the others are, in the reader's order.
    assert _row_choices(page)[1:] == ["Bangladesh (BGD)", "Bhutan (BTN)"]

    page.keyboard.press("Backspace")  # removes the last chosen, Bangladesh
    assert _row_choices(page)[1:] == ["Bhutan (BTN)"]

    # Two columns at 1,280 px: the first two fields side by side; one column at 1,024 px.
    start = page.locator("#div_id_activity-start_date").bounding_box()
    end = page.locator("#div_id_activity-end_date").bounding_box()
    assert start["y"] == end["y"] and end["x"] > start["x"] + start["width"]
    page.set_viewport_size({"width": 1024, "height": 900})
    start = page.locator("#div_id_activity-start_date").bounding_box()
    end = page.locator("#div_id_activity-end_date").bounding_box()
    assert end["y"] > start["y"]

    page.locator("#id_activity-actor_role").select_option("presidency")
    page.locator("#id_activity-actor_name").fill("The President of CSP4")
    page.locator("#id_activity-kind").select_option("visit")
    page.locator("#id_activity-start_date").fill("2018-03-01")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Visit to Bhutan and Bolivarland")
    assert OutreachActivity.objects.get().states.count() == 2
    assert errors == []
