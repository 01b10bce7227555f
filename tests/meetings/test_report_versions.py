"""The data version of a meeting report (meetings.reports.versions): one query at any data size,
and it changes with every create, edit and delete in a table behind the report, with a bulk load
without history, and with the layout; it does not change when nothing the report reads changed."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from challenges.models import Challenge, ChallengeTag
from depositary.models import DepositarySync
from meetings.models import (
    AgendaItem,
    Conference,
    Document,
    Meeting,
    Organization,
    Participation,
    PlanActivity,
    Presenter,
    RenderedReport,
    StandardTopic,
    Summary,
    WorkPlan,
)
from meetings.reports import versions
from meetings.reports.cache import report_data_version
from outreach.models import ActivityKind, ActorRole, FollowUp, OutreachActivity
from pipeline.models import ProcedureStage, StageEntry
from states.models import State, TreatyAction
from tests.factories import StateFactory, TreatyActionFactory
from tests.outreach.factories import FollowUpFactory, OutreachActivityFactory, bulk_activities

D = dt.date
PUBLIC, INTERNAL = "public", "internal"
StateLink = OutreachActivity.states.through
TagLink = OutreachActivity.challenge_tags.through
# The activities' links to the stage entries they noted (in outreach's versions).
StageLink = OutreachActivity.stage_entries.through


@dataclass
class World:
    """Rows that the records under test hang from, created before the first version is read."""

    march: Meeting
    plan: WorkPlan
    state: State
    other_state: State
    activity: OutreachActivity
    challenge: Challenge
    tag: ChallengeTag


@pytest.fixture
def world(march_meeting) -> World:
    state, other_state = StateFactory(), StateFactory()
    challenge = Challenge.objects.create(code="9", title_en="A test challenge")
    activity = OutreachActivityFactory(states=[state])
    tag = ChallengeTag.objects.create(challenge=challenge, state=state, noted_on=D(2018, 1, 15))
    return World(
        march=march_meeting,
        plan=march_meeting.plan,
        state=state,
        other_state=other_state,
        activity=activity,
        challenge=challenge,
        tag=tag,
    )


def version(world: World, edition: str) -> str:
    return report_data_version(world.march, edition)


# --- Each table behind the report: how to create a row in it, and a field to edit ----------------

CASES = {
    State: (lambda w: StateFactory(), "name_en"),
    TreatyAction: (lambda w: TreatyActionFactory(state=w.other_state), "source"),
    Conference: (lambda w: Conference.objects.create(number=20, place="Geneva"), "place"),
    WorkPlan: (
        lambda w: WorkPlan.objects.create(
            title="CSP5 work plan",
            conference=Conference.objects.get(number=5),
            opening_conference=Conference.objects.get(number=4),
        ),
        "title",
    ),
    Meeting: (
        lambda w: Meeting.objects.create(plan=w.plan, date=D(2018, 7, 4), title="Extra meeting"),
        "title",
    ),
    AgendaItem: (
        lambda w: AgendaItem.objects.create(meeting=w.march, order=99, title="Any other business"),
        "public_notes",
    ),
    StandardTopic: (
        lambda w: StandardTopic.objects.create(code="test-topic", title_en="A topic"),
        "title_en",
    ),
    # The plan's other activities are printed since issue 22 (in the reader's language).
    PlanActivity: (
        lambda w: PlanActivity.objects.create(plan=w.plan, kind="workshop", title="A workshop"),
        "title_fr",
    ),
    OutreachActivity: (lambda w: OutreachActivityFactory(), "place"),
    FollowUp: (lambda w: FollowUpFactory(activity=w.activity), "action"),
    Challenge: (lambda w: Challenge.objects.create(code="8", title_en="Another"), "title_en"),
    ChallengeTag: (
        lambda w: ChallengeTag.objects.create(
            challenge=w.challenge, state=w.other_state, noted_on=D(2018, 2, 1)
        ),
        "note",
    ),
    # The freshness line: the depositary sync runs.
    DepositarySync: (
        lambda w: DepositarySync.objects.create(
            started_at=dt.datetime(2026, 12, 6, tzinfo=dt.UTC),
            url="https://example.org/XXVI-8.en.xml",
            outcome="agrees",
            checked_on=D(2026, 12, 6),
        ),
        "url",
    ),
    # The meeting record (issue 16).
    Organization: (
        lambda w: Organization.objects.create(name="Saferworld", kind="ngo_think_tank"),
        "name",
    ),
    Participation: (lambda w: Participation.objects.create(meeting=w.march, state=w.state), "role"),
    Presenter: (
        lambda w: Presenter.objects.create(
            agenda_item=w.march.agenda_items.first(), state=w.state, title="Slides"
        ),
        "title",
    ),
    Summary: (lambda w: Summary.objects.create(meeting=w.march, text="Draft"), "text"),
    # The slides of presenters are documents (the report prints their symbol).
    Document: (
        lambda w: Document.objects.create(symbol="ATT/TEST/2018/1", title="Slides", kind="other"),
        "symbol",
    ),
    ProcedureStage: (
        lambda w: ProcedureStage.objects.create(code="test_stage", order=99, name_en="A stage"),
        "name_en",
    ),
    StageEntry: (
        lambda w: StageEntry.objects.create(
            state=w.other_state,
            stage=ProcedureStage.objects.create(code="other_stage", order=98, name_en="Other"),
            date=D(2018, 2, 1),
            source="Gazette",
        ),
        "note",
    ),
}
PUBLIC_TABLES = [State, TreatyAction, Conference, WorkPlan, Meeting, AgendaItem, StandardTopic]
PUBLIC_TABLES += [OutreachActivity, DepositarySync, PlanActivity]
PUBLIC_TABLES += [Organization, Participation, Presenter, Summary, Document]
INTERNAL_ONLY = [FollowUp, Challenge, ChallengeTag, ProcedureStage, StageEntry]
EDITIONS_OF = {model: [PUBLIC, INTERNAL] for model in PUBLIC_TABLES}
EDITIONS_OF.update({model: [INTERNAL] for model in INTERNAL_ONLY})


def test_the_cases_cover_every_table_of_both_editions():
    with_history = {m for m in versions.INTERNAL_MODELS if hasattr(m, "history")}
    assert with_history == set(CASES)
    assert {m for m in versions.PUBLIC_MODELS if hasattr(m, "history")} == set(PUBLIC_TABLES)
    assert set(versions.PUBLIC_MODELS) - set(PUBLIC_TABLES) == {StateLink}
    assert set(versions.INTERNAL_MODELS) - set(CASES) == {StateLink, TagLink, StageLink}


@pytest.mark.parametrize(
    ("model", "edition"),
    [(model, edition) for model, editions in EDITIONS_OF.items() for edition in editions],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_a_create_an_edit_and_a_delete_each_change_the_version(world, model, edition):
    make, field = CASES[model]
    seen = [version(world, edition)]

    row = make(world)
    seen.append(version(world, edition))

    row = model.objects.get(pk=row.pk)
    setattr(row, field, f"{getattr(row, field)} (edited)")
    row.save()
    seen.append(version(world, edition))

    row.delete()
    seen.append(version(world, edition))

    assert len(set(seen)) == 4, seen


@pytest.mark.parametrize("model", INTERNAL_ONLY, ids=lambda m: m.__name__)
def test_internal_records_leave_the_public_edition_alone(world, model):
    make, _field = CASES[model]
    before = version(world, PUBLIC)
    make(world)
    assert version(world, PUBLIC) == before


@pytest.mark.parametrize("edition", [PUBLIC, INTERNAL])
def test_an_activity_gaining_a_state_changes_the_version(world, edition):
    before = version(world, edition)
    world.activity.states.add(world.other_state)  # a link alone, the activity not saved
    assert version(world, edition) != before


def test_a_new_challenge_tag_link_changes_the_internal_version(world):
    before = version(world, INTERNAL)
    world.activity.challenge_tags.add(world.tag)
    assert version(world, INTERNAL) != before


@pytest.mark.parametrize("edition", [PUBLIC, INTERNAL])
def test_a_bulk_load_without_history_changes_the_version(world, edition):
    before = version(world, edition)
    bulk_activities(3, [world.state], followups=False)
    assert version(world, edition) != before


def test_a_bulk_load_of_follow_ups_changes_the_internal_version(world):
    before = version(world, INTERNAL)
    FollowUp.objects.bulk_create([FollowUp(activity=world.activity, action="Call back")])
    assert version(world, INTERNAL) != before


@pytest.fixture
def layout_file(tmp_path, monkeypatch):
    """A file counted as part of the report's layout (as the templates and the print CSS are)."""
    path = tmp_path / "report.html"
    path.write_text("<p>one layout</p>")
    monkeypatch.setattr(versions, "LAYOUT_FILES", (*versions.LAYOUT_FILES, str(path)))
    versions.layout_digest.cache_clear()
    yield path
    versions.layout_digest.cache_clear()


