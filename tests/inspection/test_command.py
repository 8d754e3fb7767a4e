"""`tongban inspect` and the reply's evidence files."""

from __future__ import annotations

from io import StringIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from backend.inspection.models import InspectionRun, Problem
from tests.samples import PDF

from .conftest import at, pinned


def test_the_command_runs_the_chosen_checks_and_prints_the_findings(people, column):
    out = StringIO()
    with pinned(at(2026, 11, 20)):
        call_command("inspect", "--check", "empty_column", stdout=out)
    text = out.getvalue()
    assert "empty_column\tcolumn:zcwj" in text and "1 opened" in text
    run = InspectionRun.objects.get()
    assert run.trigger == "manual" and run.checks == ["empty_column"]


def test_the_unit_attaches_evidence_to_its_reply(client, people, column):
    with pinned(at(2026, 11, 20)):
        call_command("inspect", "--check", "empty_column", stdout=StringIO())
    problem = Problem.objects.get()
    client.force_login(people["drafter"])
    bad = SimpleUploadedFile("x.pdf", b"<html>no</html>", content_type="application/pdf")
    r = client.post(f"/inspection/{problem.pk}/reply/", {"text": "已发布", "files": [bad]})
    assert r.status_code == 400
    problem.refresh_from_db()
    assert problem.status == "open" and not problem.files.exists()
    good = SimpleUploadedFile("截图.pdf", PDF, content_type="application/pdf")
    assert client.post(f"/inspection/{problem.pk}/reply/", {"text": "已发布", "files": [good]}).status_code == 302
    problem.refresh_from_db()
    assert problem.status == "replied" and [f.original_name for f in problem.files.all()] == ["截图.pdf"]
    assert "截图.pdf" in client.get(f"/inspection/{problem.pk}/").content.decode()


def test_the_api_takes_a_multipart_reply_with_evidence(api, people, column):
    with pinned(at(2026, 11, 20)):
        call_command("inspect", "--check", "empty_column", stdout=StringIO())
    problem = Problem.objects.get()
    good = SimpleUploadedFile("整改说明.pdf", PDF, content_type="application/pdf")
    r = api(people["drafter"]).post(f"/api/v1/disclosure/inspection/problems/{problem.pk}/reply/",
                                    {"text": "已发布", "files": [good]}, format="multipart")
    assert r.status_code == 200 and r.json()["status"] == "replied"
    assert [f.original_name for f in problem.files.all()] == ["整改说明.pdf"]


def test_the_daily_beat_row_points_at_the_task(db):
    from django_celery_beat.models import PeriodicTask

    from backend.config.celery import app

    row = PeriodicTask.objects.get(name="inspection: daily automatic inspection")
    assert row.task == "backend.inspection.tasks.inspection_run_task" and row.enabled
    assert (row.crontab.hour, row.crontab.minute) == ("1", "30")
    app.loader.import_default_modules()
    assert row.task in app.tasks
