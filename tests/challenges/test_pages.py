"""The challenges pages as the Secretariat and Co-chairs use them."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from challenges.models import ChallengeTag, TagStatus
from challenges.services import challenge_tag_update

D = dt.date


def test_index_lists_the_taxonomy_with_codes_and_open_counts(client_for, nonparty, make_tag):
    make_tag(nonparty, "6.2")
    html = client_for("cochair").get(reverse("challenges:index")).content.decode()
    assert "Preparing necessary domestic laws also takes time." in html
    assert re.search(r">10\.2<", html)
    assert re.search(
        r'href="/challenges/6\.2/">.*?</a>\s*</td>\s*<td class="text-end">1<', html, re.S
    )


def test_index_shows_titles_in_french(client_for, taxonomy):
    client = client_for("cochair")
    html = client.get(reverse("challenges:index"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Lobby des armes." in html


def test_index_marks_retired_items(client_for, taxonomy):
    client = client_for("secretariat")
    client.post(reverse("challenges:challenge_retire", args=["4.2"]))
    html = client.get(reverse("challenges:index")).content.decode()
    assert "retired on" in html and "taxonomy-retired" in html


def test_secretariat_adds_an_item_in_the_browser(client_for, taxonomy):
    response = client_for("secretariat").post(
        reverse("challenges:challenge_create"),
        {"code": "11", "title_en": "Translation of the Treaty.", "title_fr": "", "title_es": ""},
    )
    assert response.status_code == 302
    assert taxonomy["1"].__class__.objects.filter(code="11", parent=None).exists()


def test_tagging_6_2_from_a_source_shows_in_the_heat_map_then_closes_with_history(
    client_for, nonparty, taxonomy
):
    client = client_for("secretariat")
    response = client.post(
        reverse("challenges:tag_create"),
        {
            "state": nonparty.pk,
            "challenge": taxonomy["6.2"].pk,
            "noted_on": "2018-03-01",
            "source": "Visit of the CSP4 President to Nonpartia",
            "document_symbol": "",
            "note": "Draft law before parliament",
        },
    )
    tag = ChallengeTag.objects.get()
    assert response.status_code == 302 and response["Location"] == tag.get_absolute_url()

    heat = client.get(reverse("challenges:heatmap"), {"as_of": "2018-03-07"}).content.decode()
    cell = "/challenges/tags/?as_of=2018-03-07&amp;region=Africa&amp;challenge=6.2"
    assert f'<a href="{cell}" aria-label="Africa, 6.2: 1">1</a>' in heat
    listed = client.get(cell.replace("&amp;", "&")).content.decode()
    assert "Draft law before parliament" in listed

    response = client.post(
        reverse("challenges:tag_close", args=[tag.pk]),
        {"addressed_on": "2018-05-31", "addressed_reason": "Law adopted", "version": "1"},
    )
    assert response.status_code == 302
    tag.refresh_from_db()
    assert tag.status == TagStatus.ADDRESSED
    page = client.get(tag.get_absolute_url()).content.decode()
    assert "Closed (addressed)" in page and "Created" in page and "Law adopted" in page


def test_tagging_a_state_party_in_the_browser_is_refused_with_the_date(client_for, party, taxonomy):
    response = client_for("secretariat").post(
        reverse("challenges:tag_create"),
        {
            "state": party.pk,
            "challenge": taxonomy["6.2"].pk,
            "noted_on": "2018-03-01",
            "source": "Visit",
        },
    )
    assert response.status_code == 400
    assert "State Party since 10 April 2017" in response.content.decode()
    assert not ChallengeTag.objects.exists()


def test_a_stale_edit_form_is_refused_and_shows_what_changed(
    client_for, nonparty, make_tag, secretariat
):
    tag = make_tag(nonparty, "6.2", note="First visit")
    challenge_tag_update(tag=tag, version=1, user=secretariat, note="Changed meanwhile")
    response = client_for("secretariat").post(
        reverse("challenges:tag_edit", args=[tag.pk]),
        {
            "state": nonparty.pk,
            "challenge": tag.challenge_id,
            "noted_on": "2016-05-01",
            "source": "Visit",
            "note": "My edit",
            "version": "1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Changed meanwhile" in html and "My edit" in html
    tag.refresh_from_db()
    assert tag.note == "Changed meanwhile"


def test_reopening_in_the_browser(client_for, nonparty, make_tag, secretariat):
    from challenges.services import challenge_tag_close

    tag = make_tag(nonparty, "6.2")
    challenge_tag_close(
        tag=tag, version=tag.version, addressed_on=D(2017, 1, 1), reason="Done", user=secretariat
    )
    response = client_for("secretariat").post(reverse("challenges:tag_reopen", args=[tag.pk]))
    assert response.status_code == 302
    tag.refresh_from_db()
    assert tag.is_open


def test_bulk_tag_form_saves_nothing_when_one_state_is_refused_and_keeps_the_input(
    client_for, nonparty, make_tag, taxonomy
):
    from tests.factories import StateFactory

    other = StateFactory(name_en="Otherland")
    make_tag(nonparty, "8.3")  # already open: Nonpartia is refused
    response = client_for("secretariat").post(
        reverse("challenges:tag_bulk"),
        {
            "states": [nonparty.pk, other.pk],
            "challenge": taxonomy["8.3"].pk,
            "noted_on": "2018-03-07",
            "source": "Statement at the WGTU meeting",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "8.3 is already noted for Nonpartia" in html
    assert "Statement at the WGTU meeting" in html
    assert re.search(rf'<option value="{other.pk}" selected>', html)
    assert ChallengeTag.objects.count() == 1


def test_bulk_tag_form_tags_every_state(client_for, taxonomy):
    from tests.factories import StateFactory

    states = [StateFactory() for _ in range(3)]
    response = client_for("secretariat").post(
        reverse("challenges:tag_bulk"),
        {
            "states": [s.pk for s in states],
            "challenge": taxonomy["8.3"].pk,
            "noted_on": "2018-03-07",
            "source": "WGTU meeting",
        },
    )
    assert response.status_code == 302
    assert ChallengeTag.objects.filter(challenge=taxonomy["8.3"]).count() == 3


def test_state_profile_lists_open_tags_then_history(client_for, party, make_tag):
    make_tag(party, "7.1", noted_on=D(2016, 3, 1), note="Needs training")
    html = client_for("cochair").get(reverse("challenges:state", args=[party.iso3])).content
    html = html.decode()
    assert "Overtaken on 10 April 2017" in html and "Needs training" in html
    assert html.index("No open challenge.") < html.index("Needs training")


def test_challenge_page_lists_states_by_region(client_for, nonparty, make_tag):
    make_tag(nonparty, "6.2")
    html = client_for("cochair").get(reverse("challenges:challenge", args=["6"])).content
    assert b"Nonpartia" in html and b"Africa" in html


@pytest.mark.parametrize("name", ["heatmap", "tags", "export", "index"])
def test_a_malformed_date_is_answered_400_with_a_message(client_for, taxonomy, name):
    response = client_for("cochair").get(reverse(f"challenges:{name}"), {"as_of": "2018-13-45"})
    assert response.status_code == 400
    assert b"YYYY-MM-DD" in response.content


def test_heat_map_filters_by_level_aggregating_sub_items(client_for, nonparty, make_tag):
    make_tag(nonparty, "6.2")
    make_tag(nonparty, "6.3")
    html = client_for("cochair").get(reverse("challenges:heatmap"), {"level": "1"}).content
    html = html.decode()
    assert 'aria-label="Africa, 6: 2"' in html and "6.2" not in re.sub(r"href=\"[^\"]*\"", "", html)


def test_heat_map_filters_by_region(client_for, nonparty, make_tag):
    make_tag(nonparty, "6.2")
    html = client_for("cochair").get(reverse("challenges:heatmap"), {"region": "Europe"}).content
    assert b"Nonpartia" not in html


def test_heat_map_svg_has_a_title_and_no_style_attribute(client_for, nonparty, make_tag):
    make_tag(nonparty, "6.2")
    html = client_for("cochair").get(reverse("challenges:heatmap")).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "<title" in svg and "style=" not in svg and 'fill="#' in svg
    assert "style=" not in html and "<script>" not in html


def test_every_cell_of_the_heat_map_svg_is_named_by_its_row_item_and_count(
    client_for, nonparty, make_tag
):
    """Each cell's <title> (the link's accessible name; the PDF's tooltip) is "row · item: n":
    the name of every cell after a row's first once held the previous cell's drawn number."""
    make_tag(nonparty, "1")
    make_tag(nonparty, "6.2")
    html = client_for("cochair").get(reverse("challenges:heatmap")).content.decode()
    for start in (m.start() for m in re.finditer("<svg", html)):
        svg = html[start : html.index("</svg>", start)]
        titles = re.findall(r"<(?:a|g)\b[^>]*><title>(.*?)</title>", svg)
        assert titles, svg[:200]
        named = [t for t in titles if re.fullmatch(r"[A-Z][a-z]+ · [0-9.]+: [0-9]+", t)]
        assert named == titles, [t for t in titles if t not in named][:3]
    assert "<title>Nonpartia · 6.2: 1</title>" in html and "<title>Africa · 6: 1</title>" in html


def test_csv_export_neutralises_formulas(client_for, nonparty, make_tag):
    make_tag(nonparty, "6.2", source='=HYPERLINK("http://evil")', note="@SUM(A1)")
    response = client_for("cochair").get(reverse("challenges:export"))
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text
    assert "\n=" not in text and ",=" not in text