def test_a_layout_change_changes_the_version(world, layout_file):
    before = version(world, PUBLIC)
    layout_file.write_text("<p>another layout</p>")
    versions.layout_digest.cache_clear()  # read once per process: a deployment restarts it
    assert version(world, PUBLIC) != before


@pytest.mark.parametrize("edition", [PUBLIC, INTERNAL])
def test_nothing_changed_gives_the_same_version(world, edition):
    assert version(world, edition) == version(world, edition)


@pytest.mark.parametrize("edition", [PUBLIC, INTERNAL])
def test_writes_the_report_does_not_read_leave_the_version_alone(world, secretariat, edition):
    before = version(world, edition)
    # A stored rendering (storing one must not make it stale), a sign-in.
    RenderedReport.objects.create(
        meeting=world.march,
        edition=edition,
        language="en",
        data_version=before,
        filename="r.pdf",
        content=b"%PDF",
        size=4,
    )
    User.objects.filter(pk=secretariat.pk).update(last_login=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert version(world, edition) == before


def test_each_meeting_and_edition_has_its_own_version(world, work_plan):
    may = work_plan.meetings.get(date="2018-05-31")
    assert (
        len(
            {
                version(world, PUBLIC),
                version(world, INTERNAL),
                report_data_version(may, PUBLIC),
            }
        )
        == 3
    )


def test_the_version_is_a_64_character_digest(world):
    value = version(world, INTERNAL)
    assert len(value) == 64 and int(value, 16) >= 0


# --- cost -----------------------------------------------------------------------------------------


def _grow(world, n):
    """n more activities (with states, follow-ups and tag links) and as many history rows."""
    states = [StateFactory() for _ in range(5)]
    bulk_activities(n, states, tags=[world.tag])
    for i in range(n // 10):
        OutreachActivity.objects.create(
            start_date=D(2017, 1, 1) + dt.timedelta(days=i),
            actor_role=ActorRole.PRESIDENCY,
            actor_name=f"Envoy {i}",
            kind=ActivityKind.VISIT,
        )


@pytest.mark.parametrize("edition", [PUBLIC, INTERNAL])
def test_the_version_is_one_query_at_any_data_size(world, django_assert_num_queries, edition):
    with django_assert_num_queries(1):
        small = version(world, edition)
    _grow(world, 400)
    with django_assert_num_queries(1):
        large = version(world, edition)
    assert small != large
