"""Who may do what: the permission matrix of every meetings view (GET and POST), and what each
role sees of internal material."""

from unittest import mock

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import (
    Access,
    AgendaItem,
    CalendarToken,
    Document,
    DocumentFile,
    Organization,
    Presenter,
    StandardTopic,
    Summary,
)
from meetings.reports import cache as report_cache
from tests.meetings.samples import pdf_bytes, upload

ROLES = ["anonymous", "delegate", "cochair", "secretariat"]
EVERY_ROLE = {"delegate", "cochair", "secretariat"}
SECRETARIAT = {"secretariat"}
INTERNAL = {"cochair", "secretariat"}


@pytest.fixture
def objects(work_plan, media_root, personas):
    """The records the URLs name: the seeded plan, a meeting, an item, a document with a file."""
    meeting = work_plan.meetings.first()
    document = Document.objects.get(symbol="ATT/CSP2/2016/WP.4/Rev.1")
    version = DocumentFile(document=document, language="en", file_format="pdf", size=10)
    version.file.save("wp4.pdf", upload("wp4.pdf", pdf_bytes()), save=False)
    version.original_name = "wp4.pdf"
    version.save()
    token = services.calendar_token_make(owner=personas["cochair"], user=personas["cochair"])
    summary = Summary.objects.create(meeting=meeting, text="Final summary.", state="final")
    presenter = Presenter.objects.create(
        agenda_item=meeting.agenda_items.first(),
        organization=Organization.objects.create(name="Saferworld", kind="ngo_think_tank"),
        title="A presentation",
    )
    return {
        "summary": summary.pk,
        "presenter": presenter.pk,
        "person": personas["delegate"].pk,
        "token": CalendarToken.objects.get(digest=services.calendar_token_digest(token)).pk,
        "plan": work_plan.pk,
        "meeting": meeting.pk,
        "item": meeting.agenda_items.first().pk,
        "activity": work_plan.activities.first().pk,
        "topic": StandardTopic.objects.first().code,
        "document": document.pk,
    }


