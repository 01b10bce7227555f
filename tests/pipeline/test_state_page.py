"""The stages of a state's domestic procedure on its page: the public entries for everyone,
every entry (marked) for staff, the editing links for the Secretariat; never served stale."""

import datetime as dt

import pytest
from django.urls import reverse

D = dt.date


@pytest.fixture
def entries(stages, signatory, record):
    public = record(
        signatory,
        stages["under_review"],
        D(2016, 1, 10),
        source="Ministry statement",
        source_url="https://gov.example/statement",
        visibility="public",
    )
    internal = record(
        signatory,
        stages["government_approved"],
        D(2017, 6, 1),
        source="Cabinet memorandum",
        note="Told in confidence",
        visibility="internal",
    )
    return public, internal


def page(client, **params):
    return client.get(reverse("states:detail", args=["XSG"]), params).content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "delegate"])
def test_public_readers_see_the_public_entries_only(entries, client_for, persona):
    html = page(client_for(persona))
    assert "Domestic procedure to join the Treaty" in html
    assert "Under consideration by the government" in html
    assert 'href="https://gov.example/statement" rel="nofollow noopener noreferrer"' in html
    assert "Cabinet memorandum" not in html and "Told in confidence" not in html
    assert "Approved by the government or cabinet" not in html
    assert "Internal" not in html


def test_staff_see_every_entry_with_its_visibility(entries, client_for):
    html = page(client_for("cochair"))
    assert "Cabinet memorandum" in html and "Told in confidence" in html
    assert ">Internal</span>" in html and ">Public</span>" in html
    assert reverse("pipeline:entry_edit", args=[entries[1].pk]) not in html


def test_the_secretariat_gets_the_editing_links(entries, client_for):
    html = page(client_for("secretariat"))
    assert reverse("pipeline:entry_add", args=["XSG"]) in html
    assert reverse("pipeline:entry_edit", args=[entries[1].pk]) in html
    assert reverse("pipeline:entry_delete", args=[entries[0].pk]) in html


def test_entries_after_the_date_shown_are_left_out(entries, client_for):
    assert "Under consideration" not in page(client_for("anonymous"), as_of="2015-12-31")
    assert "Cabinet memorandum" not in page(client_for("cochair"), as_of="2017-05-31")


def test_a_state_without_a_public_entry_shows_no_section_to_the_public(
    stages, signatory, record, client_for
):
    record(signatory, stages["under_review"], D(2016, 1, 10), visibility="internal")
    assert "Domestic procedure" not in page(client_for("anonymous"))


def test_a_new_entry_shows_at_once_on_the_cached_page(stages, signatory, record, client_for):
    client = client_for("anonymous")
    assert "Domestic procedure" not in page(client)
    assert "Domestic procedure" not in page(client)  # now from the page cache
    record(signatory, stages["under_review"], D(2016, 1, 10), visibility="public")
    assert "Under consideration by the government" in page(client)
