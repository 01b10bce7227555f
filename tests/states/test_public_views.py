"""The public treaty-status pages: the states list (/states/) and a state's page (/states/<ISO3>/)."""

import datetime as dt
import re
from unittest import mock

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from states.models import Region, Status, TreatyAction
from tests.factories import StateFactory, TreatyActionFactory

Kind = TreatyAction.Kind
LIST = reverse("states:list")
PERSONAS = ("anonymous", "delegate", "cochair", "secretariat")

# ../shared/data/README.md's cross-check table: state_party / ratified_not_in_force / signatory /
# non_signatory on six dates.
CROSS_CHECK = {
    "2014-12-24": (61, 0, 69, 66),
    "2017-09-11": (92, 0, 41, 63),
    "2018-03-07": (92, 2, 41, 61),
    "2018-05-31": (94, 1, 40, 61),
    "2018-08-20": (95, 2, 38, 61),
    "2025-08-25": (116, 0, 26, 54),
}
# The ATT Monitor 2018's "States Parties" by region count deposits, in force or not (README:
# "compare them with state_party + ratified_not_in_force"); Chile's was not yet in force.
PARTIES_BY_REGION_2018_05_31 = {
    "Africa": 22,
    "Americas": 24,
    "Asia": 6,
    "Europe": 39,
    "Oceania": 4,
}


def shown_counts(response) -> dict[str, int]:
    """The counts above the table, as rendered."""
    html = response.content.decode()
    return {
        status: int(re.search(rf'data-count="{status}">(\d+)<', html).group(1))
        for status in Status.values
    }


def shown_codes(response) -> list[str]:
    """ISO codes of the table's rows, in order."""
    return re.findall(r'<tr data-iso3="([A-Z]{3})">', response.content.decode())


@pytest.fixture
def ledger(db):
    """Seven states covering every status and the notifications; names in three languages."""

    def state(iso3, en, fr, es, region, *actions):
        s = StateFactory(iso3=iso3, name_en=en, name_fr=fr, name_es=es, region=region)
        for kind, day in actions:
            TreatyActionFactory(state=s, kind=kind, date=dt.date.fromisoformat(day))
        return s

    return {
        "ZED": state(
            "ZED",
            "Zedland",
            "Zédlande",
            "Zedlandia",
            Region.EUROPE,
            (Kind.SIGNATURE, "2013-06-03"),
            (Kind.RATIFICATION, "2014-04-01"),
        ),
        "EBU": state(
            "EBU",
            "Eburnia",
            "Éburnie",
            "Eburnia (es)",
            Region.AFRICA,
            (Kind.SIGNATURE, "2013-09-25"),
        ),
        "OCE": state(
            "OCE",
            "Oceland",
            "Océlande",
            "Ocelandia",
            Region.OCEANIA,
            (Kind.ACCESSION, "2016-01-10"),
        ),
        "AME": state(
            "AME",
            "Amerland",
            "Amerlande",
            "Amerlandia",
            Region.AMERICAS,
            (Kind.SIGNATURE, "2014-12-18"),
            (Kind.RATIFICATION, "2018-05-20"),
        ),
        "ASI": state("ASI", "Asialand", "Asie-Terre", "Asiatierra", Region.ASIA),
        "WDR": state(
            "WDR",
            "Withdrawnland",
            "Retirelande",
            "Retirolandia",
            Region.EUROPE,
            (Kind.SIGNATURE, "2013-06-03"),
            (Kind.RATIFICATION, "2014-06-01"),
            (Kind.WITHDRAWAL, "2020-01-01"),
        ),
        "USX": state(
            "USX",
            "Unwillingland",
            "Réticencie",
            "Reticencia",
            Region.AMERICAS,
            (Kind.SIGNATURE, "2013-09-25"),
            (Kind.INTENTION_NOT_PARTY, "2019-07-18"),
        ),
    }


# --- cross-check with the bundled data -----------------------------------------------------


@pytest.mark.parametrize("day", CROSS_CHECK)
def test_list_counts_match_the_cross_check_table(client, reference_data, day):
    response = client.get(LIST, {"as_of": day})
    assert response.status_code == 200
    assert tuple(shown_counts(response).values()) == CROSS_CHECK[day]
    assert len(shown_codes(response)) == 196


