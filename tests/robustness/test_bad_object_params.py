"""Query and form values that name an object or a date are validated (issue 24, item 2): the
probe's requests answer 400, 404 or a form error, never a server error, and change nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from depositary.models import DepositaryCheck
from meetings.models import Meeting, WorkPlan
from tests.depositary.conftest import SAMPLE

NEW_DOCUMENT = "meetings:document_create"


@pytest.mark.parametrize(
    "query",
    [
        {"meeting": "abc"},
        {"plan": "abc"},
        {"meeting": "999999"},
        {"plan": "-1"},
        {"meeting": "1" * 40},
        {"plan": "1\x00"},
    ],
)
def test_a_new_document_for_an_object_that_does_not_exist_is_a_400(client_for, db, query):
    response = client_for("secretariat").get(reverse(NEW_DOCUMENT), query)
    assert response.status_code == 400
    name = next(iter(query))
    assert f"{name}: " in response.text


def test_a_new_document_for_a_real_meeting_is_preselected(client_for, reference_data):
    meeting = Meeting.objects.get(date="2018-05-31")
    response = client_for("secretariat").get(reverse(NEW_DOCUMENT), {"meeting": meeting.pk})
    assert response.status_code == 200
    assert response.context["form"].initial["meeting"] == meeting
    plan = WorkPlan.objects.get()
    response = client_for("secretariat").get(reverse(NEW_DOCUMENT), {"plan": plan.pk})
    assert response.context["form"].initial["plan"] == plan


@pytest.mark.parametrize(
    ("name", "compare_on", "status", "message"),
    [
        # A comparison date before the file's own is refused with its reason.
        ("XXVI-8.en.2018-01-15.xml", "0001-01-01", 200, "Enter a date between"),
        ("XXVI-8.en.2018-01-15.xml", "2017-01-01", 200, "is before the file"),
        ("XXVI-8.en.2018-01-15.xml", "2018-13-01", 200, "Enter a date in the form YYYY-MM-DD"),
        # Year 1 (or 9999-12-31) in a name is no date: the file is dated by its newest event.
        ("x-0001-01-01.xml", "", 302, ""),
        ("x-9999-12-31.xml", "", 302, ""),
    ],
)
def test_the_depositary_check_takes_any_date_without_a_server_error(
    client_for, reference_data, name, compare_on, status, message
):
    upload = SimpleUploadedFile(name, SAMPLE.read_bytes(), "application/xml")
    response = client_for("secretariat").post(
        reverse("depositary:index"), {"file": upload, "compare_on": compare_on}
    )
    assert response.status_code == status
    if status == 200:
        assert message in response.text
        assert not DepositaryCheck.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("pk", [999_999, 10**20])
def test_removing_a_language_version_of_a_document_that_does_not_exist_is_a_404(
    client_for, db, method, pk
):
    """Found by tests/robustness/test_fuzz_every_url.py: an id past the database's integers was
    a server error (OverflowError on SQLite, out of range on PostgreSQL)."""
    url = reverse("meetings:document_file_delete", kwargs={"pk": pk, "language": "en"})
    assert getattr(client_for("secretariat"), method)(url).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/challenges/%00x/",
        "/challenges/states/%00AB/",
        "/states/%00<b>/actions/add/",
        "/pipeline/stages/%00x/edit/",
        "/outreach/states/%00AB/",
        "/reports/briefing/%00AB.pdf",
    ],
)
def test_a_path_argument_with_a_nul_byte_is_a_404(client_for, db, path):
    """Found by tests/robustness/test_fuzz_every_url.py on PostgreSQL, which refuses the byte in
    a query: a server error in every view that looked the argument up."""
    assert client_for("secretariat").get(path).status_code == 404
    assert client_for("secretariat").post(path).status_code in (404, 405)
