"""An applicant who opens a task of their own case (a link shared by staff, a guessed URL) is sent
to their case page: the task page shows internal step budgets and staff names."""

from django.test import Client
from django.utils import timezone

from tests import factories
from workflows import services as flow
from workflows.selectors import tasks_open_for_case


def test_the_applicant_is_sent_to_the_case_page(staff, dept):
    item = factories.item(dept)
    case = flow.case_file_and_start(item_code=item.code, channel="online", applicant=factories.PERSON,
                                    actor=staff["applicant"], now=timezone.now())
    task = tasks_open_for_case(case=case).get()
    applicant = Client()
    applicant.force_login(staff["applicant"])
    response = applicant.get(f"/staff/tasks/{task.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.number}/"
    supervisor = Client()
    supervisor.force_login(staff["supervisor"])
    assert supervisor.get(f"/staff/tasks/{task.pk}/").status_code == 200  # read-only, as before
    other = Client()
    other.force_login(staff["applicant2"])
    assert other.get(f"/staff/tasks/{task.pk}/").status_code == 404
