"""Walking a case through the HTML pages, as applicants and staff do."""

from __future__ import annotations

from backend.cases.models import Case
from tests.factories import PDF, PERSON  # noqa: F401  (PDF: re-exported for the page tests)
from workflows.selectors import task_list_visible_to


def file_online(client, item, applicant=None) -> Case:
    response = client.post(f"/guides/{item.code}/apply/", applicant or PERSON)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Case.objects.latest("id")


def inbox_task(client, user, number: str) -> int:
    """The id of the user's open task for a case, checking the inbox page links to it."""
    tasks = [t for t in task_list_visible_to(user=user) if t.process.case.number == number]
    assert len(tasks) == 1, tasks
    page = client.get("/staff/tasks/").content.decode()
    assert f'href="/staff/tasks/{tasks[0].pk}/"' in page
    return tasks[0].pk


def act(client, user, number: str, decision: str, **extra) -> int:
    """Claim from the inbox, open the task page, choose a decision and submit."""
    task_id = inbox_task(client, user, number)
    claimed = client.post(f"/staff/tasks/{task_id}/claim/")
    assert claimed.status_code == 302 and claimed["Location"] == f"/staff/tasks/{task_id}/"
    page = client.get(f"/staff/tasks/{task_id}/").content.decode()
    assert f'value="{decision}"' in page, page
    done = client.post(f"/staff/tasks/{task_id}/complete/", {"decision": decision, **extra})
    assert done.status_code == 302, done.content.decode()[:3000]
    assert done["Location"] == "/staff/tasks/"
    return task_id
