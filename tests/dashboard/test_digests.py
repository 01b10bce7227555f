"""E-mail digests (issue 23, item 2), through `manage.py send_digests` and Django's locmem
mailer: at most one e-mail per account per day whatever the number of runs (a section per kind
due), in the account's language, plain text and HTML, links to the portal only, nothing internal
to a Delegate."""

import datetime as dt
import io
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accounts.models import DigestSent, Profile
from meetings import services as meeting_services
from meetings.models import Meeting
from tests.factories import StateFactory, TreatyActionFactory
from tests.outreach.factories import FollowUpFactory, OutreachActivityFactory

pytestmark = pytest.mark.django_db

DAY = "2018-04-10"
URL_RE = re.compile(r"""https?://[^\s"'<>]+""")


@pytest.fixture(autouse=True)
def _outbox(settings):
    settings.WGTU_PORTAL_URL = "https://wgtu.example.org"
    mail.outbox = []


def run(day=DAY) -> str:
    out = io.StringIO()
    call_command("send_digests", "--date", day, stdout=out)
    return out.getvalue()


def to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def links(message) -> list[str]:
    html = message.alternatives[0].content
    return URL_RE.findall(message.body) + URL_RE.findall(html)


@pytest.fixture
def internal_activity(db):
    state = StateFactory(iso3="XAN", name_en="Secretland", name_fr="Secretland")
    return OutreachActivityFactory(
        summary="Confidential talks", actor_name="Envoy Internalis", states=[state]
    )


def test_an_overdue_follow_up_gives_the_cochair_one_digest_in_their_language(
    cochair, internal_activity
):
    cochair.email = "chris@example.org"
    cochair.save()
    Profile.objects.create(user=cochair, language="fr")
    FollowUpFactory(
        activity=internal_activity,
        action="Appeler le ministère",
        assignee=cochair,
        owner="",
        due_on=dt.date(2018, 3, 15),
    )
    run()
    run()
    # One e-mail: the follow-ups, and this Co-chair's weekly summary as a second section.
    (message,) = to(cochair)
    assert len(mail.outbox) == 1
    assert "Appeler le ministère" in message.body
    assert "15 mars 2018" in message.body  # the date in French treaty style
    html = message.alternatives[0]
    assert html.mimetype == "text/html" and "Appeler le ministère" in html.content
    assert 'lang="fr"' in html.content
    assert DigestSent.objects.filter(user=cochair, kind="followups").count() == 1
    assert DigestSent.objects.filter(user=cochair, kind="weekly").count() == 1


def test_links_go_to_the_portal_only_and_nothing_tracks(cochair, internal_activity):
    cochair.email = "chris@example.org"
    cochair.save()
    Profile.objects.create(user=cochair, email_weekly=False)
    FollowUpFactory(activity=internal_activity, assignee=cochair, due_on=dt.date(2018, 4, 12))
    run()
    (message,) = to(cochair)
    found = links(message)
    assert found and all(url.startswith("https://wgtu.example.org/") for url in found)
    assert "https://wgtu.example.org" + reverse("my_followups") in found
    assert "<img" not in message.alternatives[0].content
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert (
        message.extra_headers["List-Unsubscribe"] == "<https://wgtu.example.org/accounts/profile/>"
    )


def test_a_delegate_gets_their_follow_up_and_nothing_internal(delegate, internal_activity):
    delegate.email = "dana@example.org"
    delegate.save()
    Profile.objects.create(user=delegate, language="es")
    FollowUpFactory(
        activity=internal_activity,
        action="Enviar el informe nacional",
        assignee=delegate,
        due_on=dt.date(2018, 4, 15),
    )
    run()
    (message,) = to(delegate)
    text = message.body + message.alternatives[0].content
    assert "Enviar el informe nacional" in text
    assert "15 de abril de 2018" in text  # Spanish
    for internal in ("Confidential talks", "Envoy Internalis", "Secretland"):
        assert internal not in text
    assert internal_activity.get_absolute_url() not in text
    assert all("/outreach/" not in url for url in links(message))


def test_follow_ups_due_later_or_done_are_not_sent(cochair, internal_activity):
    Profile.objects.create(user=cochair, email_weekly=False)
    FollowUpFactory(activity=internal_activity, assignee=cochair, due_on=dt.date(2018, 4, 18))
    FollowUpFactory(
        activity=internal_activity,
        assignee=cochair,
        due_on=dt.date(2018, 4, 1),
        done=True,
        done_on=dt.date(2018, 4, 2),
    )
    run()
    assert mail.outbox == []


def test_an_account_may_opt_out(cochair, internal_activity):
    Profile.objects.create(user=cochair, email_followups=False, email_weekly=False)
    FollowUpFactory(activity=internal_activity, assignee=cochair, due_on=dt.date(2018, 4, 1))
    run()
    assert to(cochair) == []


def test_the_next_day_sends_again(cochair, internal_activity):
    Profile.objects.create(user=cochair, email_weekly=False)
    FollowUpFactory(activity=internal_activity, assignee=cochair, due_on=dt.date(2018, 4, 1))
    run("2018-04-10")
    run("2018-04-11")
    assert len(to(cochair)) == 2


