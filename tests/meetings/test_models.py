"""What the database and the validators enforce on their own."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from meetings.models import AgendaItem, Document, Meeting
from meetings.validators import validate_document_symbol


@pytest.mark.parametrize(
    "symbol",
    [
        "ATT/CSP4.WGTU/2018/CHAIR/356/Conf.Rep",
        "ATT/CSP3.WGTU/2017/CHAIR/160/Conf.Rep",
        "ATT/CSP2/2016/WP.4/Rev.1",
    ],
)
def test_att_style_symbols_are_accepted(symbol):
    validate_document_symbol(symbol)


@pytest.mark.parametrize(
    "symbol", ["", "ATT/CSP4", "ATT//2018/X", "ATT/CSP4/2018/", "X/CSP4/2018/A"]
)
def test_other_symbols_are_refused(symbol):
    with pytest.raises(ValidationError):
        validate_document_symbol(symbol)


def test_the_database_refuses_an_agenda_item_without_topic_or_title(march_meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=march_meeting, order=9)


def test_the_database_refuses_two_items_in_the_same_place(march_meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=march_meeting, order=1, title="Clash")


def test_the_database_refuses_an_unknown_meeting_status(march_meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=march_meeting.pk).update(status="postponed")


def test_the_database_refuses_an_annex_without_its_document(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(
            symbol="ATT/CSP2/2016/WP.4/Rev.1", annex="A", title="A", kind="other"
        )


def test_the_internal_material_permission_reaches_cochairs_not_delegates(cochair, delegate):
    assert cochair.has_perm("meetings.view_internal_meeting_material")
    assert not delegate.has_perm("meetings.view_internal_meeting_material")
    assert delegate.has_perm("meetings.view_published_report")
