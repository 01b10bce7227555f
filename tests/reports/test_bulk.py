"""Downloads in bulk (issue 23, item 4): a meeting's report in the three languages as one ZIP,
the briefing packs of a set of states as one ZIP; built by a background task with its progress
on a page that refreshes itself; the same access as the single downloads."""

import io
import zipfile
from unittest import mock

import pypdf
import pytest
from django.urls import reverse

from meetings import services as meeting_services
from meetings.models import BulkDownload
from meetings.reports import bulk
from meetings.reports.pdf import ReportUnavailable
from states.models import Region, State
from tests.reports.conftest import meeting_on

BRIEFING_BULK = reverse("reports:briefing_bulk")


def zip_members(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def follow_to_zip(client, response):
    """From the POST's redirect: the waiting page (ready at once with the immediate backend),
    then its download link."""
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    download = page.context["download"]
    assert download.status == "ready", download.error
    link = reverse("reports:bulk_file", args=[download.token])
    assert link in page.content.decode()
    return client.get(link)


def test_the_31_may_2018_meeting_offers_a_zip_of_its_three_public_pdfs(client_for, reference_data):
    may = meeting_on("2018-05-31")
    client = client_for("delegate")
    action = reverse("reports:meeting_bulk", args=[may.pk])
    assert action in client.get(reverse("reports:index")).content.decode()
    response = follow_to_zip(client, client.post(action, {"edition": "public"}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "2018-05-31" in response["Content-Disposition"]
    members = zip_members(response.content)
    pdfs = sorted(name for name in members if name.endswith(".pdf"))
    assert len(pdfs) == 3
    texts = {name: pdf_text(members[name]) for name in pdfs}
    assert any("31 May 2018" in t for t in texts.values())
    assert any("31 mai 2018" in t for t in texts.values())
    assert any("31 de mayo de 2018" in t for t in texts.values())
    assert not any("INTERNAL" in name for name in pdfs)
    # A published public edition: private, but not confidential.
    assert "no-store" not in response["Cache-Control"]


def test_briefing_packs_of_the_african_non_parties_come_as_one_download(client_for, reference_data):
    client = client_for("cochair")
    assert client.get(BRIEFING_BULK).status_code == 200
    data = {"selection": "region", "region": "Africa", "language": "en", "as_of": "2018-05-31"}
    response = follow_to_zip(client, client.post(BRIEFING_BULK, data))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    expected = bulk.briefing_states(
        selection="region", region=Region.AFRICA, as_of=meeting_on("2018-05-31").date
    )
    members = zip_members(response.content)
    pdfs = sorted(name for name in members if name.endswith(".pdf"))
    assert len(pdfs) == len(expected) > 10
    assert [name.split("_")[2] for name in pdfs] == expected
    assert "AGO" in expected and "Angola" in pdf_text(members[pdfs[expected.index("AGO")]])
    contents = members["CONTENTS.txt"].decode()
    assert "Africa" in contents and all(name in contents for name in pdfs)


@pytest.fixture
def quick_briefings():
    """Briefing packs rendered as tiny stand-ins (the rendering itself is tested elsewhere)."""

    def fake(state, *, language, as_of):
        return f"WGTU_briefing_{state.iso3}_{as_of}_{language.upper()}.pdf", "", b"%PDF-x"

    with mock.patch.object(bulk, "render_state_briefing", side_effect=fake) as renderer:
        yield renderer


def test_a_hand_picked_list(client_for, reference_data, quick_briefings):
    client = client_for("secretariat")
    picked = State.objects.filter(iso3__in=["AGO", "KEN"])
    data = {"selection": "states", "states": [s.pk for s in picked], "language": "fr"}
    members = zip_members(follow_to_zip(client, client.post(BRIEFING_BULK, data)).content)
    assert sorted(n for n in members if n.endswith(".pdf"))[0].startswith("WGTU_briefing_AGO")
    assert len([n for n in members if n.endswith(".pdf")]) == 2
    assert quick_briefings.call_args.kwargs["language"] == "fr"


def test_the_stalled_states_are_a_selection(report_world):
    stalled = bulk.briefing_states(selection="stalled", as_of=meeting_on("2018-05-31").date)
    assert "KEN" in stalled


def test_a_set_is_bounded(client_for, reference_data, quick_briefings, monkeypatch):
    monkeypatch.setattr(bulk, "MAX_STATES", 1)
    picked = State.objects.filter(iso3__in=["AGO", "KEN"])
    data = {"selection": "states", "states": [s.pk for s in picked], "language": "en"}
    response = client_for("cochair").post(BRIEFING_BULK, data)
    assert response.status_code == 200 and "at most 1 states" in response.content.decode()
    assert not BulkDownload.objects.exists()


def test_a_region_must_be_named(client_for, reference_data):
    response = client_for("cochair").post(BRIEFING_BULK, {"selection": "region", "language": "en"})
    assert response.status_code == 200 and "Choose the region" in response.content.decode()


def test_a_failed_render_says_so(client_for, reference_data):
    failing = mock.patch.object(
        bulk, "render_state_briefing", side_effect=ReportUnavailable("Too long to render.")
    )
    client = client_for("cochair")
    with failing:
        response = client.post(
            BRIEFING_BULK, {"selection": "region", "region": "Africa", "language": "en"}
        )
    page = client.get(response["Location"])
    assert page.context["download"].status == "failed"
    assert "Too long to render." in page.content.decode()


def test_the_waiting_page_shows_progress_and_refreshes_itself(client_for, secretariat):
    download = BulkDownload.objects.create(
        user=secretariat, kind="briefing_packs", title="Packs", total=5, done=2, status="running"
    )
    response = client_for("secretariat").get(download.get_absolute_url())
    text = response.content.decode()
    assert "2 of 5 PDFs done" in text
    assert '<meta http-equiv="refresh"' in text
    assert '<progress max="5" value="2"' in text
    assert "no-store" in response["Cache-Control"]
    download.status, download.done = "ready", 5
    download.save()
    text = client_for("secretariat").get(download.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh"' not in text
    # Not ready yet: the download link sends back to the page.
    download.status = "running"
    download.save()
    file_url = reverse("reports:bulk_file", args=[download.token])
    assert client_for("secretariat").get(file_url)["Location"] == download.get_absolute_url()


# --- the same access as single downloads -----------------------------------------------------------


def test_a_delegate_may_not_ask_for_briefing_packs(client_for, reference_data):
    client = client_for("delegate")
    assert client.get(BRIEFING_BULK).status_code == 403
    assert client.post(BRIEFING_BULK, {"selection": "stalled"}).status_code == 403


def test_a_delegate_may_not_ask_for_the_internal_edition(client_for, reference_data):
    may = meeting_on("2018-05-31")
    url = reverse("reports:meeting_bulk", args=[may.pk])
    assert client_for("delegate").post(url, {"edition": "internal"}).status_code == 403


def test_a_delegate_gets_404_for_an_unpublished_meeting(client_for, reference_data, secretariat):
    unpublished = meeting_on("2018-05-31")
    meeting_services.meeting_report_publish(meeting=unpublished, published=False, user=secretariat)
    url = reverse("reports:meeting_bulk", args=[unpublished.pk])
    assert client_for("delegate").post(url).status_code == 404


def test_a_download_is_its_requesters_only(client_for, secretariat):
    download = BulkDownload.objects.create(
        user=secretariat,
        kind="briefing_packs",
        title="Packs",
        total=1,
        done=1,
        status="ready",
        content=b"PK",
        filename="x.zip",
    )
    for persona in ("cochair", "delegate"):
        client = client_for(persona)
        assert client.get(download.get_absolute_url()).status_code == 404
        assert client.get(reverse("reports:bulk_file", args=[download.token])).status_code == 404


def test_a_requester_who_lost_the_role_is_refused(client_for, delegate):
    download = BulkDownload.objects.create(
        user=delegate,
        kind="briefing_packs",
        title="Packs",
        total=1,
        done=1,
        status="ready",
        content=b"PK",
        filename="x.zip",
    )
    assert client_for("delegate").get(download.get_absolute_url()).status_code == 403
