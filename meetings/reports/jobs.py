"""Waiting for a report render that runs as a background task (meetings.tasks), within a bound.

A view enqueues the render (or finds the one it enqueued before: the id travels in the "being
prepared" page's refresh URL, so any server process can pick it up) and waits up to
settings.REPORT_TASK_WAIT seconds for it. A reader therefore gets the PDF in the same request
whenever the worker renders it in time; otherwise a page that refreshes itself every few
seconds until the PDF is ready. With the immediate backend (the tests' default) the render has
run by the time enqueue returns.
"""

import time

from django.conf import settings
from django.tasks import TaskResultStatus
from django.tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch

DEFAULT_WAIT = 20
POLL_SECONDS = 0.25
REFRESH_SECONDS = 5


def find(task, job_id: str | None, args: list):
    """The result of `task` with id `job_id` if it exists and was enqueued with `args`, else
    None (an unknown, foreign or mismatched id is ignored: a new render is enqueued)."""
    if not job_id or not task.get_backend().supports_get_result:
        return None
    try:
        result = task.get_result(job_id[:64])
    except (TaskResultDoesNotExist, TaskResultMismatch, ValueError):
        return None
    return result if list(result.args) == list(args) else None


def wait(result, seconds: float | None = None):
    """`result` refreshed until it is finished or `seconds` (REPORT_TASK_WAIT) have passed."""
    seconds = getattr(settings, "REPORT_TASK_WAIT", DEFAULT_WAIT) if seconds is None else seconds
    deadline = time.monotonic() + seconds
    while not result.is_finished and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        result.refresh()
    return result


def outcome(result) -> dict | None:
    """The task's return value once it succeeded; {"error": …} when it failed; None while it
    runs."""
    if not result.is_finished:
        return None
    if result.status == TaskResultStatus.SUCCESSFUL:
        return result.return_value
    return {"error": ""}
