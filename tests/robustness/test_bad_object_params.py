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
    ("name", "as_of", "status", "message"),
    [
        # Any calendar day is a status date.
        ("XXVI-8.en.2018-01-15.xml", "0001-01-01", 302, ""),
        ("XXVI-8.en.2018-01-15.xml", "2018-13-01", 200, "Enter a date in the form YYYY-MM-DD"),
        # The file states no date of its own, and year 1 in its name is no date: asked for.
        ("x-0001-01-01.xml", "", 200, "The file&#x27;s date is unknown"),
        ("x-9999-12-31.xml", "", 200, "The file&#x27;s date is unknown"),
    ],
)
def test_the_depositary_check_takes_any_date_without_a_server_error(
    client_for, reference_data, name, as_of, status, message
):
    upload = SimpleUploadedFile(name, SAMPLE.read_bytes(), "application/xml")
    response = client_for("secretariat").post(
        reverse("depositary:index"), {"file": upload, "compare_on": as_of}
    )
    assert response.status_code == status
    if status == 200:
        assert message in response.text
        assert not DepositaryCheck.objects.exists()
