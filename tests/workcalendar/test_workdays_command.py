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


def test_a_provisional_figure_is_still_printed_alone_with_a_note_on_stderr(db):
    out, err = StringIO(), StringIO()
    call_command("workdays", "add", "2026-12-30", "5", stdout=out, stderr=err)
    assert out.getvalue() == "2027-01-07\n"  # Thu 31 Dec, then 1 Jan off: 4, 5, 6, 7 Jan
    assert "provisional" in err.getvalue() and "2027" in err.getvalue()
    quiet = StringIO()
    call_command("workdays", "add", "2026-09-30", "5", stdout=StringIO(), stderr=quiet)
    assert quiet.getvalue() == ""


def test_between_prints_the_count_alone(db):
    assert run("between", "2026-09-30", "2026-10-15") == "7\n"
    assert run("between", "2026-10-15", "2026-09-30") == "0\n"


@pytest.mark.parametrize("args,fragment", [
    (("add", "2099-12-30", "5"), "2100-01-01"),
    (("add", "2026-02-30", "5"), "YYYY-MM-DD"),
    (("add", "2026-09-30", "-1"), ">= 0"),
    (("between", "2099-09-30", "2100-02-01"), "2100"),
])
def test_errors_are_command_errors(db, args, fragment):
    with pytest.raises(CommandError, match=fragment):
        run(*args)