# name -> (URL arguments, who may use it, status of an allowed GET, status of an allowed POST)
# An allowed POST of a form sends no data: the form comes back with its errors (200).
MATRIX = {
    "index": (lambda o: [], EVERY_ROLE, 200, 405),
    "plan": (lambda o: [o["plan"]], EVERY_ROLE, 200, 405),
    "meeting": (lambda o: [o["meeting"]], EVERY_ROLE, 200, 405),
    # The seeded 2018 meetings' reports are published: every signed-in role gets the PDF.
    "report": (lambda o: [o["meeting"]], EVERY_ROLE, 200, 405),
    "topics": (lambda o: [], EVERY_ROLE, 200, 405),
    "topic": (lambda o: [o["topic"]], EVERY_ROLE, 200, 405),
    "documents": (lambda o: [], EVERY_ROLE, 200, 405),
    "document": (lambda o: [o["document"]], EVERY_ROLE, 200, 405),
    "document_download": (lambda o: [o["document"], "en"], EVERY_ROLE, 200, 405),
    "plan_create": (lambda o: [], SECRETARIAT, 200, 200),
    "plan_edit": (lambda o: [o["plan"]], SECRETARIAT, 200, 200),
    "meeting_create": (lambda o: [o["plan"]], SECRETARIAT, 200, 200),
    "meeting_edit": (lambda o: [o["meeting"]], SECRETARIAT, 200, 200),
    "activity_create": (lambda o: [o["plan"]], SECRETARIAT, 200, 200),
    "activity_edit": (lambda o: [o["activity"]], SECRETARIAT, 200, 200),
    "agenda_item_create": (lambda o: [o["meeting"]], SECRETARIAT, 200, 200),
    "agenda_item_edit": (lambda o: [o["item"]], SECRETARIAT, 200, 200),
    "agenda_item_move": (lambda o: [o["item"]], SECRETARIAT, 405, 400),
    "agenda_item_delete": (lambda o: [o["item"]], SECRETARIAT, 200, 302),
    "topic_create": (lambda o: [], SECRETARIAT, 200, 200),
    "topic_edit": (lambda o: [o["topic"]], SECRETARIAT, 200, 200),
    "document_create": (lambda o: [], SECRETARIAT, 200, 200),
    "document_edit": (lambda o: [o["document"]], SECRETARIAT, 200, 200),
    "document_file_upload": (lambda o: [o["document"]], SECRETARIAT, 200, 200),
    "document_file_delete": (lambda o: [o["document"], "en"], SECRETARIAT, 200, 302),
    # Conferences: read by every role, recorded by the Secretariat
    "conferences": (lambda o: [], EVERY_ROLE, 200, 405),
    "conference": (lambda o: [4], EVERY_ROLE, 200, 405),
    "conference_ics": (lambda o: [4], EVERY_ROLE, 200, 405),
    "conference_create": (lambda o: [], SECRETARIAT, 200, 200),
    "conference_edit": (lambda o: [4], SECRETARIAT, 200, 200),
    "plan_next": (lambda o: [o["plan"]], SECRETARIAT, 200, 200),
    "meeting_ics": (lambda o: [o["meeting"]], EVERY_ROLE, 200, 405),
    # Calendar feeds: the page for everyone; private feeds for the Secretariat and Co-chairs (the
    # sample feed is the co-chair's: its owner and the Secretariat may revoke it)
    "calendar": (lambda o: [], EVERY_ROLE, 200, 405),
    "calendar_token": (lambda o: [], INTERNAL, 405, 302),
    "calendar_token_revoke": (lambda o: [o["token"]], INTERNAL, 405, 302),
    # The meeting record (issue 16): participants, delegations of accounts, presenters, summaries
    "participants_import": (lambda o: [o["meeting"]], SECRETARIAT, 200, 400),
    "participants_import_confirm": (lambda o: [o["meeting"]], SECRETARIAT, 405, 302),
    "account_delegation": (lambda o: [o["person"]], SECRETARIAT, 405, 302),
    "presenter_create": (lambda o: [o["item"]], SECRETARIAT, 200, 200),
    "presenter_edit": (lambda o: [o["presenter"]], SECRETARIAT, 200, 200),
    "summary_create": (lambda o: [o["meeting"]], SECRETARIAT, 200, 200),
    "summary": (lambda o: [o["summary"]], EVERY_ROLE, 200, 405),
    "summary_edit": (lambda o: [o["summary"]], SECRETARIAT, 200, 200),
    "summary_circulate": (lambda o: [o["summary"]], SECRETARIAT, 405, 302),
    "summary_final": (lambda o: [o["summary"]], SECRETARIAT, 405, 302),
    # Nobody comments on a final summary: every role may ask, and is refused.
    "summary_comment": (lambda o: [o["summary"]], EVERY_ROLE, 405, 403),
    # Content in three languages: the side-by-side editor, the texts lacking a version
    "translation_edit": (lambda o: ["agenda-item", o["item"]], SECRETARIAT, 200, 200),
    "translations_missing": (lambda o: [], SECRETARIAT, 200, 405),
}


def expected(role, allowed, status_if_allowed):
    if role == "anonymous":
        return 302
    return status_if_allowed if role in allowed else 403


def test_the_matrix_covers_every_meetings_url():
    from django.urls import get_resolver

    names = {
        n for n in get_resolver().namespace_dict["meetings"][1].reverse_dict if isinstance(n, str)
    }
    assert names == set(MATRIX)


STAND_IN_PDF = ("WGTU_report.pdf", "application/pdf", b"%PDF-1.7 stand-in")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", MATRIX)
def test_get_permission_matrix(client_for, objects, name, role):
    args, allowed, get_status, _post = MATRIX[name]
    # Who gets the report is checked here; what it renders (a second of WeasyPrint per role) is
    # the subject of tests/reports/, so a stand-in renderer answers those who are let through.
    with mock.patch.object(report_cache, "render_meeting_report", return_value=STAND_IN_PDF) as r:
        response = client_for(role).get(reverse(f"meetings:{name}", args=args(objects)))
    response.close()  # a download's file handle
    assert response.status_code == expected(role, allowed, get_status)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    if name == "report":
        assert r.call_count == (response.status_code == 200)
        if response.status_code == 200:
            assert b"".join(response) == STAND_IN_PDF[2]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", MATRIX)
