"""Malformed POSTs on the main forms: the treaty action form, the challenge tag form, the
outreach activity form and the account invitation. Refused with the form shown again (or a 400),
never a server error, and a refused form writes nothing."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from challenges.models import Challenge
from tests.robustness.conftest import FUZZ
from tests.robustness.inputs import BAD_DATES, BAD_INTEGERS, BAD_TEXTS, IMPOSSIBLE_DATES
from tests.robustness.test_bad_uploads import activity_data

pytestmark = pytest.mark.usefixtures("world")

# Accepted values must come back escaped, never as live markup.
RAW_SCRIPT = "<script>alert(1)</script>"


def _post_and_read(client, url, data):
    """POST; when accepted, read the page it leads to: stored markup must come back escaped."""
    response = client.post(url, data)
    if response.status_code == 302:
        page = client.get(response.url)
        assert page.status_code == 200
        assert RAW_SCRIPT.encode() not in page.content
    return response


def _action_data(**fields):
    data = {
        "kind": "ratification",
        "date": "2015-06-01",
        "named_effective_date": "",
        "source": "C.N.1.2015.TREATIES-XXVI.8",
        "note": "",
        "reason": "",
    }
    data.update(fields)
    return data


def test_bad_treaty_action_forms(world, client_for, harness):
    h = harness("form: treaty action")
    client = client_for("secretariat")
    signatory = world["signatory"]
    add = reverse("states:action_add", args=[signatory.iso3])
    signature = signatory.actions.get()
    edit = reverse("states:action_edit", args=[signatory.iso3, signature.pk])
    delete = reverse("states:action_delete", args=[signatory.iso3, signature.pk])
    for value in BAD_DATES:
        h.attempt(f"date {value!r}", lambda v=value: client.post(add, _action_data(date=v)))
        h.attempt(
            f"withdrawal named {value!r}",
            lambda v=value: client.post(
                add, _action_data(kind="withdrawal", date="2020-01-01", named_effective_date=v)
            ),
            expect_refused=True,
        )
        h.attempt(
            f"edit date {value!r}",
            lambda v=value: client.post(
                edit, _action_data(kind="signature", date=v, version=signature.version)
            ),
        )
    for index, value in enumerate(BAD_TEXTS):
        for field in ("kind", "note") if index % 2 else ("source", "reason"):
            h.attempt(
                f"{field}={value[:20]!r}",
                lambda f=field, v=value: client.post(add, _action_data(**{f: v})),
            )
    for value in BAD_INTEGERS:
        if value.strip() == "1":
            continue  # " 1 " is the current version, rightly accepted
        h.attempt(
            f"edit version={value!r}",
            lambda v=value: client.post(edit, _action_data(kind="signature", version=v)),
            expect_refused=True,
        )
        h.attempt(
            f"delete version={value!r}",
            lambda v=value: client.post(delete, {"version": v, "reason": "x"}),
            expect_refused=True,
        )
    h.attempt("empty POST", lambda: client.post(add, {}), expect_refused=True)
    h.attempt(
        "body over DATA_UPLOAD_MAX_MEMORY_SIZE",
        lambda: client.post(add, _action_data(note="x" * (5 * 1024 * 1024 + 1))),
        expect_refused=True,
    )
    h.attempt(
        "more than 1,000 fields",
        lambda: client.post(add, {**_action_data(), **{f"f{i}": "x" for i in range(1001)}}),
        expect_refused=True,
    )
    h.check(minimum=140)


def _tag_data(world, item, **fields):
    data = {
        "state": world["non_signatory"].pk,
        "challenge": item.pk,
        "noted_on": "2018-03-01",
        "source": "Visit report",
        "document_symbol": "",
        "note": "",
    }
    data.update(fields)
    return data


def test_bad_challenge_tag_forms(world, client_for, harness):
    h = harness("form: challenge tag")
    client = client_for("secretariat")
    url = reverse("challenges:tag_create")
    challenge = Challenge.objects.active().order_by("sort_key").last()
    for value in BAD_DATES:
        h.attempt(
            f"noted_on {value!r}",
            lambda v=value: client.post(url, _tag_data(world, challenge, noted_on=v)),
            expect_refused=value in IMPOSSIBLE_DATES,
        )
    for index, value in enumerate(BAD_TEXTS):
        for field in ("source", "note") if index % 2 else ("document_symbol", "note"):
            h.attempt(
                f"{field}={value[:20]!r}",
                lambda f=field, v=value: _post_and_read(
                    client, url, _tag_data(world, challenge, **{f: v})
                ),
            )
    for value in [*BAD_INTEGERS, "XNS", str(world["party"].pk)]:
        h.attempt(
            f"state={value!r}",
            lambda v=value: client.post(url, _tag_data(world, challenge, state=v)),
            expect_refused=not value.strip().isdigit() or value == str(world["party"].pk),
        )
        h.attempt(
            f"challenge={value!r}",
            lambda v=value: client.post(url, _tag_data(world, challenge, challenge=v)),
            expect_refused=not value.strip().isdigit(),
        )
    h.check(minimum=100)


def test_bad_outreach_activity_forms(world, client_for, harness):
    h = harness("form: outreach activity")
    client = client_for("secretariat")
    url = reverse("outreach:create")
    for value in BAD_DATES:
        for field in ("start_date", "end_date"):
            h.attempt(
                f"{field} {value!r}",
                lambda f=field, v=value: client.post(url, activity_data(world, **{f: v})),
                expect_refused=value in IMPOSSIBLE_DATES,
            )
    for index, value in enumerate(BAD_TEXTS):
        for field in ("actor_name", "summary") if index % 2 else ("visibility", "summary"):
            h.attempt(
                f"{field}={value[:20]!r}",
                lambda f=field, v=value: _post_and_read(
                    client, url, activity_data(world, **{f: v})
                ),
            )
    for value in BAD_INTEGERS:
        h.attempt(
            f"states={value!r}",
            lambda v=value: client.post(url, activity_data(world, states=[v])),
            expect_refused=True,
        )
        h.attempt(
            f"noted-TOTAL_FORMS={value!r}",
            lambda v=value: client.post(url, {**activity_data(world), "noted-TOTAL_FORMS": v}),
        )
    h.attempt(
        "followups-TOTAL_FORMS huge",
        lambda: client.post(url, {**activity_data(world), "followups-TOTAL_FORMS": "99999"}),
        expect_refused=True,
    )
    h.attempt(
        "noted-TOTAL_FORMS huge",
        lambda: client.post(url, {**activity_data(world), "noted-TOTAL_FORMS": "100000000"}),
        expect_refused=True,
    )
    h.check(minimum=100)


def test_bad_account_invitations(world, client_for, harness):
    h = harness("form: account invite")
    client = client_for("secretariat")
    url = reverse("accounts:invite")
    base = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org"}
    emails = [
        "",
        "not-an-email",
        "a@b",
        "ada@example.org\x00",
        "a" * 250 + "@example.org",
        "<script>@example.org",
        "ada@exa mple.org",
        "sam.secretariat@example.org",
        "SAM.SECRETARIAT@EXAMPLE.ORG",
        "ada@example.org\r\nBcc: all@example.org",
        "=1+1@example.org",
        "ada@例え.テスト",
    ]
    for email in emails:
        h.attempt(
            f"email={email[:30]!r}",
            lambda e=email: client.post(url, {**base, "role": "delegates", "email": e}),
        )
    for index, value in enumerate(BAD_TEXTS):
        for field in ("first_name", "role") if index % 2 else ("last_name", "role"):
            h.attempt(
                f"{field}={value[:20]!r}",
                lambda f=field, v=value: client.post(url, {**base, "role": "delegates", f: v}),
            )
    h.check(minimum=70)


@pytest.fixture
def fuzz_forms(harness):
    return harness("forms (fuzzed)")


@FUZZ
@given(
    fields=st.dictionaries(
        st.sampled_from(["kind", "date", "named_effective_date", "source", "note", "reason"]),
        st.one_of(st.text(max_size=60), st.sampled_from(BAD_DATES)),
        max_size=6,
    )
)
def test_fuzzed_treaty_action_form(world, fuzz_forms, client_for, fields):
    client = client_for("secretariat")
    url = reverse("states:action_add", args=[world["non_signatory"].iso3])
    fuzz_forms.attempt(repr(fields)[:80], lambda: client.post(url, _action_data(**fields)))
    assert not fuzz_forms.problems, fuzz_forms.report()
