"""The meeting record in the PDF report, read back with pypdf (issue 16): the 31 May 2018
meeting recorded end to end by the Secretariat in the browser; the public edition lists the
participating delegations by treaty status on that day and prints the Final summary only; the
internal edition marks a circulated draft on every page where it appears."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Meeting, Organization, Participation, Summary
from meetings.reports import pdf
from meetings.reports.render import meeting_report_html
from states.dates import today
from states.models import State
from tests.meetings.samples import pdf_bytes
from tests.reports.conftest import page_texts

PDF_BYTES = pdf_bytes()

DRAFT_MARK = "Draft — circulated for comments"
SUMMARY = "The Working Group welcomed the accession of Kazakhstan and urged signatories to ratify."
PARTICIPANTS = (
    "kind,iso3_or_name,person,role\n"
    "state,FRA,Jeanne Diplomate,Head of delegation\n"
    "state,CHL,,\n"
    "state,AGO,,\n"
    "state,IND,Internal Person Name,Observer\n"
    "ngo_think_tank,Saferworld,,\n"
    "un_regional_centre,UNREC,,\n"
)


def report_url(meeting, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{reverse('meetings:report', args=[meeting.pk])}?{query}"


def flat(content: bytes) -> str:
    return " ".join(" ".join(page_texts(content)).split())


def summary_step(sec, summary, action, **data):
    url = reverse(f"meetings:summary_{action}", args=[summary.pk])
    response = sec.post(url, {"version": summary.version, **data})
    assert response.status_code == 302
    summary.refresh_from_db()


@pytest.fixture
def may(reference_data):
    return Meeting.objects.select_related("plan").get(date="2018-05-31")


def test_the_31_may_2018_meeting_recorded_end_to_end(client_for, may, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    sec, delegate = client_for("secretariat"), client_for("delegate")
    # Details: the venue and times.
    edit = reverse("meetings:meeting_edit", args=[may.pk])
    response = sec.post(
        edit,
        {
            "date": "2018-05-31",
            "title": may.title,
            "venue": "Centre International de Conférences Genève",
            "start_time": "10:00",
            "end_time": "13:00",
            "format": "in_person",
            "status": "held",
            "access": "public",
            "version": may.version,
        },
    )
    assert response.status_code == 302
    # The participants file, previewed then applied.
    upload = SimpleUploadedFile("may.csv", PARTICIPANTS.encode(), content_type="text/csv")
    preview = sec.post(reverse("meetings:participants_import", args=[may.pk]), {"file": upload})
    confirm = reverse("meetings:participants_import_confirm", args=[may.pk])
    assert sec.post(confirm, {"token": preview.context["token"]}).status_code == 302
    # A presenter with slides under the industry / NGO item, the slides uploaded and checked.
    item = may.agenda_items.create(
        order=99, title="Presentation of Defence Industry representative or NGO/think tank"
    )
    slides = SimpleUploadedFile("slides.pdf", PDF_BYTES, content_type="application/pdf")
    response = sec.post(
        reverse("meetings:presenter_create", args=[item.pk]),
        {
            "organization": Organization.objects.get(name="Saferworld").pk,
            "person": "Roy Isbister",
            "title": "Arms transfer controls and industry",
            "slides_file": slides,
            "slides_symbol": "ATT/CSP4.WGTU/2018/PRES.1",
            "slides_language": "en",
        },
    )
    assert response.status_code == 302
    # The summary: Draft, then circulated. A Delegate finds its text nowhere.
    response = sec.post(reverse("meetings:summary_create", args=[may.pk]), {"text": SUMMARY})
    summary = Summary.objects.get(meeting=may, agenda_item=None)
    deadline = (today() + dt.timedelta(days=10)).isoformat()
    summary_step(sec, summary, "circulate", deadline=deadline)
    may.report_published = True
    may.save(update_fields=["report_published"])
    assert SUMMARY not in delegate.get(may.get_absolute_url()).content.decode()
    assert delegate.get(summary.get_absolute_url()).status_code == 404
    response = delegate.get(report_url(may, lang="en"))
    assert response.status_code == 200
    before = flat(response.content)
    assert "Saferworld" in before and "Kazakhstan and urged" not in before
    # Final: now public, on the page and in the public PDF.
    summary_step(sec, summary, "final")
    assert SUMMARY in delegate.get(may.get_absolute_url()).content.decode()
    response = delegate.get(report_url(may, lang="en"))
    text = flat(response.content)
    assert SUMMARY in text
    assert "Centre International de Conférences Genève" in text
    assert "10:00\N{EN DASH}13:00 (Europe/Zurich)" in text
    # Delegations grouped by their treaty status on 31 May 2018.
    section = text[text.index("Participating delegations States are grouped") :]
    assert section.index("State Party (1) France") < section.index("Chile")
    assert "Deposited, not yet in force (1) Chile" in section
    assert "Signatory (1) Angola" in section
    assert "NGO / think tank (1) Saferworld" in section
    assert "UN Regional Centre (1) UNREC" in section
    assert "Presentation: Arms transfer controls and industry — Saferworld (Roy Isbister)" in text
    # A long symbol may wrap at a slash: compare without the spaces the wrap leaves.
    assert "slides:ATT/CSP4.WGTU/2018/PRES.1" in text.replace(" ", "")
    # Names of persons are internal: never in the public edition.
    assert "Internal Person Name" not in text and "Jeanne Diplomate" not in text
    assert DRAFT_MARK not in text


def test_the_internal_edition_marks_a_circulated_draft_on_every_page_it_spans(may):
    long_text = "\n\n".join(
        f"Paragraph {n}: the Working Group discussed the universalization of the Treaty at length."
        for n in range(1, 90)
    )
    Summary.objects.create(
        meeting=may, text=long_text, state="circulated", deadline=dt.date(2030, 1, 1)
    )
    # Angola, a signatory, took part in the March meeting: named in the internal indicators.
    march = Meeting.objects.get(date="2018-03-07")
    Participation.objects.create(meeting=march, state=State.objects.get(iso3="AGO"))
    html = meeting_report_html(may, edition="internal", language="en")
    pages = page_texts(pdf.render_pdf(html).content)
    spanned = [p for p in pages if "the Working Group discussed" in p]
    assert len(spanned) >= 2
    assert all(DRAFT_MARK in p for p in spanned)
    assert not any(DRAFT_MARK in p for p in pages if "the Working Group discussed" not in p)
    text = " ".join(" ".join(pages).split())
    section = text[text.index("7. Participation in WGTU meetings (internal)") :]
    took_part = section[: section.index("7.2")]
    assert "Angola Signatory 7 March 2018" in took_part
    never = section[section.index("7.2 Signatories") : section.index("Annex: status of every")]
    assert "Angola" not in never and "Bahrain" in never
    # The public edition prints no circulated draft at all.
    public = meeting_report_html(may, edition="public", language="en")
    assert "Paragraph 1" not in public and DRAFT_MARK not in public
