"""What the outreach pages say (issue 20, items 5 and 7): a state's status today, one word for
an internal activity, an empty log that says so, activity headings that name their states and
logs that show names, not ISO codes."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from outreach.models import ActivityKind, Visibility, names_phrase
from tests.outreach.factories import FollowUpFactory, OutreachActivityFactory

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


@pytest.fixture
def bangladesh_visit(signatory, non_signatory):
    return OutreachActivityFactory(
        start_date=dt.date(2018, 3, 1),
        kind=ActivityKind.VISIT,
        states=[signatory],
        visibility=Visibility.INTERNAL,
    )


def test_a_state_timeline_gives_its_status_today(client_for, signatory, bangladesh_visit):
    text = _text(client_for("cochair").get(reverse("outreach:state_timeline", args=["XSG"])).text)
    assert "Status today: Signatory" in text
    assert "Status today: ·" not in text


def test_an_internal_activity_says_internal_once(client_for, bangladesh_visit):
    text = _text(client_for("cochair").get(bangladesh_visit.get_absolute_url()).text)
    assert "Internal Internal" not in text
    assert "Internal Shown to the Secretariat and the Co-chairs only." in text


def test_a_public_activity_says_what_delegates_may_see(client_for, bangladesh_visit):
    bangladesh_visit.visibility = Visibility.PUBLIC
    bangladesh_visit.save()
    text = _text(client_for("cochair").get(bangladesh_visit.get_absolute_url()).text)
    assert "Public Its date, actors, kind, states and place may appear" in text


def test_an_empty_log_says_so_and_offers_the_secretariat_its_first_entry(client_for, db):
    text = _text(client_for("secretariat").get(reverse("outreach:index")).text)
    assert "No outreach activity has been logged yet." in text
    html = client_for("secretariat").get(reverse("outreach:index")).text
    empty = html[html.index("outreach-empty") :]
    assert f'href="{reverse("outreach:create")}">Log an activity</a>' in empty


def test_an_empty_log_offers_no_entry_to_a_cochair(client_for, db):
    html = client_for("cochair").get(reverse("outreach:index")).text
    assert "No outreach activity has been logged yet." in html
    assert reverse("outreach:create") not in html


def test_a_filter_that_matches_nothing_says_so(client_for, bangladesh_visit):
    text = _text(client_for("cochair").get(reverse("outreach:index"), {"kind": "letter"}).text)
    assert "No activity matches these filters." in text


def test_the_activity_heading_names_its_state_and_date(client_for, bangladesh_visit):
    html = client_for("cochair").get(bangladesh_visit.get_absolute_url()).text
    heading = " ".join(re.sub(r"<[^>]+>", "", re.search(r"<h1>(.*?)</h1>", html, re.S)[1]).split())
    day = date_format(dt.date(2018, 3, 1), "DATE_FORMAT")
    assert heading == f"Visit to Signatoria · {day}"
    assert f"<title>Visit to Signatoria · {day}" in html


@pytest.mark.parametrize(
    ("names", "phrase"),
    [
        (["Bangladesh"], "Bangladesh"),
        (["Bangladesh", "Nepal"], "Bangladesh and Nepal"),
        (["Bangladesh", "Bhutan", "Nepal"], "Bangladesh, Bhutan and Nepal"),
        (["A", "B", "C", "D", "E"], "A, B and 3 other states"),
    ],
)
def test_a_heading_names_up_to_three_states(names, phrase):
    assert names_phrase(names) == phrase


def test_a_heading_lists_its_states_in_the_readers_order(signatory, non_signatory):
    signatory.name_fr, non_signatory.name_fr = "Égypte", "Danemark"
    signatory.save()
    non_signatory.save()
    activity = OutreachActivityFactory(
        kind=ActivityKind.BILATERAL_MEETING, states=[signatory, non_signatory]
    )
    with translation.override("fr"):
        assert "Danemark" in activity.heading
        assert activity.heading.index("Danemark") < activity.heading.index("Égypte")
    assert activity.heading == "Bilateral meeting with Nonsignia and Signatoria"


def test_the_log_and_the_timeline_show_state_names_not_codes(client_for, bangladesh_visit):
    client = client_for("cochair")
    log = client.get(reverse("outreach:index")).text
    row = log[log.index("<tbody>") : log.index("</tbody>")]
    assert ">Signatoria</a>" in row and ">XSG</a>" not in row
    timeline = _text(client.get(reverse("outreach:state_timeline", args=["XSG"])).text)
    assert "States concerned: Signatoria" in timeline
    assert f"Visit to Signatoria · {date_format(dt.date(2018, 3, 1), 'DATE_FORMAT')}" in timeline


def test_the_followups_page_names_the_activity_by_its_heading(client_for, bangladesh_visit):
    FollowUpFactory(activity=bangladesh_visit, due_on=dt.date(2018, 4, 1))
    text = _text(client_for("cochair").get(reverse("outreach:followups")).text)
    assert "Visit to Signatoria" in text