def test_post_permission_matrix(client_for, objects, name, role):
    args, allowed, _get, post_status = MATRIX[name]
    response = client_for(role).post(reverse(f"meetings:{name}", args=args(objects)), {})
    assert response.status_code == expected(role, allowed, post_status)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.fixture
def internal_material(march_meeting, work_plan):
    item = march_meeting.agenda_items.get(order=1)
    item.public_notes = "Public: the status was presented."
    item.internal_notes = "Internal: three states hesitate."
    item.save()
    document = Document.objects.create(
        symbol="ATT/CSP4.WGTU/2018/CHAIR/300/M1.Notes",
        title="Co-chair's internal notes",
        kind="other",
        access=Access.INTERNAL,
        plan=work_plan,
        meeting=march_meeting,
    )
    return item, document


def test_a_delegate_sees_the_agenda_but_not_the_internal_notes(client_for, internal_material):
    item, _document = internal_material
    page = client_for("delegate").get(reverse("meetings:meeting", args=[item.meeting_id]))
    text = page.content.decode()
    assert "Status of ratifications, accessions and signatures" in text
    assert "Public: the status was presented." in text
    assert "Internal: three states hesitate." not in text


@pytest.mark.parametrize("role", ["cochair", "secretariat"])
def test_cochairs_and_secretariat_read_the_internal_notes(client_for, internal_material, role):
    item, _document = internal_material
    page = client_for(role).get(reverse("meetings:meeting", args=[item.meeting_id]))
    assert "Internal: three states hesitate." in page.content.decode()


def test_the_topic_page_hides_internal_notes_from_a_delegate(client_for, internal_material):
    url = reverse("meetings:topic", args=["status-of-ratifications"])
    text = client_for("delegate").get(url).content.decode()
    assert "Public: the status was presented." in text
    assert "Internal: three states hesitate." not in text


def test_the_topic_page_compiles_notes_across_meetings_for_a_cochair(
    client_for, internal_material, work_plan
):
    may = work_plan.meetings.get(date="2018-05-31").agenda_items.get(order=1)
    may.public_notes = "May: two more deposits."
    may.save()
    url = reverse("meetings:topic", args=["status-of-ratifications"])
    text = client_for("cochair").get(url).content.decode()
    march = text.index("Public: the status was presented.")
    assert march < text.index("May: two more deposits.")
    assert "Internal: three states hesitate." in text


def test_an_internal_document_is_a_404_for_a_delegate(client_for, internal_material):
    _item, document = internal_material
    url = reverse("meetings:document", args=[document.pk])
    assert client_for("delegate").get(url).status_code == 404
    assert client_for("cochair").get(url).status_code == 200


def test_an_internal_document_download_is_a_404_for_a_delegate(
    client_for, internal_material, media_root
):
    _item, document = internal_material
    version = DocumentFile(document=document, language="en", file_format="pdf", size=10)
    version.file.save("notes.pdf", upload("notes.pdf", pdf_bytes()), save=False)
    version.save()
    url = reverse("meetings:document_download", args=[document.pk, "en"])
    assert client_for("delegate").get(url).status_code == 404
    response = client_for("cochair").get(url)
    response.close()
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["meetings:documents", "meeting"])
def test_internal_documents_are_not_listed_for_a_delegate(client_for, internal_material, page):
    _item, document = internal_material
    url = (
        reverse("meetings:meeting", args=[document.meeting_id])
        if page == "meeting"
        else reverse(page)
    )
    assert document.symbol not in client_for("delegate").get(url).content.decode()
    assert document.symbol in client_for("cochair").get(url).content.decode()


def test_a_delegate_sees_no_editing_buttons(client_for, march_meeting):
    text = client_for("delegate").get(reverse("meetings:meeting", args=[march_meeting.pk]))
    assert (
        reverse("meetings:agenda_item_create", args=[march_meeting.pk]) not in text.content.decode()
    )


def test_a_cochair_cannot_move_an_agenda_item(client_for, march_meeting):
    item = march_meeting.agenda_items.get(order=1)
    url = reverse("meetings:agenda_item_move", args=[item.pk])
    assert client_for("cochair").post(url, {"direction": "down"}).status_code == 403
    assert AgendaItem.objects.get(pk=item.pk).order == 1