@pytest.mark.parametrize(
    ("day", "pending"), [("2018-03-07", {"KAZ", "PSE"}), ("2018-05-31", {"CHL"})]
)
def test_list_shows_the_deposits_not_yet_in_force(client, reference_data, day, pending):
    response = client.get(LIST, {"as_of": day, "status": Status.RATIFIED_NOT_IN_FORCE})
    assert set(shown_codes(response)) == pending


@pytest.mark.parametrize(("region", "parties"), PARTIES_BY_REGION_2018_05_31.items())
def test_list_parties_by_region_on_31_may_2018(client, reference_data, region, parties):
    response = client.get(LIST, {"as_of": "2018-05-31", "region": region})
    counts = shown_counts(response)
    assert counts[Status.STATE_PARTY] + counts[Status.RATIFIED_NOT_IN_FORCE] == parties


# --- filters ---------------------------------------------------------------------------------


def test_list_as_of_defaults_to_today(client, ledger):
    response = client.get(LIST)
    assert response.context["as_of"] == timezone.localdate()


@pytest.mark.parametrize("path", [LIST, "/states/ZED/", "/status/"])
def test_the_date_field_shows_the_new_day_after_midnight(client, ledger, path):
    """The filter form's fields are kept between requests (states.views.public.form_fields):
    a page asked without ?as_of= shows today's date in its field, and the next day the new
    one, in the same process."""
    for day in (dt.date(2026, 12, 6), dt.date(2026, 12, 7)):
        with mock.patch("django.utils.timezone.localdate", return_value=day):
            html = client.get(path).content.decode()
        field = re.search(r'<input[^>]*name="as_of"[^>]*>', html).group(0)
        assert f'value="{day.isoformat()}"' in field


def test_list_filters_by_status(client, ledger):
    response = client.get(LIST, {"as_of": "2018-05-31", "status": Status.SIGNATORY})
    assert set(shown_codes(response)) == {"EBU", "USX"}


def test_list_filters_by_region(client, ledger):
    response = client.get(LIST, {"as_of": "2018-05-31", "region": Region.EUROPE})
    assert set(shown_codes(response)) == {"ZED", "WDR"}


def test_list_counts_cover_the_region_and_search_not_the_status(client, ledger):
    response = client.get(
        LIST, {"as_of": "2018-05-31", "region": Region.AMERICAS, "status": Status.SIGNATORY}
    )
    assert shown_codes(response) == ["USX"]
    assert shown_counts(response) == {
        "state_party": 0,
        "ratified_not_in_force": 1,
        "signatory": 1,
        "non_signatory": 0,
    }


@pytest.mark.parametrize("text", ["zedland", "Zédlande", "zedlandia", "ZED", "zed"])
def test_list_searches_names_in_every_language_and_the_code(client, ledger, text):
    response = client.get(LIST, {"q": text})
    assert shown_codes(response) == ["ZED"]


def test_list_status_on_an_earlier_date(client, ledger):
    response = client.get(LIST, {"as_of": "2014-12-23", "status": Status.RATIFIED_NOT_IN_FORCE})
    assert set(shown_codes(response)) == {"ZED", "WDR"}


def test_list_hides_events_after_the_chosen_date(client, ledger):
    response = client.get(LIST, {"as_of": "2014-01-01", "q": "AME"})
    row = response.context["states"][0]
    assert (row.signature_date, row.deposit_date, row.entry_into_force_date) == (None, None, None)
    assert "2014-12-18" not in response.content.decode()


def test_list_shows_a_withdrawn_state_as_no_longer_party(client, ledger):
    response = client.get(LIST, {"as_of": "2020-04-01", "q": "WDR"})
    assert response.context["states"][0].status == Status.SIGNATORY


def test_list_flags_an_intention_not_to_become_a_party(client, ledger):
    response = client.get(LIST, {"as_of": "2020-01-01", "q": "USX"})
    assert "Intends not to become a party" in response.content.decode()


def test_list_marks_an_entry_into_force_still_to_come(client, ledger):
    response = client.get(LIST, {"as_of": "2018-05-31", "q": "AME"})
    assert 'datetime="2018-08-18"' in response.content.decode()
    assert "scheduled" in response.content.decode()


