"""The check page reads as a page about the depositary's status on a date (issue 20, item 5):
its heading and breadcrumb name that date, not the file; who checked is a person's name; no
sentence ends in a double full stop; counts are proper plurals."""

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.formats import date_format

from depositary.models import DepositaryCheck
from tests.depositary.conftest import SAMPLE_NAME

pytestmark = pytest.mark.django_db


@pytest.fixture
def check(secretariat, sample_bytes):
    secretariat.first_name, secretariat.last_name = "Samira", "Haddad"
    secretariat.save()
    return DepositaryCheck.objects.create(
        file_name=SAMPLE_NAME, content=sample_bytes, as_of="2018-01-15", checked_by=secretariat
    )


def _page(client_for, check) -> str:
    return (
        client_for("secretariat")
        .get(reverse("depositary:detail", args=[check.pk]))
        .content.decode()
    )


def test_the_heading_and_breadcrumb_name_the_status_date_not_the_file(
    client_for, reference_data, check
):
    html = _page(client_for, check)
    day = date_format(dt.date(2018, 1, 15), "DATE_FORMAT")
    heading = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    assert day in heading and SAMPLE_NAME not in heading
    crumb = re.search(r'<li class="breadcrumb-item active"[^>]*>(.*?)</li>', html, re.S).group(1)
    assert day in crumb and SAMPLE_NAME not in crumb
    assert SAMPLE_NAME in html  # still given, once, as the file's name


def test_the_page_names_the_person_who_checked_not_their_username(
    client_for, reference_data, check
):
    html = _page(client_for, check)
    assert "Samira Haddad" in html
    main = html[html.index("<main") :]
    assert "sam.secretariat" not in main


def test_no_sentence_ends_in_a_double_full_stop(client_for, reference_data, check):
    main = _page(client_for, check)
    main = re.sub(r"<[^>]+>", " ", main[main.index("<main") :])
    assert not re.search(r"(?<!\.)\.\s*\.(?!\.)", main), re.search(r".{40}\.\s*\..{10}", main)


def test_the_upload_message_counts_differences_in_words_without_brackets(
    client_for, reference_data, sample_bytes
):
    client = client_for("secretariat")
    upload = {"file": SimpleUploadedFile(SAMPLE_NAME, sample_bytes, content_type="text/xml")}
    response = client.post(reverse("depositary:index"), upload)
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["File checked: 0 differences with the portal."]
