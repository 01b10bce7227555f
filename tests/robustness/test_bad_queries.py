"""Malformed query parameters on the public API and the states list (and its export): a 400
with a message or a page, never a server error; reads write nothing."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.robustness.conftest import FUZZ
from tests.robustness.inputs import BAD_DATES, BAD_TEXTS

BAD_CHOICES = ["", "State_Party", "party", "state_party ", "\x00", "x" * 101, "<b>", "1", "-"]
RAW_QUERIES = [
    "as_of=%FF%FE",
    "as_of=%00",
    "as_of=%C0%AF",
    "status=%E2%80%AE",
    "as_of=2018-01-01&as_of=2019-01-01",
    "as_of[]=2018-01-01",
    "as_of",
    "=&&&=",
    "%",
    "as_of=" + "9" * 5000,
    "region=Africa&region=Asia",
    "status=signatory&unknown=1",
]


def _never_writes(response) -> bool:
    return False


def _get(client, url, params=None, raw=None):
    if raw is not None:
        return client.get(url, QUERY_STRING=raw)
    return client.get(url, params)


def test_bad_api_parameters(db, client, harness):
    h = harness("API query parameters")
    summary, states = reverse("api:summary"), reverse("api:states")
    for url in (summary, states):
        for value in BAD_DATES:
            response = h.attempt(
                f"{url} as_of={value!r}",
                lambda url=url, value=value: _get(client, url, {"as_of": value}),
                accepted=_never_writes,
            )
            if value in ("2013-02-30", "2018-13-01", "10000-01-01", "0000-00-00", "yesterday"):
                assert response.status_code == 400
                assert response.json()["error"].startswith("as_of")
        for raw in RAW_QUERIES:
            h.attempt(
                f"{url} ?{raw[:40]}",
                lambda url=url, raw=raw: _get(client, url, raw=raw),
                accepted=_never_writes,
            )
    for name in ("status", "region"):
        for value in BAD_CHOICES + BAD_TEXTS[:10]:
            response = h.attempt(
                f"{name}={value!r}",
                lambda name=name, value=value: _get(client, states, {name: value}),
                accepted=_never_writes,
            )
            assert response.status_code in (200, 400)
    h.attempt("POST", lambda: client.post(states, {"as_of": "x"}), accepted=_never_writes)
    h.check(minimum=90)


@pytest.fixture
def fuzz_api(db, harness):
    return harness("API query parameters (fuzzed)")


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(["as_of", "status", "region", "q", "sort", "format", "x"]),
        st.text(max_size=40),
        max_size=4,
    )
)
def test_fuzzed_api_parameters(fuzz_api, client, params):
    for name in ("summary", "states"):
        response = fuzz_api.attempt(
            repr(params)[:80],
            lambda name=name: client.get(reverse(f"api:{name}"), params),
            accepted=_never_writes,
        )
        assert response is None or response.status_code in (200, 400)
    assert not fuzz_api.problems, fuzz_api.report()


def test_bad_states_list_filters(world, client, harness):
    h = harness("states list filters")
    for view in ("states:list", "states:export"):
        url = reverse(view)
        for name, values in [
            ("as_of", BAD_DATES[::2]),
            ("q", BAD_TEXTS[::2]),
            ("sort", ["", "-", "--name", "name;drop", "pk", "\x00", "x" * 200]),
            ("status", BAD_CHOICES[::2]),
            ("format", ["", "xls", "pdf", "CSV", "\x00", "../csv"]),
        ]:
            for value in values:
                h.attempt(
                    f"{view} {name}={value!r}",
                    lambda url=url, name=name, value=value: _get(client, url, {name: value}),
                    accepted=_never_writes,
                )
        for raw in RAW_QUERIES[::2]:
            h.attempt(
                f"{view} ?{raw[:40]}",
                lambda url=url, raw=raw: _get(client, url, raw=raw),
                accepted=_never_writes,
            )
    h.check(minimum=90)


@FUZZ
@given(q=st.text(max_size=120), sort=st.text(max_size=12))
def test_fuzzed_states_list_search(fuzz_api, client, q, sort):
    fuzz_api.attempt(
        repr((q, sort))[:80],
        lambda: client.get(reverse("states:list"), {"q": q, "sort": sort}),
        accepted=_never_writes,
    )
    assert not fuzz_api.problems, fuzz_api.report()


def test_bad_internal_list_filters(world, client_for, harness):
    h = harness("internal list filters")
    client = client_for("cochair")
    pages = [
        ("challenges:heatmap", ["as_of", "region", "level"]),
        ("challenges:tags", ["as_of", "challenge", "state", "status"]),
        ("challenges:export", ["as_of", "state"]),
        ("outreach:index", ["date_from", "date_to", "state", "status"]),
        ("outreach:coverage", ["as_of", "since"]),
        ("outreach:export", ["date_from", "state"]),
    ]
    values = ["0001-01-01", "9999-12-31", "2013-02-30", "\x00", "x" * 300]
    for view, names in pages:
        for name in names:
            for value in values:
                h.attempt(
                    f"{view} {name}={value!r}",
                    lambda view=view, name=name, value=value: client.get(
                        reverse(view), {name: value}
                    ),
                    accepted=_never_writes,
                )
    h.check(minimum=80)
