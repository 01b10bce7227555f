"""A task the RQ test runs: it must be importable by module path, as every task is."""

from django.tasks import task


@task
def add(a: int, b: int) -> int:
    return a + b
