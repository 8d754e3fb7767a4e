"""The sweep runs every minute from django-celery-beat; the task is a thin wrapper."""

from django_celery_beat.models import PeriodicTask

from backend.supervision import tasks


def test_the_sweep_is_scheduled_every_minute(db):
    task = PeriodicTask.objects.get(name="supervision: sweep clocks")
    assert task.task == "backend.supervision.tasks.clocks_sweep_task" and task.enabled
    assert (task.interval.every, task.interval.period) == (60, "seconds")


def test_the_task_sweeps_now_and_acks_late(db):
    assert tasks.clocks_sweep_task.acks_late is True
    assert tasks.clocks_sweep_task() == {"processed": 0, "changed": 0, "failed": 0, "reprojected_versions": []}


def test_the_sweep_task_runs_a_re_projection_left_pending(db):
    """A crash after an import committed leaves its version pending: the next sweep runs it, once."""
    from backend.supervision.models import LogEntry
    from backend.workcalendar.models import CalendarVersion
    from tests.notices import import_2027

    version = import_2027()  # in a test transaction the after-commit re-projection never runs
    assert CalendarVersion.objects.get(pk=version.pk).reprojected_at is None
    assert tasks.clocks_sweep_task()["reprojected_versions"] == [version.number]
    assert CalendarVersion.objects.get(pk=version.pk).reprojected_at is not None
    assert tasks.clocks_sweep_task()["reprojected_versions"] == []
    assert LogEntry.objects.filter(kind="calendar_reprojected", payload__version=version.number).count() == 1