# --- the weekly summary -------------------------------------------------------------------------


def test_cochairs_get_a_weekly_summary_once_a_week(cochair, delegate, secretariat):
    action = TreatyActionFactory(state=StateFactory(iso3="XWK", name_en="Weekland"))
    action._history_user = secretariat
    action.note = "corrected"
    action.save()
    today = dt.date.today()
    run(today.isoformat())
    run(today.isoformat())
    (message,) = to(cochair)
    assert "Treaty record: 3 changes" in message.body  # the state added, its action added, changed
    assert "Weekland" in message.body
    assert to(delegate) == [] and to(secretariat) == []
    run((today + dt.timedelta(days=3)).isoformat())
    assert len(to(cochair)) == 1
    run((today + dt.timedelta(days=7)).isoformat())
    assert len(to(cochair)) == 2


# --- reports published ----------------------------------------------------------------------


@pytest.fixture
def may_meeting(reference_data, secretariat):
    """The 31 May 2018 meeting, its report withdrawn (the reference data publish it)."""
    meeting = Meeting.objects.get(date="2018-05-31")
    meeting_services.meeting_report_publish(meeting=meeting, published=False, user=secretariat)
    return Meeting.objects.get(pk=meeting.pk)


def test_a_delegate_who_opted_in_is_told_of_a_published_report_in_their_language(
    delegate, cochair, secretariat, may_meeting
):
    Profile.objects.create(user=delegate, language="fr", email_reports=True)
    Profile.objects.create(user=cochair, email_reports=True, email_weekly=False)
    meeting_services.meeting_report_publish(meeting=may_meeting, published=True, user=secretariat)
    today = dt.date.today().isoformat()
    run(today)
    run(today)
    (message,) = to(delegate)
    url = f"https://wgtu.example.org{reverse('meetings:report', args=[may_meeting.pk])}?lang=fr"
    assert url in message.body and url in message.alternatives[0].content
    assert "31 mai 2018" in message.body
    assert to(cochair) == []  # staff read reports on the portal: the kind is for Delegates


def test_a_delegate_who_did_not_opt_in_gets_nothing(delegate, secretariat, may_meeting):
    meeting_services.meeting_report_publish(meeting=may_meeting, published=True, user=secretariat)
    run(dt.date.today().isoformat())
    assert to(delegate) == []


def test_an_internal_meeting_report_is_never_announced_to_delegates(
    delegate, secretariat, may_meeting
):
    Profile.objects.create(user=delegate, email_reports=True)
    may_meeting.access = "internal"
    may_meeting.save(update_fields=["access"])
    meeting_services.meeting_report_publish(meeting=may_meeting, published=True, user=secretariat)
    run(dt.date.today().isoformat())
    assert to(delegate) == []


def test_a_bad_date_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_digests", "--date", "10/04/2018", stdout=io.StringIO())


def test_the_portal_address_setting_is_used(cochair, internal_activity):
    assert settings.WGTU_PORTAL_URL == "https://wgtu.example.org"


def test_the_weekly_summary_is_in_the_cochairs_language(cochair, secretariat):
    Profile.objects.create(user=cochair, language="es")
    action = TreatyActionFactory(state=StateFactory(iso3="XWK", name_en="Weekland"))
    action._history_user = secretariat
    action.save()
    today = dt.date.today()
    run(today.isoformat())
    (message,) = to(cochair)
    assert f"{today.day} de " in message.body  # the week's dates in Spanish treaty style
    assert 'lang="es"' in message.alternatives[0].content
    assert all(url.startswith("https://wgtu.example.org/") for url in links(message))


def test_a_refused_e_mail_is_retried_by_the_next_run(cochair, internal_activity, monkeypatch):
    from django.core.mail import EmailMultiAlternatives
    from django.core.management.base import CommandError

    Profile.objects.create(user=cochair, email_weekly=False)
    FollowUpFactory(activity=internal_activity, assignee=cochair, due_on=dt.date(2018, 4, 1))

    def refuse(self, *args, **kwargs):
        raise OSError("mail server down")

    with monkeypatch.context() as patch:
        patch.setattr(EmailMultiAlternatives, "send", refuse)
        with pytest.raises(CommandError, match="could not be sent"):
            run()
    assert not DigestSent.objects.exists()
    run()
    assert len(to(cochair)) == 1


def test_a_kind_already_sent_today_is_left_out_of_a_later_e_mail(cochair, internal_activity):
    Profile.objects.create(user=cochair, email_followups=False)
    run()  # the weekly summary alone
    profile = Profile.objects.get(user=cochair)
    profile.email_followups = True
    profile.save()
    FollowUpFactory(activity=internal_activity, assignee=cochair, due_on=dt.date(2018, 4, 1))
    run()  # the follow-ups alone: the summary went this morning
    first, second = to(cochair)
    assert "What changed" in first.body and "follow-ups" not in first.body.lower()
    assert "What changed" not in second.body and "Send the model legislation" in second.body
