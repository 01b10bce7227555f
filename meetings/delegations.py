"""Reads of the meeting record: the delegations that took part in a meeting, grouped by their
treaty status on the meeting day (computed from the ledger, never stored) and by organization
kind."""

from dataclasses import dataclass, field

from meetings.record import OrganizationKind, Participation
from states.collation import collation_key
from states.models import State, Status


@dataclass
class Delegation:
    name: str
    kind: str
    # (person, role) of its members: filled only for readers of internal material.
    people: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class DelegationGroup:
    code: str
    label: str
    delegations: list[Delegation]


@dataclass
class MeetingDelegations:
    states: list[DelegationGroup]
    organizations: list[DelegationGroup]

    @property
    def count(self) -> int:
        return sum(len(g.delegations) for g in [*self.states, *self.organizations])


def _group(participations, name_of, people: bool) -> dict:
    delegations: dict = {}
    for p in participations:
        key = p.state_id or f"o{p.organization_id}"
        delegation = delegations.setdefault(key, Delegation(name_of(p), p.kind))
        if people and (p.person or p.role):
            delegation.people.append((p.person, p.role))
    return delegations


@dataclass
class ParticipationData:
    """What meeting_delegations reads (the same in every language): the participations and the
    status of their states on the meeting day."""

    participations: list
    status: dict


def participation_data(meeting) -> ParticipationData:
    """The participations of `meeting` and their states' status on its day. Two queries (one
    when no state took part)."""
    participations = list(Participation.objects.filter(meeting=meeting).with_delegations())
    state_ids = {p.state_id for p in participations if p.state_id}
    status = (
        dict(
            State.objects.with_record(meeting.date)
            .filter(pk__in=state_ids)
            .values_list("pk", "status")
        )
        if state_ids
        else {}
    )
    return ParticipationData(participations, status)


def meeting_delegations(
    meeting, *, people: bool, data: ParticipationData | None = None
) -> MeetingDelegations:
    """The delegations of `meeting`: states grouped by their status on the meeting day (States
    Parties first), then organizations by kind; names sorted in the active language. Persons and
    roles only when `people` (staff). Two queries (participation_data), none with `data`."""
    data = data or participation_data(meeting)
    participations, status = data.participations, data.status
    by_state = _group([p for p in participations if p.state_id], lambda p: p.state.name, people)
    by_org = _group(
        [p for p in participations if p.organization_id], lambda p: p.organization.name, people
    )
    states = []
    for s in Status:
        members = [d for pk, d in by_state.items() if status.get(pk) == s.value]
        if members:
            members.sort(key=lambda d: collation_key(d.name))
            states.append(DelegationGroup(s.value, s.label, members))
    organizations = []
    for kind in OrganizationKind:
        members = [d for d in by_org.values() if d.kind == kind.value]
        if members:
            members.sort(key=lambda d: collation_key(d.name))
            organizations.append(DelegationGroup(kind.value, kind.label, members))
    return MeetingDelegations(states, organizations)
