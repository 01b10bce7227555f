"""Challenge tags: only for non-parties, with evidence and history; closed, reopened, overtaken."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from challenges.models import ChallengeTag, TagStatus
from challenges.services import (
    challenge_tag_close,
    challenge_tag_reopen,
    challenge_tag_update,
    challenge_tags_bulk_create,
)
from states.versioning import StaleEdit
from tests.factories import StateFactory

D = dt.date


def test_tagging_a_state_party_is_refused_with_its_entry_into_force(party, make_tag):
    with pytest.raises(ValidationError) as error:
        make_tag(party, "6.2", noted_on=D(2018, 3, 7))
    message = error.value.message_dict["state"][0]
    assert "Partyland has been a State Party since 10 April 2017" in message
    assert not ChallengeTag.objects.exists()


def test_a_future_party_can_be_tagged_before_its_entry_into_force(party, make_tag):
    # Ratified 10 January 2017, in force 10 April 2017: still a non-party on 9 April.
    assert make_tag(party, "6.2", noted_on=D(2017, 4, 9)).pk


def test_a_tag_records_who_noted_it_with_history(nonparty, make_tag, secretariat):
    tag = make_tag(nonparty, "6.2")
    assert tag.recorded_by == secretariat and tag.is_open
    record = tag.history.get()
    assert (record.history_user, record.history_change_reason) == (secretariat, "created")


def test_a_tag_needs_evidence(nonparty, make_tag):
    with pytest.raises(ValidationError) as error:
        make_tag(nonparty, "6.2", source="", document_symbol="")
    assert "source" in error.value.message_dict


def test_a_document_symbol_alone_is_evidence(nonparty, make_tag):
    tag = make_tag(nonparty, "6", source="", document_symbol="ATT/CSP4.WGTU/2018/CHAIR/356")
    assert tag.challenge.code == "6"


def test_a_tag_cannot_be_noted_in_the_future(nonparty, make_tag):
    with pytest.raises(ValidationError) as error:
        make_tag(nonparty, "6.2", noted_on=dt.date.today() + dt.timedelta(days=1))
    assert "noted_on" in error.value.message_dict


def test_a_second_open_tag_of_the_same_item_is_refused(nonparty, make_tag):
    make_tag(nonparty, "6.2")
    with pytest.raises(ValidationError) as error:
        make_tag(nonparty, "6.2", noted_on=D(2018, 1, 1))
    assert "already noted" in error.value.message_dict["challenge"][0]
    assert ChallengeTag.objects.count() == 1


def test_a_retired_item_cannot_be_used_for_a_new_tag(taxonomy, nonparty, make_tag, secretariat):
    from challenges.services import challenge_retire

    challenge_retire(challenge=taxonomy["4.2"], user=secretariat)
    with pytest.raises(ValidationError) as error:
        make_tag(nonparty, "4.2")
    assert "retired" in error.value.message_dict["challenge"][0]


def test_closing_a_tag_records_when_and_why(nonparty, make_tag, secretariat):
    tag = make_tag(nonparty, "6.2")
    tag = challenge_tag_close(
        tag=tag,
        addressed_on=D(2018, 5, 31),
        reason="Law adopted",
        user=secretariat,
        version=1,
    )
    assert (tag.status, tag.addressed_on, tag.addressed_reason) == (
        TagStatus.ADDRESSED,
        D(2018, 5, 31),
        "Law adopted",
    )
    assert tag.history.first().history_change_reason == "closed"


def test_closing_before_the_date_noted_is_refused(nonparty, make_tag, secretariat):
    tag = make_tag(nonparty, "6.2", noted_on=D(2018, 1, 1))
    with pytest.raises(ValidationError) as error:
        challenge_tag_close(
            tag=tag, version=tag.version, addressed_on=D(2017, 1, 1), reason="x", user=secretariat
        )
    assert "addressed_on" in error.value.message_dict
    tag.refresh_from_db()
    assert tag.is_open


def test_reopening_keeps_the_closure_in_the_history(nonparty, make_tag, secretariat):
    tag = make_tag(nonparty, "6.2")
    challenge_tag_close(
        tag=tag, version=tag.version, addressed_on=D(2018, 5, 31), reason="Law", user=secretariat
    )
    tag = challenge_tag_reopen(tag=tag, user=secretariat)
    assert tag.is_open and tag.addressed_on is None
    reasons = list(tag.history.values_list("history_change_reason", flat=True))
    assert reasons == ["reopened", "closed", "created"]
    assert tag.history.filter(addressed_reason="Law").exists()


def test_open_tags_of_a_new_party_are_overtaken_without_being_rewritten(party, make_tag):
    tag = make_tag(party, "7.1", noted_on=D(2016, 3, 1))
    tag = ChallengeTag.objects.with_deposit_date().get(pk=tag.pk)
    assert tag.overtaken_on(D(2017, 4, 9)) is None
    assert tag.overtaken_on(D(2018, 1, 1)) == D(2017, 4, 10)
    assert tag.status_on(D(2018, 1, 1)) == "overtaken"
    assert tag.status == TagStatus.OPEN and tag.history.count() == 1


def test_open_on_leaves_out_tags_overtaken_by_entry_into_force(party, make_tag):
    tag = make_tag(party, "7.1", noted_on=D(2016, 3, 1))
    assert list(ChallengeTag.objects.open_on(D(2017, 4, 9))) == [tag]
    assert list(ChallengeTag.objects.open_on(D(2017, 4, 10))) == []


def test_a_tag_addressed_before_entry_into_force_is_not_overtaken(party, make_tag, secretariat):
    tag = make_tag(party, "7.1", noted_on=D(2016, 3, 1))
    challenge_tag_close(
        tag=tag,
        version=tag.version,
        addressed_on=D(2016, 12, 1),
        reason="Trained",
        user=secretariat,
    )
    tag = ChallengeTag.objects.with_deposit_date().get(pk=tag.pk)
    assert tag.overtaken_on(D(2018, 1, 1)) is None
    assert tag.status_on(D(2018, 1, 1)) == "addressed"


def test_editing_a_tag_saves_only_the_changed_fields_with_history(nonparty, make_tag, secretariat):
    tag = make_tag(nonparty, "6.2", note="First visit")
    tag = challenge_tag_update(tag=tag, version=1, user=secretariat, note="Second visit")
    assert (tag.note, tag.version) == ("Second visit", 2)
    assert tag.history.first().history_change_reason == "edited"


def test_a_stale_edit_is_refused_naming_what_changed(nonparty, make_tag, secretariat, cochair):
    tag = make_tag(nonparty, "6.2", note="First visit")
    challenge_tag_update(tag=tag, version=1, user=secretariat, note="Changed meanwhile")
    with pytest.raises(StaleEdit) as error:
        challenge_tag_update(tag=tag, version=1, user=secretariat, note="My edit")
    assert "Changed meanwhile" in error.value.message
    assert "First visit" in error.value.message
    tag.refresh_from_db()
    assert tag.note == "Changed meanwhile"


def test_bulk_tagging_creates_one_tag_per_state(taxonomy, secretariat):
    states = [StateFactory() for _ in range(3)]
    tags = challenge_tags_bulk_create(
        states=states,
        challenge=taxonomy["8.3"],
        noted_on=D(2018, 3, 7),
        source="WGTU meeting",
        user=secretariat,
    )
    assert len(tags) == 3 and ChallengeTag.objects.filter(challenge__code="8.3").count() == 3


def test_bulk_tagging_is_all_or_nothing_and_names_the_refused_state(
    taxonomy, nonparty, party, secretariat
):
    with pytest.raises(ValidationError) as error:
        challenge_tags_bulk_create(
            states=[nonparty, party],
            challenge=taxonomy["8.3"],
            noted_on=D(2018, 3, 7),
            source="WGTU meeting",
            user=secretariat,
        )
    assert "Partyland" in error.value.message_dict["states"][0]
    assert not ChallengeTag.objects.exists()
