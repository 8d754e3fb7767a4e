"""Data for the SQLite demo race, written through the application's own services in a separate
process (`python -m tests.concurrency.seed N`, DATABASE_URL naming the scenario's SQLite file), so
the test process never opens the file itself. Prints one JSON object: the ten clerks' API tokens
and N filed cases, each waiting at acceptance with its (unclaimed) task.
"""

from __future__ import annotations

import json
import os
import sys

import django

CLERKS = 10


def seed(n: int) -> dict:
    from django.utils import timezone
    from rest_framework.authtoken.models import Token
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from tests import factories
    from workflows import services as flow

    dept = factories.department("market", "市场监督管理局")
    centre = factories.centre()
    applicant = factories.user("applicant", "applicant")
    tokens = {}
    for i in range(CLERKS):
        clerk = factories.user(f"clerk{i}", "clerk", departments=[dept], service_centre=centre)
        tokens[clerk.username] = Token.objects.create(user=clerk).key
    item = factories.item(dept)
    cases = []
    for i in range(n):
        case = flow.case_file_and_start(item_code=item.code, channel="online", actor=applicant, now=timezone.now(),
                                        applicant={**factories.PERSON, "mobile": f"138{i:08d}"})
        task = Task.objects.get(process_id=case.process_id, status=STATUS.NEW)
        cases.append({"number": case.number, "task": task.pk})
    return {"tokens": tokens, "password": factories.PASSWORD, "cases": cases}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")
    django.setup()
    print(json.dumps(seed(int(sys.argv[1]))))


if __name__ == "__main__":
    main()
