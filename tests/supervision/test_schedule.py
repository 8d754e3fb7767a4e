"""The sweep runs every minute from django-celery-beat; the task is a thin wrapper."""

from django_celery_beat.models import PeriodicTask

from backend.supervision import tasks


def test_the_sweep_is_scheduled_every_minute(db):
    task = PeriodicTask.objects.get(name="supervision: sweep clocks")
    assert task.task == "backend.supervision.tasks.clocks_sweep_task" and task.enabled
    assert (task.interval.every, task.interval.period) == (60, "seconds")


def test_the_task_sweeps_now_and_acks_late(db):
    assert tasks.clocks_sweep_task.acks_late is True
    assert tasks.clocks_sweep_task() == {"processed": 0, "changed": 0, "failed": 0}
