"""Background work through django.tasks: the database backend (the default outside the tests)
with a worker run in this process, and the RQ backend against Redis.

The tests' settings use the immediate backend (every task runs when enqueued); these tests switch
to the database backend and run the worker of django-tasks-db in-process (batch mode: it runs
what is pending, then returns), as `manage.py db_worker` does beside `make run`.
"""

import os
import socket
from unittest import mock

import pytest
from django.tasks import TaskResultStatus, task_backends
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from depositary.models import DepositarySync
from meetings import services as meeting_services
from meetings.models import Meeting, RenderedReport
from meetings.reports import cache
from tests.meetings.test_report_download import PDF_A, report_url

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_backend(settings):
    settings.TASKS = DATABASE
    settings.REPORT_TASK_WAIT = 0  # no worker runs during the request: answer at once
    return task_backends["default"]


def run_worker():
    """django-tasks-db's worker, in this process: every pending task, then return. Its
    close_old_connections() would close the test's connection inside the test transaction
    (autocommit is off there), so it is a no-op here; everything else is the real worker."""
    from django_tasks_db.management.commands import db_worker

    worker = db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        worker.run()


@pytest.fixture
def march_meeting(db) -> Meeting:
    meeting_services.work_plan_load()
    return Meeting.objects.get(date="2018-03-07")


@pytest.fixture
def renderer():
    with mock.patch.object(cache, "render_meeting_report", return_value=PDF_A) as fake:
        yield fake


@pytest.mark.django_db
def test_a_report_download_is_prepared_by_the_worker_then_served(
    database_backend, client_for, march_meeting, renderer
):
    client = client_for("delegate")
    march_meeting.report_published = True
    march_meeting.save()
    response = client.get(report_url(march_meeting))
    # Nothing rendered in the request: the render waits in the database for the worker.
    assert response.status_code == 202
    assert "The report is being prepared" in response.text
    job = DBTaskResult.objects.get()
    assert job.status == TaskResultStatus.READY and job.task_path.endswith("meeting_report_render")
    assert f"job={job.id}" in response.text and 'http-equiv="refresh"' in response.text
    assert not RenderedReport.objects.exists() and renderer.call_count == 0

    run_worker()

    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL and renderer.call_count == 1
    again = client.get(report_url(march_meeting, job=job.id))
    assert again.status_code == 200 and again.content == PDF_A[2]
    # Served from storage at once afterwards: no new task.
    assert client.get(report_url(march_meeting)).content == PDF_A[2]
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db
def test_refreshing_the_page_does_not_enqueue_the_render_twice(
    database_backend, client_for, march_meeting, renderer
):
    client = client_for("secretariat")
    first = client.get(report_url(march_meeting))
    job = DBTaskResult.objects.get()
    assert client.get(report_url(march_meeting, job=job.id)).status_code == 202
    assert DBTaskResult.objects.count() == 1
    # A job id of another report (or a made-up one) is not taken for this one.
    other = client.get(report_url(march_meeting, lang="fr", job=job.id))
    assert other.status_code == 202 and DBTaskResult.objects.count() == 2
    assert client.get(report_url(march_meeting, job="not-a-uuid")).status_code == 202
    assert first.status_code == 202


@pytest.mark.django_db
def test_a_render_that_fails_answers_503_with_the_message(
    database_backend, client_for, march_meeting
):
    from meetings.reports.pdf import ReportUnavailable

    client = client_for("secretariat")
    client.get(report_url(march_meeting))
    job = DBTaskResult.objects.get()
    with mock.patch.object(
        cache, "render_meeting_report", side_effect=ReportUnavailable("Too long to produce.")
    ):
        run_worker()
    response = client.get(report_url(march_meeting, job=job.id))
    assert response.status_code == 503 and "Too long to produce." in response.text


@pytest.mark.django_db
def test_a_briefing_pack_is_rendered_by_the_worker(database_backend, client_for, reference_data):
    client = client_for("cochair")
    url = reverse("reports:briefing", args=["AGO"]) + "?lang=en&as_of=2018-05-31"
    fake = ("WGTU_briefing_AGO.pdf", "application/pdf", b"%PDF-briefing")
    with mock.patch("meetings.tasks.render_state_briefing", return_value=fake):
        assert client.get(url).status_code == 202
        job = DBTaskResult.objects.get()
        run_worker()
    response = client.get(f"{url}&job={job.id}")
    assert response.status_code == 200 and response.content == b"%PDF-briefing"
    assert response["Content-Disposition"] == 'inline; filename="WGTU_briefing_AGO.pdf"'


@pytest.mark.django_db
def test_check_now_runs_the_sync_in_the_worker(database_backend, client_for, reference_data):
    client = client_for("secretariat")
    response = client.post(reverse("depositary:sync"), follow=True)
    assert "started in the background" in response.text
    assert not DepositarySync.objects.exists()
    run_worker()
    # The tests' settings point the sync at a closed local port: a recorded failure.
    sync = DepositarySync.objects.get()
    assert sync.outcome == "failed" and "could not be fetched" in sync.message
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


# --- RQ (Redis) ---------------------------------------------------------------------------------

REDIS = ("127.0.0.1", 6379)


def redis_reachable() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def rq_backend(settings):
    if not redis_reachable():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Redis is not reachable at 127.0.0.1:6379 in CI: .ci/run must start it")
        pytest.skip("Redis is not reachable at 127.0.0.1:6379 (CI starts it; here it is optional)")
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:6379/15", "DEFAULT_TIMEOUT": 60}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    import django_rq

    queue = django_rq.get_queue("default")
    queue.empty()
    yield queue
    queue.empty()


def test_a_task_runs_through_rq_and_redis(rq_backend):
    import django_rq
    from django_tasks_rq import Job
    from rq.worker import SimpleWorker

    from tests.tasks.sample import add

    result = add.enqueue(2, 3)
    assert result.status == TaskResultStatus.READY
    assert rq_backend.count == 1

    class BurstWorker(SimpleWorker):
        """Without the channel of commands (kill, stop) a burst run never reads: RQ's reader
        thread waits up to 60 s for a message, and closing it while it waits took those 60 s
        in one run of the suite out of two."""

        def subscribe(self):
            self.pubsub_thread = None

    # The worker `manage.py rqworker --job-class django_tasks_rq.Job` runs, in this process.
    worker = django_rq.get_worker("default", job_class=Job, worker_class=BurstWorker)
    worker.work(burst=True)
    result.refresh()
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, 5)