# --- sorting ---------------------------------------------------------------------------------


def test_list_sorts_by_name_by_default(client, ledger):
    response = client.get(LIST)
    assert shown_codes(response) == ["AME", "ASI", "EBU", "OCE", "USX", "WDR", "ZED"]


def test_list_sorts_by_name_descending(client, ledger):
    response = client.get(LIST, {"sort": "-name"})
    assert shown_codes(response) == ["ZED", "WDR", "USX", "OCE", "EBU", "ASI", "AME"]


def test_list_sorts_by_the_french_name_with_accents_folded(client, ledger):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get(LIST)
    # Amerlande, Asie-Terre, Éburnie, Océlande, Réticencie, Retirelande, Zédlande
    assert shown_codes(response) == ["AME", "ASI", "EBU", "OCE", "USX", "WDR", "ZED"]


def test_list_sorts_by_code(client, ledger):
    response = client.get(LIST, {"sort": "-iso3"})
    assert shown_codes(response) == ["ZED", "WDR", "USX", "OCE", "EBU", "ASI", "AME"]


def test_list_sorts_by_region_in_region_order(client, ledger):
    response = client.get(LIST, {"sort": "region"})
    assert shown_codes(response) == ["EBU", "AME", "USX", "ASI", "WDR", "ZED", "OCE"]


def test_list_sorts_by_status_from_party_to_not_signed(client, ledger):
    response = client.get(LIST, {"as_of": "2018-05-31", "sort": "status"})
    assert shown_codes(response) == ["OCE", "WDR", "ZED", "AME", "EBU", "USX", "ASI"]


def test_list_sorts_by_deposit_newest_first_with_unknown_dates_last(client, ledger):
    response = client.get(LIST, {"as_of": "2018-05-31", "sort": "-deposit"})
    assert shown_codes(response) == ["AME", "OCE", "WDR", "ZED", "ASI", "EBU", "USX"]


def test_list_sorts_by_signature(client, ledger):
    response = client.get(LIST, {"sort": "signature"})
    assert shown_codes(response)[:5] == ["WDR", "ZED", "EBU", "USX", "AME"]


def test_list_sorts_by_entry_into_force(client, ledger):
    response = client.get(LIST, {"as_of": "2018-05-31", "sort": "entry_into_force"})
    assert shown_codes(response)[:4] == ["WDR", "ZED", "OCE", "AME"]


def test_list_column_headers_toggle_the_sort_and_say_so(client, ledger):
    response = client.get(LIST, {"sort": "iso3"})
    headers = {h["column"]: h for h in response.context["headers"]}
    assert headers["iso3"]["aria_sort"] == "ascending"
    assert "sort=-iso3" in headers["iso3"]["url"]
    assert 'aria-sort="ascending"' in response.content.decode()


# --- languages -------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "name"), [("fr", "Zédlande"), ("es", "Zedlandia")])
def test_list_shows_names_in_the_active_language(client, ledger, language, name):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(LIST, {"q": "ZED"})
    assert f">{name}</a>" in response.content.decode()


@pytest.mark.parametrize(("language", "name"), [("fr", "Allemagne"), ("es", "Costa de Marfil")])
def test_list_shows_the_bundled_translated_names(client, reference_data, language, name):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(LIST, {"q": name})
    assert name in [state.name for state in response.context["states"]]


# --- bad parameters --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"as_of": "31/05/2018"},
        {"as_of": "2018-02-30"},
        {"as_of": "0000-01-01"},
        {"as_of": "2018-05-31\x00"},
        {"status": "party"},
        {"region": "Antarctica"},
        {"sort": "population"},
        {"q": "x" * 101},
        {"q": "Fr\x00ance"},
    ],
)
def test_list_bad_parameter_is_a_400_page_with_a_message(client, ledger, params):
    response = client.get(LIST, params)
    assert response.status_code == 400
    assert 'id="form-errors"' in response.content.decode()
    assert f"<code>{next(iter(params))}</code>" in response.content.decode()


def test_list_malformed_date_message_says_what_to_enter(client, ledger):
    response = client.get(LIST, {"as_of": "yesterday"})
    assert "Enter a date in the form YYYY-MM-DD" in response.content.decode()


