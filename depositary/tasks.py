"""Background tasks of the depositary app (django.tasks; settings.TASKS chooses the backend)."""

from django.tasks import task

from depositary.sync import depositary_sync


@task
def depositary_sync_task(url: str | None = None) -> dict:
    """The sync ("Check now" on the depositary page): {"sync": id, "outcome", "exit_status"}."""
    report = depositary_sync(url=url)
    return {
        "sync": report.sync.pk,
        "outcome": report.sync.outcome,
        "exit_status": report.exit_status,
    }
