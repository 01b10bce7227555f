"""Treaty-style dates (day, month in words, year) in the reader's language on every page and PDF
(wgtu_portal/formats), ISO dates in machine-readable exports, times with their zone named, and
date inputs that show the form they expect."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from meetings.reports.render import render_state_briefing
from states.dates import AsOfForm
from states.models import State
from tests.reports.conftest import page_texts


@pytest.mark.parametrize(
    ("language", "signed"),
    [("en", "3 June 2013"), ("fr", "3 juin 2013"), ("es", "3 de junio de 2013")],
)
def test_albanias_page_reads_its_signature_in_treaty_style(
    client, reference_data, language, signed
):
    client.cookies["django_language"] = language
    html = client.get(reverse("states:detail", args=["ALB"])).text
    assert signed in html
    assert "June 3, 2013" not in html and "03/06/2013" not in html and "06/03/2013" not in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "24 September 2013, 14:05 UTC"),
        ("fr", "24 septembre 2013, 14:05 UTC"),
        ("es", "24 de septiembre de 2013, 14:05 UTC"),
    ],
)
def test_times_name_their_zone_and_short_formats_are_treaty_style_too(language, expected):
    moment = dt.datetime(2013, 9, 24, 14, 5, tzinfo=dt.UTC)
    with translation.override(language):
        local = timezone.localtime(moment)
        assert formats.date_format(local, "DATETIME_FORMAT") == expected
        assert formats.date_format(local, "SHORT_DATETIME_FORMAT") == expected
        assert formats.date_format(moment.date(), "SHORT_DATE_FORMAT") == expected.split(",")[0]


def test_the_states_export_keeps_iso_dates(client, reference_data):
    text = client.get(reverse("states:export"), {"format": "csv", "q": "Albania"}).text
    assert "2013-06-03" in text and "June" not in text


def test_the_api_keeps_iso_dates(client, reference_data):
    rows = client.get(reverse("api:states")).json()
    albania = next(r for r in rows if r["iso3"] == "ALB")
    assert albania["signature_date"] == "2013-06-03"


def test_a_date_input_shows_the_form_it_expects():
    html = str(AsOfForm()["as_of"])
    assert 'type="text"' in html and 'placeholder="YYYY-MM-DD"' in html
    assert 'pattern="\\d{4}-\\d{2}-\\d{2}"' in html


@pytest.mark.django_db
def test_a_french_briefing_pdf_reads_its_dates_in_treaty_style(reference_data):
    _name, _type, content = render_state_briefing(
        State.objects.get(iso3="ALB"), language="fr", as_of=dt.date(2018, 5, 31)
    )
    text = "\n".join(page_texts(content))
    assert "3 juin 2013" in text and "19 mars 2014" in text and "31 mai 2018" in text
