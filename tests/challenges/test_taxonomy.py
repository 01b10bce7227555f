"""Annex A taxonomy: seeded exactly, idempotently, in three languages; items added and retired."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from challenges.forms import ChallengeTagForm
from challenges.models import Challenge
from challenges.services import (
    challenge_create,
    challenge_retire,
    challenge_unretire,
    challenge_update,
    taxonomy_load_report,
)

# Annex A of the CSP4 work plan, in the source's English wording.
ANNEX_A = {
    "1": "Raising political awareness toward ratification",
    "2": "Prioritizing the ATT among the priority list of the Government or Parliament.",
    "3": "Gaining understanding of the ATT, or alleviating skepticism toward it.",
    "3.1": "Misconceptions about the object and purpose of the Treaty.",
    "3.2": "Skepticism, in particular, by relevant Ministries.",
    "4": "Domestic situations, be it political or security.",
    "4.1": "General elections.",
    "4.2": "Gun lobby.",
    "4.3": "Conflicts, etc.",
    "5": "Regional security situations.",
    "6": "Accelerating the pace of domestic procedures for ratification.",
    "6.1": "It takes time for the Government to evaluate the implications of the Treaty obligations on the existing domestic systems/laws.",
    "6.2": "Preparing necessary domestic laws also takes time.",
    "6.3": "Good coordination among Ministries or between the Government and the Parliament is necessary.",
    "6.4": "Rotation of government officials is not conducive.",
    "7": "Building capacity.",
    "7.1": "Human resources or expertise (to implement the Treaty).",
    "7.2": "Financial resources (to fulfil financial obligations).",
    "8": "Reporting obligations.",
    "8.1": "Hesitation in transparency measures in general. Reporting is too detailed.",
    "8.2": "Items to be reported are sensitive for national security.",
    "8.3": "Reporting fatigue.",
    "9": "Awaiting others to ratify (neighboring states, major exporters and importers, etc.).",
    "10": "Overcoming different views on the result of the ATT negotiation, including the text.",
    "10.1": "Adoption of the Treaty by a vote.",
    "10.2": "Existence or non-existence of particular obligations in the Treaty.",
}


def test_taxonomy_has_exactly_the_26_items_of_annex_a_in_code_order(taxonomy):
    assert list(Challenge.objects.values_list("code", flat=True)) == list(ANNEX_A)


def test_taxonomy_titles_are_the_source_wording(taxonomy):
    assert dict(Challenge.objects.values_list("code", "title_en")) == ANNEX_A


def test_taxonomy_has_ten_challenges_and_sixteen_sub_items(taxonomy):
    assert Challenge.objects.top_level().count() == 10
    assert Challenge.objects.sub_items().count() == 16
    assert taxonomy["6.2"].parent == taxonomy["6"]


def test_reference_data_loads_the_taxonomy(reference_data):
    assert Challenge.objects.count() == 26


def test_taxonomy_seed_is_idempotent_and_keeps_edits(taxonomy, secretariat):
    challenge_update(
        challenge=taxonomy["4.2"],
        title_en="Gun lobbies.",
        title_fr="Lobbys",
        title_es="Lobbies",
        user=secretariat,
        version=taxonomy["4.2"].version,
    )
    report = taxonomy_load_report()
    assert "0 items created, 26 already present" in report[0]
    assert Challenge.objects.count() == 26
    assert Challenge.objects.get(code="4.2").title_en == "Gun lobbies."


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "L'élaboration des lois nationales nécessaires prend également du temps."),
        ("es", "La preparación de las leyes nacionales necesarias también lleva tiempo."),
        ("en", "Preparing necessary domestic laws also takes time."),
    ],
)
def test_titles_follow_the_active_language(taxonomy, language, expected):
    with translation.override(language):
        assert taxonomy["6.2"].title == expected


def test_every_item_has_french_and_spanish_titles(taxonomy):
    assert not Challenge.objects.filter(title_fr="").exists()
    assert not Challenge.objects.filter(title_es="").exists()


def test_retiring_an_item_keeps_its_tags_and_history(taxonomy, nonparty, make_tag, secretariat):
    tag = make_tag(nonparty, "6.2")
    challenge_retire(challenge=taxonomy["6.2"], user=secretariat, on=dt.date(2018, 1, 1))
    tag.refresh_from_db()
    assert tag.challenge.code == "6.2" and tag.challenge.is_retired
    assert taxonomy["6.2"].history.first().history_change_reason == "retired"


def test_a_retired_item_is_not_offered_for_new_tags(taxonomy, secretariat):
    challenge_retire(challenge=taxonomy["6.2"], user=secretariat)
    assert taxonomy["6.2"] not in ChallengeTagForm().fields["challenge"].queryset


def test_sub_items_of_a_retired_challenge_are_not_offered(taxonomy, secretariat):
    challenge_retire(challenge=taxonomy["6"], user=secretariat)
    assert not Challenge.objects.active().filter(code__in=["6", "6.1", "6.4"]).exists()


def test_unretiring_offers_the_item_again(taxonomy, secretariat):
    challenge_retire(challenge=taxonomy["8.3"], user=secretariat)
    challenge_unretire(challenge=taxonomy["8.3"], user=secretariat)
    assert Challenge.objects.active().filter(code="8.3").exists()


def test_secretariat_adds_a_sub_item(taxonomy, secretariat):
    item = challenge_create(code="6.5", title_en="Translation of the Treaty.", user=secretariat)
    assert item.parent == taxonomy["6"] and item.history.first().history_user == secretariat


@pytest.mark.parametrize("code", ["6.2", "12.1", "x", "6.", "0"])
def test_adding_an_item_with_a_bad_or_taken_code_is_refused(taxonomy, secretariat, code):
    with pytest.raises(ValidationError) as error:
        challenge_create(code=code, title_en="Something.", user=secretariat)
    assert "code" in error.value.message_dict
    assert Challenge.objects.count() == 26
