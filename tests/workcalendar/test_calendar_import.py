"""`manage.py calendar import`: a new year, a local closure, and files that must be refused whole."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from backend.workcalendar.calendar import CalendarNotCovered, get_calendar, refresh_if_stale
from backend.workcalendar.models import CalendarDay, CalendarVersion

YEAR_2027 = """date,kind,name
2027-01-01,holiday,元旦
2027-02-06,holiday,春节
2027-02-07,holiday,春节
2027-02-08,holiday,春节
2027-02-09,holiday,春节
2027-02-10,holiday,春节
2027-02-11,holiday,春节
2027-02-12,holiday,春节
2027-02-13,holiday,春节
2027-02-14,workday,春节
"""


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return str(path)


def test_importing_2027_makes_it_covered(db, tmp_path):
    with pytest.raises(CalendarNotCovered):
        get_calendar().add_working_days(date(2026, 12, 30), 5)
    path = write(tmp_path, "2027.csv", YEAR_2027)
    out, err = run("calendar", "import", path, "--source", "国办发明电〔2026〕9号")
    assert "#2" in out and err == ""
    version = CalendarVersion.objects.get(number=2)
    assert version.years == [2027] and version.source == "国办发明电〔2026〕9号" and version.author is None
    cal = refresh_if_stale()
    assert cal.covered_until() == date(2027, 12, 31)
    assert not cal.is_working_day(date(2027, 1, 1))
    assert cal.is_working_day(date(2027, 2, 14))  # a Sunday make-up day
    # Thu 12-31, then Jan 1 off: Mon 4, Tue 5, Wed 6, Thu 7.
    assert cal.add_working_days(date(2026, 12, 30), 5) == date(2027, 1, 7)


def test_a_local_closure_removes_a_working_day(db, tmp_path):
    assert get_calendar().add_working_days(date(2026, 3, 9), 1) == date(2026, 3, 10)
    get_user_model().objects.create_user("calendar-admin")
    out, _ = run("calendar", "import", write(tmp_path, "closure.csv", "2026-03-10,closure,台风停止办公\n"),
                 "--author", "calendar-admin")
    version = CalendarVersion.objects.get(number=2)
    assert version.source == "closure.csv" and version.author.username == "calendar-admin"
    cal = get_calendar()
    assert not cal.is_working_day(date(2026, 3, 10))
    assert cal.add_working_days(date(2026, 3, 9), 1) == date(2026, 3, 11)


def test_a_later_version_overrides_an_earlier_one(db, tmp_path):
    # 2026-10-10 is a make-up Saturday in the seed; a later closure wins for that date.
    run("calendar", "import", write(tmp_path, "c.csv", "2026-10-10,closure,停电\n"))
    assert not get_calendar().is_working_day(date(2026, 10, 10))


def test_a_bad_file_names_each_line_and_imports_nothing(db, tmp_path):
    text = ("date,kind,name\n2027-01-01,holiday,元旦\n"
            "2027-13-01,holiday\n2027-02-01,weekday\n2027-01-01,workday\n")
    with pytest.raises(CommandError) as exc:
        run("calendar", "import", write(tmp_path, "bad.csv", text))
    message = str(exc.value)
    assert all(f"第 {n} 行：" in message for n in (3, 4, 5))
    assert "第 2 行：" not in message
    assert CalendarVersion.objects.count() == 1
    assert CalendarDay.objects.filter(date__year=2027).count() == 0
    assert not refresh_if_stale().is_covered(date(2027, 1, 1))


@pytest.mark.parametrize("text,line", [
    ("", None), ("# only a comment\n", None), ("2027-01-01\n", 1), ("2027/01/01,holiday\n", 1),
    ("x,y,z,w\n", 1), ("3027-01-01,holiday\n", 1), ("date,kind\n2027-01-01,holiday\n2027-02-30,holiday\n", 3),
])
def test_malformed_files_are_refused(db, tmp_path, text, line):
    with pytest.raises(CommandError) as exc:
        run("calendar", "import", write(tmp_path, "bad.csv", text))
    assert (f"第 {line} 行" in str(exc.value)) if line else "没有任何日期行" in str(exc.value)
    assert CalendarVersion.objects.count() == 1


def test_gb18030_file_and_unknown_author(db, tmp_path):
    path = write(tmp_path, "gbk.csv", "2026-03-10,closure,停电\n", encoding="gb18030")
    with pytest.raises(CommandError, match="nobody"):
        run("calendar", "import", path, "--author", "nobody")
    run("calendar", "import", path)
    assert CalendarDay.objects.get(version__number=2).name == "停电"


def test_a_closure_alone_for_a_new_year_warns(db, tmp_path):
    _, err = run("calendar", "import", write(tmp_path, "c.csv", "2027-03-10,closure,停电\n"))
    assert "2027" in err and "warning" in err
