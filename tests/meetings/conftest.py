"""Fixtures of the meetings tests: the seeded CSP4 plan, a private MEDIA_ROOT, sample files."""

import pytest

from meetings import services
from meetings.models import Meeting, WorkPlan
from tests.snapshots import holds_none_of, restore_rows


@pytest.fixture
def work_plan(db, work_plan_snapshot) -> WorkPlan:
    """The CSP4 work plan as load_reference_data seeds it (without the states' data): the
    captured rows, or, when the test already holds some of them (its conferences, the reference
    data), the loader itself, which completes what is missing."""
    if holds_none_of(work_plan_snapshot):
        restore_rows(work_plan_snapshot)
    else:
        services.work_plan_load()
    return WorkPlan.objects.get(conference__number=4)


@pytest.fixture
def march_meeting(work_plan) -> Meeting:
    return work_plan.meetings.get(date="2018-03-07")


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads go to a fresh folder, so a test can see exactly what was stored."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root
