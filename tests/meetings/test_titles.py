"""Meeting titles write their dates as every page does: "7 March 2018", never "07 March 2018"
beside "7 March 2018" (issue 20, item 5)."""

import re

import pytest
from django.urls import reverse

from meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_no_bundled_meeting_title_pads_its_day_with_a_zero(reference_data):
    titles = list(Meeting.objects.values_list("title", flat=True))
    assert titles and not [t for t in titles if re.search(r"\b0\d ", t)]
    assert "WGTU meeting, 7 March 2018" in titles


def test_the_meetings_page_writes_the_march_meeting_as_the_dates_beside_it(
    client_for, reference_data
):
    html = client_for("delegate").get(reverse("meetings:index")).text
    assert "07 March 2018" not in html
    assert "WGTU meeting, 7 March 2018" in html
