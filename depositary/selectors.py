"""Reads of the depositary app for other pages."""

from depositary.models import DepositarySync
from states.freshness import Freshness


def freshness() -> Freshness:
    """The latest successful sync: the day it compared the portal with the depositary's file and
    the differences still awaiting review (states.freshness). One query."""
    latest = (
        DepositarySync.objects.successful()
        .latest_first()
        .values_list("checked_on", "differences_pending")
        .first()
    )
    if latest is None:
        return Freshness()
    return Freshness(checked_on=latest[0], differences_pending=latest[1])
