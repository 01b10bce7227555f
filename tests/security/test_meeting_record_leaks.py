"""Leak tests of the meeting record (issue 16, item 7): a Draft or Circulated summary, the name
of a participating person, a comment on a summary: never on any page, PDF, export or API that an
anonymous user or a Delegate who may not see them can reach.

Every URL of the project (the walker of tests/test_url_access.py, with its sample objects) is
asked by GET as anonymous and as a Delegate of no participating delegation, plus the report in
its three languages and the summaries' own pages; the answers (PDFs read back with pypdf) must
not contain any of the secrets. The same walk as a Co-chair finds them, so the secrets are
really there to be found."""

import datetime as dt
import io

import pypdf
import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from meetings.models import AccountDelegation, Participation, Summary
from meetings.summary_workflow import summary_comment, summary_create
from states.dates import today
from tests.factories import UserFactory
from tests.test_url_access import ask, build_url_data, sample_urls

DRAFT = "Draftsecret summary of the meeting"
CIRCULATED = "Circulatedsecret summary of an agenda item"
PERSON = "Participantsecret Person"
COMMENT = "Commentsecret remark of a co-chair"
# Their translations (issue 22): never public either, in any language.
DRAFT_FR = "Brouillonsecret résumé de la réunion"
CIRCULATED_ES = "Circuladosecreto resumen de un punto"
SECRETS = (DRAFT, CIRCULATED, PERSON, COMMENT, DRAFT_FR, CIRCULATED_ES)


def text_of(response) -> str:
    # A streamed download (a document's file, read to its end by `ask`) is an upload, not a page
    # the portal writes: none of the record's texts can be in it.
    if response.streaming:
        return ""
    if response.get("Content-Type", "").startswith("application/pdf"):
        reader = pypdf.PdfReader(io.BytesIO(response.content))
        return " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    return response.content.decode("utf-8", errors="ignore")


@pytest.fixture
def record(reference_data, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    data = build_url_data(personas)
    meeting = data.meeting
    meeting.report_published = True
    meeting.save(update_fields=["report_published"])
    secretariat, cochair = personas["secretariat"], personas["cochair"]
    Participation.objects.create(meeting=meeting, state=data.state, person=PERSON, role="Head")
    # The sample's meeting summary is final; a draft one for the other meeting of the plan.
    other = meeting.plan.meetings.exclude(pk=meeting.pk).first()
    summary_create(meeting=other, text=DRAFT, text_fr=DRAFT_FR, user=secretariat)
    items = list(meeting.agenda_items.order_by("order"))
    circulated = summary_create(
        meeting=meeting,
        agenda_item=items[1],
        text=CIRCULATED,
        text_es=CIRCULATED_ES,
        user=secretariat,
    )
    Summary.objects.filter(pk=circulated.pk).update(
        state="circulated", deadline=today() + dt.timedelta(days=7)
    )
    circulated.refresh_from_db()
    summary_comment(summary=circulated, user=cochair, text=COMMENT)
    # A Delegate whose delegation did not take part.
    outsider = UserFactory(username="olga.outsider", role=Role.DELEGATES)
    AccountDelegation.objects.create(user=outsider, state=data.nonparty)
    data.circulated = circulated
    data.draft = Summary.objects.get(meeting=other)
    data.outsider = outsider
    return data


def urls(data):
    extra = [
        ("report", f"{reverse('meetings:report', args=[data.meeting.pk])}?lang={lang}")
        for lang in ("en", "fr", "es")
    ]
    extra += [
        ("summary", data.circulated.get_absolute_url()),
        ("summary", data.draft.get_absolute_url()),
    ]
    return [*sample_urls(data), *extra]


def walk(client, data) -> list[str]:
    found = []
    for name, url in urls(data):
        text = text_of(ask(client, "GET", url))
        found += [f"{name} {url}: {secret}" for secret in SECRETS if secret in text]
    return found


@pytest.mark.django_db
def test_no_secret_of_the_meeting_record_reaches_anonymous_or_an_outside_delegate(record, personas):
    anonymous = Client(raise_request_exception=False)
    delegate = Client(raise_request_exception=False)
    delegate.force_login(personas["delegate"])
    outsider = Client(raise_request_exception=False)
    outsider.force_login(record.outsider)
    for who, client in (("anonymous", anonymous), ("delegate", delegate), ("outsider", outsider)):
        assert walk(client, record) == [], who


@pytest.mark.django_db
def test_the_secrets_are_there_for_staff(record, personas):
    cochair = Client(raise_request_exception=False)
    cochair.force_login(personas["cochair"])
    meeting_page = text_of(ask(cochair, "GET", record.meeting.get_absolute_url()))
    assert PERSON in meeting_page and CIRCULATED in meeting_page
    summary_page = text_of(ask(cochair, "GET", record.circulated.get_absolute_url()))
    assert COMMENT in summary_page
    assert DRAFT in text_of(ask(cochair, "GET", record.draft.get_absolute_url()))
    french = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="fr")
    french.force_login(personas["cochair"])
    french.cookies["django_language"] = "fr"
    assert DRAFT_FR in text_of(ask(french, "GET", record.draft.get_absolute_url()))


@pytest.mark.django_db
def test_a_participating_delegate_reads_the_circulated_text_but_not_others_comments(
    record, personas
):
    insider = UserFactory(username="ines.insider", role=Role.DELEGATES)
    AccountDelegation.objects.create(user=insider, state=record.state)
    client = Client(raise_request_exception=False)
    client.force_login(insider)
    page = text_of(ask(client, "GET", record.circulated.get_absolute_url()))
    assert CIRCULATED in page and COMMENT not in page
    assert ask(client, "GET", record.draft.get_absolute_url()).status_code == 404
    assert PERSON not in text_of(ask(client, "GET", record.meeting.get_absolute_url()))
