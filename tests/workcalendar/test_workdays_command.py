"""`manage.py workdays` prints exactly the date or the count."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(*args) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


def test_add_prints_the_deadline_alone(db):
    assert run("add", "2026-09-30", "5") == "2026-10-13\n"
    assert run("add", "2026-09-30", "0") == "2026-09-30\n"


def test_between_prints_the_count_alone(db):
    assert run("between", "2026-09-30", "2026-10-15") == "7\n"
    assert run("between", "2026-10-15", "2026-09-30") == "0\n"


@pytest.mark.parametrize("args,fragment", [
    (("add", "2026-12-30", "5"), "2027-01-01"),
    (("add", "2026-02-30", "5"), "YYYY-MM-DD"),
    (("add", "2026-09-30", "-1"), ">= 0"),
    (("between", "2026-09-30", "2027-02-01"), "2027"),
])
def test_errors_are_command_errors(db, args, fragment):
    with pytest.raises(CommandError, match=fragment):
        run(*args)
