"""Safe comparisons: a file is compared on its own date; a later date needs an explicit
confirmation, and the portal's events after the file's date are listed apart, never offered as
removals (the trap: the 15 January 2018 file compared "as of today" offered 23 ratifications as
removals). The apply page selects all additions or all conflicts in one click."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from depositary.models import DepositaryCheck
from depositary.services import ComparisonDateError, depositary_check
from tests.depositary.conftest import SAMPLE_NAME, encode, sample_text, set_cell

pytestmark = pytest.mark.django_db


def post(client, data, name=SAMPLE_NAME, **fields):
    return client.post(
        reverse("depositary:index"),
        {"file": SimpleUploadedFile(name, data, content_type="text/xml"), **fields},
    )


def test_the_2018_file_compared_as_of_today_lists_no_removal_of_later_ratifications(
    reference_data, sample_bytes
):
    result = depositary_check(
        data=sample_bytes, file_name=SAMPLE_NAME, compare_on=timezone.localdate()
    )
    assert [d for d in result.differences if d.what == "remove"] == []
    assert result.pending == 0
    newer = {d.state_name for d in result.newer}
    assert {"Brazil", "China", "Chile"} <= newer
    assert all(d.old_date > dt.date(2018, 1, 15) for d in result.newer)


def test_a_comparison_before_the_files_own_date_is_refused(reference_data, sample_bytes):
    with pytest.raises(ComparisonDateError):
        depositary_check(data=sample_bytes, file_name=SAMPLE_NAME, compare_on=dt.date(2018, 1, 1))


def test_a_removal_on_or_before_the_files_date_is_still_offered(reference_data):
    data = encode(set_cell(sample_text(), "Austria", 3, ""))
    result = depositary_check(data=data, file_name=SAMPLE_NAME, compare_on=timezone.localdate())
    assert [(d.iso3, d.what) for d in result.differences] == [("AUT", "remove")]


def test_uploading_with_a_later_date_needs_the_confirmation(
    client_for, reference_data, sample_bytes
):
    client = client_for("secretariat")
    today = timezone.localdate().isoformat()
    response = post(client, sample_bytes, compare_on=today)
    assert response.status_code == 200
    assert "The file&#x27;s own date is 2018-01-15 (from the file&#x27;s name)" in response.text
    assert not DepositaryCheck.objects.exists()

    response = post(client, sample_bytes, compare_on=today, confirm_later="on")
    check = DepositaryCheck.objects.get()
    assert response.status_code == 302
    assert (check.as_of, check.compared_on) == (dt.date(2018, 1, 15), timezone.localdate())
    page = client.get(reverse("depositary:detail", args=[check.pk])).text
    assert "data-compared-later" in page and "Newer than the file" in page
    assert "Brazil" in page.split("newer-heading")[2]
    assert 'data-what="remove"' not in page
    assert "The file and the portal agree" in page


def test_uploading_with_a_date_before_the_files_is_refused_with_a_message(
    client_for, reference_data, sample_bytes
):
    response = post(client_for("secretariat"), sample_bytes, compare_on="2017-06-01")
    assert "before the file&#x27;s own date" in response.text
    assert not DepositaryCheck.objects.exists()


def test_a_file_without_a_date_is_compared_on_its_newest_event_and_says_so(
    client_for, reference_data, sample_bytes
):
    client = client_for("secretariat")
    assert post(client, sample_bytes, name="XXVI-8.en.xml").status_code == 302
    check = DepositaryCheck.objects.get()
    assert check.as_of_origin == "newest event"
    page = client.get(reverse("depositary:detail", args=[check.pk])).text
    assert "(from the newest event it lists)" in page


def test_the_apply_page_selects_all_additions_or_all_conflicts(client_for, reference_data):
    text = set_cell(sample_text(), "Angola", 4, "10 Jan 2018")
    text = set_cell(text, "Bahrain", 2, "22 Nov 2013")
    text = set_cell(text, "Benin", 4, "25 Sep 2017 a")
    client = client_for("secretariat")
    post(client, encode(text))
    page = client.get(reverse("depositary:detail", args=[DepositaryCheck.objects.get().pk])).text
    assert 'data-select="add"' in page and "Select the 1 addition" in page
    assert 'data-select="change"' in page and "Select all 2 conflicts" in page
    assert page.count('data-what="add"') == 1 and page.count('data-what="change"') == 2
    assert "js/depositary.js" in page


def test_applying_stays_one_transaction_with_the_file_as_source(
    client_for, reference_data, sample_bytes, secretariat
):
    from states.models import TreatyAction

    text = set_cell(sample_text(), "Angola", 4, "10 Jan 2018")
    client = client_for("secretariat")
    post(client, encode(text), compare_on=timezone.localdate().isoformat(), confirm_later="on")
    check = DepositaryCheck.objects.get()
    detail = client.get(reverse("depositary:detail", args=[check.pk]))
    keys = [d.key for d in detail.context["result"].differences]
    response = client.post(reverse("depositary:apply", args=[check.pk]), {"difference": keys})
    assert response.status_code == 302
    angola = TreatyAction.objects.get(state__iso3="AGO", kind="ratification")
    assert angola.source == check.source and angola.history.first().history_user == secretariat
