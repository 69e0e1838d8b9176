"""The task worker's jobs for the sources (`manage.py db_worker`, docs/deployment.md)."""

from django_tasks import task

from commoncause.sources.import_requests import import_request_run


@task()
def import_requested(request_id: int) -> str:
    """Import a file a curator uploaded (`sources.import_requests`)."""
    return import_request_run(request_id)
