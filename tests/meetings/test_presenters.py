"""Presenters per agenda item (issue 16, item 3): who presented (a delegation), the person, the
title, the slides as a document (uploaded and checked as every document)."""

import pytest
from django.urls import reverse

from meetings.models import Document, Organization, Presenter
from tests.factories import StateFactory
from tests.meetings.samples import pdf_bytes, upload

ITEM_TITLE = "Presentation of Defence Industry representative or NGO/think tank"


@pytest.fixture
def may(work_plan):
    return work_plan.meetings.get(date="2018-05-31")


@pytest.fixture
def item(may):
    return may.agenda_items.create(order=99, title=ITEM_TITLE)


@pytest.fixture
def saferworld(db):
    return Organization.objects.create(name="Saferworld", kind="ngo_think_tank")


def add(client, item, **data):
    return client.post(reverse("meetings:presenter_create", args=[item.pk]), data)


def test_the_secretariat_records_a_presenter_with_uploaded_slides(
    client_for, item, saferworld, secretariat, media_root
):
    response = add(
        client_for("secretariat"),
        item,
        organization=saferworld.pk,
        person="Roy Isbister",
        title="Industry and universalization",
        slides_file=upload("slides.pdf", pdf_bytes()),
        slides_symbol="ATT/CSP4.WGTU/2018/PRES.1",
        slides_language="en",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    presenter = Presenter.objects.get()
    assert presenter.organization == saferworld and presenter.person == "Roy Isbister"
    slides = presenter.slides
    assert slides.symbol == "ATT/CSP4.WGTU/2018/PRES.1" and slides.kind == "presentation"
    assert slides.meeting_id == item.meeting_id and slides.files.get().language == "en"
    assert presenter.history.get().history_user == secretariat
    page = client_for("delegate").get(item.meeting.get_absolute_url()).content.decode()
    assert "Industry and universalization" in page and "Saferworld" in page
    assert "ATT/CSP4.WGTU/2018/PRES.1" in page


def test_slides_that_are_not_a_document_are_refused_and_nothing_is_saved(
    client_for, item, saferworld, media_root
):
    response = add(
        client_for("secretariat"),
        item,
        organization=saferworld.pk,
        title="Slides",
        slides_file=upload("slides.pdf", b"MZ\x90\x00 not a pdf"),
        slides_symbol="ATT/CSP4.WGTU/2018/PRES.2",
    )
    assert response.status_code == 200
    assert not Presenter.objects.exists() and not Document.objects.filter(kind="presentation")
    assert not [p for p in media_root.rglob("*") if p.is_file()]


def test_a_presenter_names_a_state_or_an_organization(client_for, item, saferworld):
    state = StateFactory()
    response = add(
        client_for("secretariat"), item, state=state.pk, organization=saferworld.pk, title="x"
    )
    assert "Name either a state or an organization." in response.content.decode()
    response = add(client_for("secretariat"), item, title="x")
    assert "Name either a state or an organization." in response.content.decode()
    assert not Presenter.objects.exists()


def test_internal_slides_are_shown_to_staff_only(client_for, item, saferworld):
    internal = Document.objects.create(
        symbol="ATT/CSP4.WGTU/2018/INTERNAL.9",
        title="Internal slides",
        kind="presentation",
        access="internal",
    )
    Presenter.objects.create(
        agenda_item=item, organization=saferworld, title="Talk", slides=internal
    )
    url = item.meeting.get_absolute_url()
    assert "INTERNAL.9" in client_for("cochair").get(url).content.decode()
    page = client_for("delegate").get(url).content.decode()
    assert "Talk" in page and "INTERNAL.9" not in page


def test_a_stale_presenter_edit_is_refused(client_for, item, saferworld):
    presenter = Presenter.objects.create(agenda_item=item, organization=saferworld, title="Old")
    url = reverse("meetings:presenter_edit", args=[presenter.pk])
    sec = client_for("secretariat")
    data = {"organization": saferworld.pk, "title": "New", "version": 1}
    assert sec.post(url, data).status_code == 302
    response = sec.post(url, {**data, "title": "Stale", "version": 1})
    assert response.status_code == 409
    presenter.refresh_from_db()
    assert presenter.title == "New" and presenter.version == 2


@pytest.mark.parametrize("persona", ["cochair", "delegate"])
def test_only_the_secretariat_records_presenters(client_for, item, saferworld, persona):
    response = add(client_for(persona), item, organization=saferworld.pk, title="x")
    assert response.status_code == 403
    assert not Presenter.objects.exists()
