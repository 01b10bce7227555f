"""Summaries (issue 16, item 4): Draft → Circulated for comments (deadline) → Final; every
version kept with its difference to the previous; comments by Co-chairs and Delegates of
participating delegations; only Final is public; stale edits refused."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.roles import Role
from meetings.models import AccountDelegation, Participation
from meetings.summaries import Summary, SummaryComment, SummaryVersion, summary_diff
from states.dates import today
from tests.factories import StateFactory, UserFactory

DRAFT = "The Working Group took note of the <b>draft</b> outcome."
SECOND = "The Working Group welcomed the draft outcome and two new accessions."


@pytest.fixture
def may(work_plan):
    return work_plan.meetings.get(date="2018-05-31")


@pytest.fixture
def france(db):
    return StateFactory(iso3="FRA", name_en="France")


@pytest.fixture
def participating_delegate(may, france):
    user = UserFactory(username="pat.participant", role=Role.DELEGATES)
    AccountDelegation.objects.create(user=user, state=france)
    Participation.objects.create(meeting=may, state=france)
    return user


def sec_client(client_for):
    return client_for("secretariat")


def draft(client_for, meeting, text=DRAFT, item=None):
    url = reverse("meetings:summary_create", args=[meeting.pk])
    if item is not None:
        url += f"?item={item.pk}"
    response = client_for("secretariat").post(url, {"text": text})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Summary.objects.get(meeting=meeting, agenda_item=item)


def circulate(client_for, summary, days=14):
    deadline = (today() + dt.timedelta(days=days)).isoformat()
    url = reverse("meetings:summary_circulate", args=[summary.pk])
    client_for("secretariat").post(url, {"deadline": deadline, "version": summary.version})
    summary.refresh_from_db()
    return summary


def finalize(client_for, summary):
    url = reverse("meetings:summary_final", args=[summary.pk])
    client_for("secretariat").post(url, {"version": summary.version})
    summary.refresh_from_db()
    return summary


def edit(client, summary, text, version=None):
    url = reverse("meetings:summary_edit", args=[summary.pk])
    return client.post(url, {"text": text, "version": version or summary.version})


def test_a_summary_goes_from_draft_to_circulated_to_final(client_for, may, secretariat):
    summary = draft(client_for, may)
    assert summary.state == "draft" and summary.versions.get().author == secretariat
    summary = circulate(client_for, summary)
    assert summary.state == "circulated" and summary.deadline > today()
    summary = finalize(client_for, summary)
    assert summary.state == "final"
    reasons = [h.history_change_reason for h in summary.history.order_by("history_id")]
    assert reasons == ["Summary drafted in the portal", "Circulated for comments", "Made final"]


def test_a_draft_cannot_be_made_final_without_circulating(client_for, may):
    summary = finalize(client_for, draft(client_for, may))
    assert summary.state == "draft"


def test_a_deadline_in_the_past_is_refused(client_for, may):
    summary = circulate(client_for, draft(client_for, may), days=-1)
    assert summary.state == "draft"


def test_every_version_is_kept_with_its_difference_escaped(client_for, may, cochair):
    summary = draft(client_for, may)
    edit(client_for("secretariat"), summary, SECOND)
    assert list(summary.versions.values_list("number", flat=True)) == [1, 2]
    page = client_for("cochair").get(summary.get_absolute_url()).content.decode()
    assert "Version 2 (Draft)" in page and "Version 1 (Draft)" in page
    assert "<ins>welcomed</ins>" in page
    assert "&lt;b&gt;draft&lt;/b&gt;" in page and "<b>draft</b>" not in page


def test_the_diff_escapes_every_piece():
    html = summary_diff("a <i>b</i> c", "a <script>x</script> c")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.startswith("a ") and "<del>" in html and "<ins>" in html


def test_a_stale_edit_is_refused(client_for, may):
    summary = draft(client_for, may)
    sec = client_for("secretariat")
    edit(sec, summary, SECOND)
    response = edit(sec, summary, "An older form's text", version=1)
    assert response.status_code == 409
    summary.refresh_from_db()
    assert summary.text == SECOND and summary.versions.count() == 2


def test_a_stale_transition_is_refused(client_for, may):
    summary = draft(client_for, may)
    edit(client_for("secretariat"), summary, SECOND)
    url = reverse("meetings:summary_circulate", args=[summary.pk])
    deadline = (today() + dt.timedelta(days=5)).isoformat()
    response = client_for("secretariat").post(url, {"deadline": deadline, "version": 1})
    assert response.status_code == 409
    summary.refresh_from_db()
    assert summary.state == "draft"


def test_a_final_summary_is_not_edited(client_for, may):
    summary = finalize(client_for, circulate(client_for, draft(client_for, may)))
    response = edit(client_for("secretariat"), summary, "Rewritten")
    assert "A final summary is not edited any more." in response.content.decode()
    summary.refresh_from_db()
    assert summary.text == DRAFT


def comment(client, summary, text="Please add Chile."):
    return client.post(reverse("meetings:summary_comment", args=[summary.pk]), {"text": text})


def test_a_cochair_and_a_participating_delegate_comment_on_the_circulated_version(
    client_for, may, participating_delegate, cochair
):
    summary = circulate(client_for, draft(client_for, may))
    assert comment(client_for("cochair"), summary, "Comment of the co-chair").status_code == 302
    from django.test import Client

    delegate_client = Client()
    delegate_client.force_login(participating_delegate)
    page = delegate_client.get(summary.get_absolute_url()).content.decode()
    assert DRAFT.replace("<b>", "&lt;b&gt;").replace("</b>", "&lt;/b&gt;") in page
    assert comment(delegate_client, summary, "Comment of France").status_code == 302
    comments = SummaryComment.objects.order_by("pk")
    assert [c.text for c in comments] == ["Comment of the co-chair", "Comment of France"]
    assert comments[1].delegation_name == "France"
    assert {c.version.number for c in comments} == {1}
    # The delegate sees their own comment only; staff see both.
    page = delegate_client.get(summary.get_absolute_url()).content.decode()
    assert "Comment of France" in page and "Comment of the co-chair" not in page
    page = client_for("cochair").get(summary.get_absolute_url()).content.decode()
    assert "Comment of France" in page and "Comment of the co-chair" in page


def test_comments_are_closed_in_draft_after_the_deadline_and_when_final(
    client_for, may, participating_delegate
):
    summary = draft(client_for, may)
    assert comment(client_for("cochair"), summary).status_code == 403
    summary = circulate(client_for, summary)
    Summary.objects.filter(pk=summary.pk).update(deadline=today() - dt.timedelta(days=1))
    assert comment(client_for("cochair"), summary).status_code == 403
    assert not SummaryComment.objects.exists()


def test_a_delegate_of_no_participating_delegation_neither_reads_nor_comments(
    client_for, may, france
):
    summary = circulate(client_for, draft(client_for, may))
    delegate = client_for("delegate")
    assert delegate.get(summary.get_absolute_url()).status_code == 404
    assert comment(delegate, summary).status_code == 404
    assert DRAFT[:20] not in delegate.get(may.get_absolute_url()).content.decode()


def test_the_secretariat_does_not_comment(client_for, may):
    summary = circulate(client_for, draft(client_for, may))
    assert comment(client_for("secretariat"), summary).status_code == 403


def test_only_final_summaries_reach_a_delegate_on_the_meeting_page(client_for, may):
    item = may.agenda_items.order_by("order").first()
    summary = draft(client_for, may, "Meeting outcome text")
    item_summary = draft(client_for, may, "Item outcome text", item=item)
    delegate = client_for("delegate")
    for step in (lambda s: s, lambda s: circulate(client_for, s)):
        summary, item_summary = step(summary), step(item_summary)
        page = delegate.get(may.get_absolute_url()).content.decode()
        assert "Meeting outcome text" not in page and "Item outcome text" not in page
        assert delegate.get(summary.get_absolute_url()).status_code == 404
    finalize(client_for, summary)
    finalize(client_for, item_summary)
    page = delegate.get(may.get_absolute_url()).content.decode()
    assert "Meeting outcome text" in page and "Item outcome text" in page
    response = delegate.get(summary.get_absolute_url())
    assert response.status_code == 200 and "Versions" not in response.content.decode()


def test_only_the_secretariat_drafts_and_moves_summaries(client_for, may):
    url = reverse("meetings:summary_create", args=[may.pk])
    for persona in ("cochair", "delegate"):
        assert client_for(persona).post(url, {"text": "x"}).status_code == 403
    summary = draft(client_for, may)
    for persona in ("cochair",):
        client = client_for(persona)
        assert edit(client, summary, "y").status_code == 403
        url = reverse("meetings:summary_final", args=[summary.pk])
        assert client.post(url, {"version": 1}).status_code == 403
    assert Summary.objects.get().text == DRAFT and SummaryVersion.objects.count() == 1
