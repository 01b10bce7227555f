"""Names in the reader's order (states.collation, the Unicode Collation Algorithm through pyuca):
the helper itself, and the lists that use it (web lists, exports, form choices, the report's
annex and the map), in French and Spanish on the bundled names."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation

from states.collation import by_name, collation_key
from states.fields import StateChoiceField
from states.models import State

FRENCH_B = ["Burundi", "Bhoutan", "Bénin", "Belize", "Botswana"]
FRENCH_E = ["Zimbabwe", "Éthiopie", "Érythrée", "Égypte", "Eswatini", "Estonie", "Équateur"]


def test_french_names_sort_with_their_accents_not_after_z():
    assert by_name(FRENCH_B, name=str, language="fr") == [
        "Belize",
        "Bénin",
        "Bhoutan",
        "Botswana",
        "Burundi",
    ]
    assert by_name(FRENCH_E, name=str, language="fr") == [
        "Égypte",
        "Équateur",
        "Érythrée",
        "Estonie",
        "Eswatini",
        "Éthiopie",
        "Zimbabwe",
    ]


def test_spanish_names_sort_belgica_before_bulgaria_and_n_tilde_after_n():
    assert by_name(["Bulgaria", "Belice", "Bélgica"], name=str, language="es") == [
        "Bélgica",
        "Belice",
        "Bulgaria",
    ]
    # Spanish tailoring: "ñ" is a letter of its own, after every "n…".
    assert by_name(["Ñandulandia", "Nueva Zelandia", "Omán"], name=str, language="es") == [
        "Nueva Zelandia",
        "Ñandulandia",
        "Omán",
    ]
    assert collation_key("Ñandulandia", "fr") < collation_key("Nueva Zelandia", "fr")


def test_the_active_language_is_the_default():
    with translation.override("es"):
        assert collation_key("ña") == collation_key("ña", "es")
    with translation.override("fr"):
        assert collation_key("ña") == collation_key("ña", "fr")


def _names(html: str) -> list[str]:
    return re.findall(r'<tr data-iso3="[A-Z]{3}">\s*<th scope="row"><a [^>]*>([^<]+)</a>', html)


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_states_list_follows_the_collation(client, reference_data, language):
    client.cookies["django_language"] = language
    html = client.get(reverse("states:list")).content.decode()
    names = re.findall(r'<th scope="row"[^>]*>\s*<a href="/states/[A-Z]{3}/">([^<]+)</a>', html)
    assert len(names) == 196
    assert names == by_name(names, name=str, language=language)
    if language == "fr":
        # The UN's "Belize" (django-countries: "Bélize"; states.services.status_file).
        assert names.index("Belize") + 1 == names.index("Bénin")
        assert names.index("Bénin") + 1 == names.index("Bhoutan")
        assert names.index("Égypte") < names.index("Érythrée") < names.index("Éthiopie")
        assert names.index("Éthiopie") < names.index("Fidji")
    else:
        assert names.index("Bélgica") < names.index("Bulgaria")


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_states_export_follows_the_collation(client, reference_data, language):
    client.cookies["django_language"] = language
    response = client.get(reverse("states:export"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    names = [row[0] for row in rows]
    assert len(names) == 196
    assert names == by_name(names, name=str, language=language)


def test_state_choices_follow_the_collation_in_french(reference_data):
    field = StateChoiceField(queryset=State.objects.order_by("name_en"))
    with translation.override("fr"):
        labels = [str(label) for _value, label in field.choices][1:]
        names = [label.rsplit(" (", 1)[0] for label in labels]
    assert names == by_name(names, name=str, language="fr")
    assert names.index("Égypte") < names.index("Fidji")


@pytest.mark.parametrize("count", [3, 30])
def test_the_tag_list_is_ordered_by_state_name_in_french_in_constant_queries(
    db, count, django_assert_num_queries
):
    import datetime as dt

    from challenges.models import Challenge, ChallengeTag
    from challenges.selectors import TagFilter, tags_matching
    from challenges.services import taxonomy_load_report
    from tests.factories import StateFactory

    taxonomy_load_report()
    challenge = Challenge.objects.get(code="6.2")
    names = ["Zambie", "Égypte", "Danemark", "Éthiopie", "Bénin", "Estonie"]
    states = [
        StateFactory(name_en=f"Land {i}", name_fr=names[i % len(names)] + f" {i:02d}")
        for i in range(count)
    ]
    ChallengeTag.objects.bulk_create(
        ChallengeTag(state=s, challenge=challenge, noted_on=dt.date(2016, 1, 1), source="s")
        for s in states
    )
    with translation.override("fr"):
        # The states' names (the order), the tags with their state and item, their evidence.
        with django_assert_num_queries(3):
            tags = list(tags_matching(TagFilter(as_of=dt.date(2020, 1, 1))))
        shown = [tag.state.name for tag in tags]
    assert len(shown) == count
    assert shown == by_name(shown, name=str, language="fr")
