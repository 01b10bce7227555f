"""The issue's "Done when" journey: recording a Presidency visit in the browser."""

import datetime as dt

import pytest
from django.urls import reverse

from challenges.models import ChallengeTag
from outreach.models import ActorRole, Attachment, FollowUp, OutreachActivity
from tests.outreach.conftest import VISIT_DAY, form_data, pdf_upload

pytestmark = pytest.mark.django_db


def _counts():
    return (
        OutreachActivity.objects.count(),
        ChallengeTag.objects.count(),
        FollowUp.objects.count(),
        Attachment.objects.count(),
    )


def _stored_files(media_root):
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


@pytest.fixture
def recorded_visit(client_for, signatory, non_signatory, challenge_62):
    """A Presidency visit to two non-States Parties noting 6.2 for one of them."""
    client = client_for("secretariat")
    data = form_data(
        states=[signatory, non_signatory],
        noted=[(non_signatory, challenge_62, "Lacks a national control list.")],
        followups=[("Send the model legislation", "Secretariat", "2018-04-01")],
    )
    data["activity-files"] = pdf_upload()
    response = client.post(reverse("outreach:create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return OutreachActivity.objects.get()


def test_recording_a_visit_redirects_to_its_page(recorded_visit):
    assert recorded_visit.actor_role == ActorRole.PRESIDENCY
    assert set(recorded_visit.states.values_list("iso3", flat=True)) == {"XSG", "XNS"}


def test_the_visit_appears_in_both_states_timelines(recorded_visit, client_for):
    client = client_for("cochair")
    for iso3 in ("XSG", "XNS"):
        response = client.get(reverse("outreach:state_timeline", args=[iso3]))
        assert response.status_code == 200
        assert recorded_visit.get_absolute_url() in response.content.decode()


def test_the_tag_has_the_visit_as_evidence(recorded_visit, non_signatory, secretariat):
    tag = ChallengeTag.objects.get()
    assert (tag.state, tag.challenge.code, tag.noted_on) == (non_signatory, "6.2", VISIT_DAY)
    assert tag.recorded_by == secretariat
    assert list(tag.outreach_activities.all()) == [recorded_visit]
    assert "Presidency" in tag.source and "2018-03-01" in tag.source


def test_the_tag_is_open_on_the_visit_date(recorded_visit, non_signatory):
    open_tags = ChallengeTag.objects.open_on(VISIT_DAY).filter(state=non_signatory)
    assert [t.challenge.code for t in open_tags] == ["6.2"]


def test_both_states_show_their_last_contact_on_the_coverage_page(recorded_visit, client_for):
    response = client_for("cochair").get(reverse("outreach:coverage"), {"as_of": "2018-05-31"})
    rows = {row.state.iso3: row for row in response.context["rows"]}
    assert rows["XSG"].last_contact == rows["XNS"].last_contact == VISIT_DAY
    assert rows["XNS"].open_challenges == 1
    assert rows["XNS"].days_since == (dt.date(2018, 5, 31) - VISIT_DAY).days


def test_the_follow_up_and_the_file_are_stored(recorded_visit, media_root):
    assert recorded_visit.followups.get().due_on == dt.date(2018, 4, 1)
    attachment = recorded_visit.attachments.get()
    assert (attachment.original_name, attachment.format) == ("report.pdf", "pdf")
    assert len(_stored_files(media_root)) == 1


def test_the_history_shows_who_recorded_it(recorded_visit, client_for):
    response = client_for("secretariat").get(recorded_visit.get_absolute_url())
    history = response.context["history"]
    assert history[-1].user.username == "sam.secretariat"
    activity_entries = [e for e in history if e.subject == "Activity"]
    assert "challenges noted: Nonsignia 6.2" in activity_entries[0].reason  # names, not codes


# --- a form error in the journey saves nothing and keeps what was typed --------------------------


def test_a_challenge_noted_for_a_state_party_saves_nothing(
    client_for, signatory, party, challenge_62, media_root
):
    before = _counts()
    data = form_data(
        states=[signatory, party],
        noted=[(party, challenge_62, "Typed note")],
        followups=[("Send the model legislation", "Secretariat", "2018-04-01")],
    )
    data["activity-files"] = pdf_upload()
    response = client_for("secretariat").post(reverse("outreach:create"), data)
    assert response.status_code == 200
    assert _counts() == before
    assert _stored_files(media_root) == []
    assert "has been a State Party since" in response.content.decode()


def test_the_form_shows_again_with_what_was_typed(client_for, signatory, party, challenge_62):
    data = form_data(
        states=[signatory, party],
        noted=[(party, challenge_62, "Typed note")],
        followups=[("Send the model legislation", "Secretariat", "2018-04-01")],
        summary="A summary that must survive",
    )
    response = client_for("secretariat").post(reverse("outreach:create"), data)
    editor = response.context["editor"]
    page = response.content.decode()
    assert "A summary that must survive" in page
    assert "Typed note" in page and "Send the model legislation" in page
    assert {s.pk for s in editor.form.cleaned_data["states"]} == {signatory.pk, party.pk}
    assert f'value="{party.pk}" selected' in page


def test_a_bad_attachment_saves_nothing(
    client_for, signatory, non_signatory, challenge_62, media_root
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = _counts()
    data = form_data(
        states=[signatory, non_signatory],
        noted=[(non_signatory, challenge_62, "")],
        followups=[("Call the ministry", "", "")],
    )
    data["activity-files"] = [
        pdf_upload(),
        SimpleUploadedFile("notes.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
    ]
    response = client_for("secretariat").post(reverse("outreach:create"), data)
    assert response.status_code == 200
    assert _counts() == before
    assert _stored_files(media_root) == []
    assert "notes.pdf: its content is not a PDF" in response.content.decode()


def test_a_follow_up_without_an_action_saves_nothing(
    client_for, signatory, non_signatory, challenge_62
):
    before = _counts()
    data = form_data(
        states=[signatory, non_signatory],
        noted=[(non_signatory, challenge_62, "")],
        followups=[("", "Secretariat", "2018-04-01")],
    )
    response = client_for("secretariat").post(reverse("outreach:create"), data)
    assert response.status_code == 200
    assert _counts() == before
    assert "Follow-up, row 1" in response.content.decode()


def test_a_challenge_for_a_state_not_concerned_is_refused(
    client_for, signatory, non_signatory, challenge_62
):
    data = form_data(states=[signatory], noted=[(non_signatory, challenge_62, "")])
    response = client_for("secretariat").post(reverse("outreach:create"), data)
    assert response.status_code == 200
    assert OutreachActivity.objects.count() == 0
    assert "Nonsignia: a challenge can only be noted for a state the activity concerns." in (
        response.content.decode()
    )


def test_an_end_before_the_start_is_refused(client_for, signatory):
    data = form_data(states=[signatory], end_date="2018-02-01")
    response = client_for("secretariat").post(reverse("outreach:create"), data)
    assert response.status_code == 200
    assert OutreachActivity.objects.count() == 0


def test_a_challenge_already_open_gains_the_activity_as_evidence(
    client_for, non_signatory, challenge_62
):
    client = client_for("secretariat")
    for day in ("2018-03-01", "2018-04-10"):
        data = form_data(
            states=[non_signatory], noted=[(non_signatory, challenge_62, "")], start_date=day
        )
        assert client.post(reverse("outreach:create"), data).status_code == 302
    tag = ChallengeTag.objects.get()
    assert tag.outreach_activities.count() == 2