# --- access ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_is_open_to_everyone(client_for, ledger, persona):
    assert client_for(persona).get(LIST).status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_detail_is_open_to_everyone(client_for, ledger, persona):
    assert client_for(persona).get(reverse("states:detail", args=["ZED"])).status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["states:list", "states:detail"])
def test_public_pages_refuse_post(client_for, ledger, persona, name):
    url = reverse(name, args=["ZED"] if name == "states:detail" else [])
    assert client_for(persona).post(url).status_code == 405


@pytest.mark.parametrize(
    ("persona", "sees_history"),
    [("anonymous", False), ("delegate", False), ("cochair", True), ("secretariat", True)],
)
def test_only_secretariat_and_cochairs_see_the_change_history(
    client_for, ledger, persona, sees_history
):
    response = client_for(persona).get(reverse("states:detail", args=["ZED"]))
    assert ("Change history" in response.content.decode()) is sees_history
    assert (response.context["history"] is not None) is sees_history


def _edit_urls(state):
    action = state.actions.first()
    try:
        return [
            reverse("states:action_add", args=[state.iso3]),
            reverse("states:action_edit", args=[state.iso3, action.pk]),
            reverse("states:action_delete", args=[state.iso3, action.pk]),
        ]
    except NoReverseMatch:
        return []


@pytest.mark.parametrize("persona", ["anonymous", "delegate", "cochair"])
def test_only_the_secretariat_sees_edit_links(client_for, ledger, persona):
    response = client_for(persona).get(reverse("states:detail", args=["ZED"]))
    assert "data-edit-link" not in response.content.decode()


def test_the_secretariat_sees_edit_links(client_for, ledger):
    urls = _edit_urls(ledger["ZED"])
    if not urls:
        pytest.skip("the editing views (states:action_add/edit/delete) are not there yet")
    html = client_for("secretariat").get(reverse("states:detail", args=["ZED"])).content.decode()
    for url in urls:
        assert f'href="{url}"' in html


# --- a state's page --------------------------------------------------------------------------


def test_detail_unknown_code_is_404(client, ledger):
    assert client.get(reverse("states:detail", args=["QQQ"])).status_code == 404


def test_detail_lowercase_code_redirects_to_the_canonical_page(client, ledger):
    response = client.get("/states/zed/?as_of=2018-05-31")
    assert response.status_code == 302
    assert response["Location"] == "/states/ZED/?as_of=2018-05-31"


def test_detail_shows_the_status_on_the_chosen_date(client, ledger):
    url = reverse("states:detail", args=["AME"])
    assert client.get(url, {"as_of": "2018-05-31"}).context["state"].status == (
        Status.RATIFIED_NOT_IN_FORCE
    )
    assert client.get(url, {"as_of": "2018-08-18"}).context["state"].status == Status.STATE_PARTY


def test_detail_timeline_is_in_date_order_with_entry_into_force(client, ledger):
    response = client.get(reverse("states:detail", args=["AME"]))
    kinds = [(e.date.isoformat(), e.kind) for e in response.context["timeline"]]
    assert kinds == [
        ("2014-12-18", "signature"),
        ("2018-05-20", "ratification"),
        ("2018-08-18", "entry_into_force"),
    ]


def test_detail_timeline_marks_events_after_the_chosen_date(client, ledger):
    response = client.get(reverse("states:detail", args=["AME"]), {"as_of": "2018-06-01"})
    later = [e.kind for e in response.context["timeline"] if e.after_as_of]
    assert later == ["entry_into_force"]


def test_detail_flags_the_intention_not_to_become_a_party(client, ledger):
    response = client.get(reverse("states:detail", args=["USX"]), {"as_of": "2020-01-01"})
    html = response.content.decode()
    assert "Notification of intention not to become a party" in html
    assert "does not intend to become a party" in html
    assert response.context["state"].status == Status.SIGNATORY


def test_detail_shows_a_withdrawal_and_the_day_it_takes_effect(client, ledger):
    response = client.get(reverse("states:detail", args=["WDR"]), {"as_of": "2020-06-01"})
    kinds = [(e.date.isoformat(), e.kind) for e in response.context["timeline"]]
    assert kinds[-2:] == [("2020-01-01", "withdrawal"), ("2020-03-31", "withdrawal_effective")]
    assert "withdrawal from the Treaty (Art. 25) has taken effect" in response.content.decode()


