"""Who may see a case follows the departments of the process version it runs on, not the item's
unpublished draft: moving a step in the draft neither hides a running case from the department
still handling it nor shows past cases to a department merely added."""

from django.test import Client

from backend.accounts.models import Department
from tests import factories
from tests.supervision.conftest import act, at, file_case


def test_editing_the_draft_changes_nobody_s_view_of_running_cases(dept, staff):
    review_dept = Department.objects.create(code="REVIEW", name="县审查中心")
    water = Department.objects.create(code="WATER", name="县水利局")
    reviewer = factories.user("rev2", "reviewer", departments=[review_dept])
    outsider = factories.user("water", "reviewer", departments=[water])
    item = factories.item(dept, steps=["accept", "review", "decide"])
    item.steps.filter(step="review").update(department=review_dept)
    factories.publish(item)
    case = file_case(item, staff, at(2026, 11, 2, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 11, 2, 10))
    item.steps.filter(step="review").update(department=water)  # the draft only: not published

    client = Client()
    client.force_login(reviewer)
    assert client.get(f"/cases/{case.number}/").status_code == 200
    client.force_login(outsider)
    assert client.get(f"/cases/{case.number}/").status_code == 404
