"""The activity form explains itself (issue 20, item 6): every error in one round (the service's
own checks run in the same pass as the fields'), the "challenges noted" rows offer only the
non-parties among the activity's states, and empty follow-up rows are not marked required."""

import re

import pytest
from django.urls import reverse

from outreach.models import OutreachActivity
from tests.outreach.conftest import form_data
from tests.outreach.factories import OutreachActivityFactory

pytestmark = pytest.mark.django_db


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)[0]
    return re.findall(r'<option value="(\d+)"', select)


def test_every_error_is_reported_in_one_round(client_for, party, signatory, challenge_62):
    # A missing name (a field) and a challenge noted for a State Party (the service's check).
    data = form_data(states=[party, signatory], noted=[(party, challenge_62, "")], actor_name="")
    response = client_for("secretariat").post(reverse("outreach:create"), data)
    html = response.content.decode()
    assert response.status_code == 200 and OutreachActivity.objects.count() == 0
    assert "By (name): This field is required." in html
    assert "Partyland has been a State Party since" in html


def test_a_row_names_its_state_error_next_to_the_fields_errors(
    client_for, signatory, non_signatory, challenge_62
):
    data = form_data(
        states=[signatory],
        noted=[(non_signatory, challenge_62, "")],
        followups=[("", "Secretariat", "")],
        kind="",
    )
    html = client_for("secretariat").post(reverse("outreach:create"), data).content.decode()
    assert "Kind: This field is required." in html
    assert "Nonsignia: a challenge can only be noted for a state the activity concerns." in html
    assert "Say what is to be done (or leave the whole row empty)." in html


def test_the_rows_offer_only_the_non_parties_among_the_activitys_states(
    client_for, party, signatory, non_signatory
):
    activity = OutreachActivityFactory(states=[party, signatory])
    html = client_for("secretariat").get(reverse("outreach:edit", args=[activity.pk])).text
    assert _options(html, "noted-0-state") == [str(signatory.pk)]


def test_a_new_form_offers_the_non_parties_and_the_script_every_one_of_them(
    client_for, party, signatory, non_signatory
):
    html = client_for("secretariat").get(reverse("outreach:create")).text
    offered = _options(html, "noted-0-state")
    assert str(party.pk) not in offered
    assert {str(signatory.pk), str(non_signatory.pk)} <= set(offered)
    template = re.search(r'<template id="noted-state-choices">(.*?)</template>', html, re.S)[1]
    assert sorted(re.findall(r'value="(\d+)"', template)) == sorted(offered)


def test_a_form_sent_back_offers_the_non_parties_among_the_states_chosen(
    client_for, party, signatory, non_signatory
):
    data = form_data(states=[party, signatory], actor_name="")
    html = client_for("secretariat").post(reverse("outreach:create"), data).text
    assert _options(html, "noted-0-state") == [str(signatory.pk)]


def test_empty_follow_up_rows_are_not_marked_required(client_for, db):
    html = client_for("secretariat").get(reverse("outreach:create")).text
    followups = html[html.index('aria-describedby="followups-help"') :]
    followups = followups[: followups.index("</fieldset>")]
    assert "asteriskField" not in followups and " required" not in followups


def test_an_empty_follow_up_row_is_skipped(client_for, signatory):
    data = form_data(states=[signatory], followups=[("", "", ""), ("Call back", "", "")])
    response = client_for("secretariat").post(reverse("outreach:create"), data)
    assert response.status_code == 302
    assert list(OutreachActivity.objects.get().followups.values_list("action", flat=True)) == [
        "Call back"
    ]


def test_the_states_field_is_a_filterable_select(client_for, db):
    html = client_for("secretariat").get(reverse("outreach:create")).text
    assert re.search(r'<select name="activity-states"[^>]*data-filterable', html)
    assert "vendor/tom-select/tom-select.complete.min.js" in html
    assert "Hold Ctrl" not in html


def test_the_activity_fields_are_laid_out_in_columns(client_for, db):
    html = client_for("secretariat").get(reverse("outreach:create")).text
    assert re.search(r'<div class="form-columns">\s*<div[^>]*id="div_id_activity-start_date"', html)