def test_detail_dates_follow_the_active_language(client, ledger):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get(reverse("states:detail", args=["AME"])).content.decode()
    assert "Amerlande" in html
    assert "18 décembre 2014" in html


def test_detail_dates_in_english(client, ledger):
    html = client.get(reverse("states:detail", args=["AME"])).content.decode()
    assert "18 December 2014" in html


def test_detail_bad_date_is_a_400_page_with_a_message(client, ledger):
    response = client.get(reverse("states:detail", args=["ZED"]), {"as_of": "2018-99-01"})
    assert response.status_code == 400
    assert "Enter a date in the form YYYY-MM-DD" in response.content.decode()


def test_detail_shows_the_depositarys_declarations(client, reference_data):
    from django.utils.html import escape

    from depositary.models import StateDeclaration

    declaration = StateDeclaration.objects.select_related("state").first()
    html = client.get(reverse("states:detail", args=[declaration.state.iso3])).content.decode()
    assert escape(declaration.text[:60]) in html


def test_history_shows_who_changed_what(client_for, ledger, secretariat):
    action = ledger["ZED"].actions.get(kind=Kind.RATIFICATION)
    action.date = dt.date(2014, 4, 2)
    action._history_user = secretariat
    action._change_reason = "UNTC correction"
    action.save()
    html = client_for("cochair").get(reverse("states:detail", args=["ZED"])).content.decode()
    assert secretariat.get_full_name() in html
    assert "UNTC correction" in html
    assert "<del>1 April 2014</del> → <ins>2 April 2014</ins>" in html


# --- query counts ----------------------------------------------------------------------------


@pytest.fixture(params=[20, 196], ids=["20-states", "196-states"])
def world(request, db):
    """20 states made by factories, or the 196 of the bundled data."""
    if request.param == 196:
        request.getfixturevalue("reference_data")
    else:
        for n in range(20):
            state = StateFactory()
            if n % 2:
                TreatyActionFactory(state=state)
    return request.param


def test_list_query_count_is_constant(client, world, django_assert_num_queries):
    # Not cached yet (each test starts with an empty cache): 1. the version of the ledger and the
    # freshness data (states/cache.py)  2. counts by status (one aggregate query)  3. the rows
    # with their record  4. the freshness line (the latest successful depositary sync)
    with django_assert_num_queries(4):
        response = client.get(LIST, {"as_of": "2018-05-31", "sort": "-deposit"})
    assert len(response.context["states"]) == world


def test_list_query_count_is_constant_when_signed_in(client_for, world, django_assert_num_queries):
    c = client_for("secretariat")
    # 1. session  2. user  3. the user's groups (role)  4. the version of the ledger and the
    # freshness data (states/cache.py)  5. counts  6. rows  7. the freshness line (the session is
    # not written: wgtu_portal/sessions.py refreshes it at most once a minute)
    with django_assert_num_queries(7):
        c.get(LIST, {"as_of": "2018-05-31"})


def test_detail_query_count(client, world, django_assert_num_queries):
    from states.models import State

    iso3 = State.objects.order_by("iso3").values_list("iso3", flat=True).first()
    # Not cached yet: 1. the version of the ledger, declarations, stage entries and freshness
    # data (states/cache.py)  2. the state with its record  3. its actions  4. the freshness line
    # 5. its depositary declarations  6. its public stage entries (pipeline)
    with django_assert_num_queries(6):
        client.get(reverse("states:detail", args=[iso3]))


def test_detail_query_count_with_history(client_for, ledger, django_assert_num_queries):
    c = client_for("cochair")
    # 1. the version (states/cache.py)  2. state  3. session  4. user  5. groups (role)
    # 6. actions  7-8. state and action history  9. the freshness line  10. depositary
    # declarations  11. its stage entries (pipeline) (the session is not written:
    # wgtu_portal/sessions.py refreshes it at most once a minute)
    with django_assert_num_queries(11):
        c.get(reverse("states:detail", args=["WDR"]))
