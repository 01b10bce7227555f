"""GET /api/conferences[?as_of=]: public JSON, ordered by number, bad parameters answered 400
like the treaty-status API, described in the OpenAPI document."""

import datetime as dt

import pytest

from meetings.models import Conference

URL = "/api/conferences"


def test_lists_csp1_to_csp12_with_the_days_of_the_file(client, reference_data):
    response = client.get(URL)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    rows = response.json()
    assert [r["number"] for r in rows] == list(range(1, 13))
    assert rows[-1] == {
        "number": 12,
        "name": "CSP12",
        "opening": "2026-08-24",
        "closing": "2026-08-28",
        "place": "Geneva",
        "format": "in_person",
        "translations": {
            "fr": {"name": "CEP12", "place": "Genève"},
            "es": {"name": "CEEP12", "place": "Ginebra"},
        },
    }
    assert rows[5]["place"] is None and rows[5]["format"] == "written_procedure"


def test_as_of_lists_those_opened_on_or_before_that_day(client, reference_data):
    names = [r["name"] for r in client.get(URL, {"as_of": "2018-05-31"}).json()]
    assert names == ["CSP1", "CSP2", "CSP3"]
    names = [r["name"] for r in client.get(URL, {"as_of": "2018-08-20"}).json()]
    assert names[-1] == "CSP4"


def test_a_conference_recorded_later_is_listed_at_once_dates_to_be_fixed_as_null(
    client, reference_data
):
    client.get(URL)
    Conference.objects.create(number=13)
    rows = client.get(URL).json()
    assert rows[-1] == {
        "number": 13,
        "name": "CSP13",
        "opening": None,
        "closing": None,
        "place": None,
        "format": None,
        "translations": {
            "fr": {"name": "CEP13", "place": None},
            "es": {"name": "CEEP13", "place": None},
        },
    }
    # Not opened on any day yet.
    assert len(client.get(URL, {"as_of": "9999-01-01"}).json()) == 12


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("as_of=2018-13-01", "as_of: Enter a date in the form YYYY-MM-DD"),
        ("as_of=31/05/2018", "as_of: Enter a date in the form YYYY-MM-DD"),
        ("as_of=2018-05-31&as_of=2018-06-01", "as_of: give this parameter once."),
        ("number=12", "number: unknown parameter; this endpoint takes as_of."),
        ("as_of=0000-01-01", "as_of: Enter a date in the form"),
        ("as_of=2018%0005-31", "as_of: the value contains a NUL byte."),
    ],
)
def test_bad_parameters_get_400_naming_them(client, reference_data, query, message):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert response.json()["error"].startswith(message)


def test_only_get(client, db):
    response = client.post(URL)
    assert response.status_code == 405 and "GET" in response.json()["error"]


def test_described_in_the_openapi_document(client, db):
    document = client.get("/api/openapi.json").json()
    operation = document["paths"]["/api/conferences"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["as_of"]
    assert set(operation["responses"]) == {"200", "400", "405"}
    schema = document["components"]["schemas"]["Conference"]
    assert schema["required"] == [
        "number",
        "name",
        "opening",
        "closing",
        "place",
        "format",
        "translations",
    ]
    formats = document["components"]["schemas"]["ConferenceFormat"]["enum"]
    assert formats == ["in_person", "hybrid", "written_procedure"]


def test_every_row_matches_the_described_schema(client, reference_data):
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]["Conference"]
    for row in client.get(URL).json():
        assert set(row) == set(schema["properties"])
        assert row["opening"] is None or dt.date.fromisoformat(row["opening"])


@pytest.mark.parametrize("extra", [0, 40])
def test_query_count_does_not_grow_with_conferences(
    client, reference_data, django_assert_num_queries, extra
):
    Conference.objects.bulk_create(Conference(number=100 + k) for k in range(extra))
    # The conferences' version, the conferences (anonymous, first read in this process).
    with django_assert_num_queries(2):
        assert len(client.get(URL).json()) == 12 + extra
    # Cached: none within states.cache.PUBLIC_MAX_AGE for an anonymous reader.
    with django_assert_num_queries(0):
        client.get(URL)


def test_the_names_stay_english_whatever_the_readers_language(client, reference_data):
    rows = client.get(URL, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert rows[3]["name"] == "CSP4" and rows[3]["place"] == "Tokyo"
    assert rows[3]["translations"]["es"] == {"name": "CEEP4", "place": "Tokio"}
