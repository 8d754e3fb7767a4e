"""`manage.py calendar import`: a new year, a local closure, and files that must be refused whole;
`calendar status` and `calendar draft`."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from backend.workcalendar.calendar import get_calendar, refresh_if_stale
from backend.workcalendar.models import CalendarDay, CalendarVersion
from tests.notices import NOTICE_2027 as YEAR_2027


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return str(path)


def test_importing_2027_makes_it_official(db, tmp_path):
    provisional = get_calendar()
    assert provisional.is_provisional_year(2027)
    # By the statutory rule alone (5, 8, 9, 10 February off) five working days after Friday 29 January
    # end on 11 February; the notice makes Sunday 31 January a working day and closes 11–12 February.
    assert provisional.add_working_days(date(2027, 1, 29), 5) == date(2027, 2, 11)
    assert provisional.provisional_years_between(date(2026, 12, 30), date(2027, 1, 7)) == (2027,)
    path = write(tmp_path, "2027.csv", YEAR_2027)
    out, err = run("calendar", "import", path, "--source", "国办发明电〔2026〕9号")
    assert "#2" in out and "official years 2027" in out and err == ""
    version = CalendarVersion.objects.get(number=2)
    assert version.years == [2027] and version.source == "国办发明电〔2026〕9号" and version.author is None
    cal = refresh_if_stale()
    assert not cal.is_provisional_year(2027) and cal.is_provisional_year(2028)
    assert cal.provisional_years_between(date(2026, 12, 30), date(2027, 1, 7)) == ()
    assert not cal.is_working_day(date(2027, 1, 1))
    assert cal.is_working_day(date(2027, 1, 31))  # a Sunday make-up day
    assert not cal.is_working_day(date(2027, 2, 12))  # a bridging day of the notice
    assert cal.add_working_days(date(2027, 1, 29), 5) == date(2027, 2, 4)
    assert cal.add_working_days(date(2027, 2, 4), 1) == date(2027, 2, 15)
    # Thu 12-31, then 1–3 January off: Mon 4, Tue 5, Wed 6, Thu 7.
    assert cal.add_working_days(date(2026, 12, 30), 5) == date(2027, 1, 7)


def test_a_notice_that_leaves_out_statutory_days_is_refused(db, tmp_path):
    """A new year's file must list every weekday statutory day as a day off: a partial file would
    silently turn the missing festivals into working days."""
    partial = "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-05,holiday,春节\n2027-02-08,holiday,春节\n"
    with pytest.raises(CommandError) as exc:
        run("calendar", "import", write(tmp_path, "2027.csv", partial), "--source", "x")
    message = str(exc.value)
    assert "nothing imported" in message and "2027-10-01（国庆节）" in message and "2027-04-05（清明节）" in message
    assert "2027-01-01" not in message.split("：", 1)[1]  # listed days are not reported
    assert CalendarVersion.objects.count() == 1 and refresh_if_stale().is_provisional_year(2027)


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
    assert refresh_if_stale().is_provisional_year(2027)


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


def test_a_closure_alone_for_a_new_year_warns_and_keeps_it_provisional(db, tmp_path):
    before = get_calendar().add_working_days(date(2027, 3, 9), 1)
    _, err = run("calendar", "import", write(tmp_path, "c.csv", "2027-03-10,closure,停电\n"))
    assert "2027" in err and "warning" in err and "provisional" in err
    cal = refresh_if_stale()
    assert before == date(2027, 3, 10) and cal.add_working_days(date(2027, 3, 9), 1) == date(2027, 3, 11)
    assert cal.is_provisional_year(2027) and not cal.is_working_day(date(2027, 10, 1))  # the rule still holds
    assert CalendarVersion.objects.get(number=2).years == []


def test_status_says_what_is_official_and_what_provisional(db, tmp_path):
    out, _ = run("calendar", "status", "--today", "2026-12-07")
    assert "2004–2026  official" in out and "version #1 chinesecalendar" in out
    assert "2027–2099  provisional" in out and "《全国年节及纪念日放假办法》" in out
    assert "Open clocks: 0; with a provisional deadline: 0" in out
    assert "tongban calendar import 2027.csv" in out
    run("calendar", "import", write(tmp_path, "2027.csv", YEAR_2027), "--source", "国办发明电〔2026〕9号")
    out, _ = run("calendar", "status", "--today", "2026-12-07")
    assert "2027       official (正式)     version #2 国办发明电〔2026〕9号" in out
    assert "2028–2099  provisional" in out and "Action" not in out


def test_draft_prints_a_provisional_year_to_complete(db, tmp_path):
    out, _ = run("calendar", "draft", "2027")
    lines = [line for line in out.splitlines() if not line.startswith("#")]
    assert lines[0] == "date,kind,name"
    assert "2027-02-09,holiday,春节（补假）" in lines and "2027-10-05,holiday,国庆节（补假）" in lines
    assert not any(",workday," in line for line in lines)  # make-up days only come with the notice
    with pytest.raises(CommandError, match="2025–2099"):
        run("calendar", "draft", "2100")


def test_a_notice_with_edge_days_in_a_provisional_year_makes_only_its_own_year_official(db, tmp_path):
    """Like the 2019 notice (which listed 2018-12-29 to 31), a 2028 notice may start in 2027: those
    days apply, and 2027 stays provisional while its own notice is missing."""
    from backend.workcalendar import statutory

    lines = ["date,kind,name", "2027-12-31,holiday,元旦"]
    lines += [f"{d:%Y-%m-%d},holiday,{n}" for d, n in statutory.days_off(2028)]
    out, err = run("calendar", "import", write(tmp_path, "2028.csv", "\n".join(lines) + "\n"), "--source", "x")
    assert "official years 2028" in out and "2027" in err
    cal = refresh_if_stale()
    assert not cal.is_provisional_year(2028) and cal.is_provisional_year(2027)
    assert not cal.is_working_day(date(2027, 12, 31))  # the notice's edge day applies
    assert CalendarVersion.objects.get(number=2).years == [2028]


def test_the_notice_year_can_be_named(db, tmp_path):
    path = write(tmp_path, "2027.csv", YEAR_2027)
    with pytest.raises(CommandError, match="2026"):
        run("calendar", "import", path, "--source", "x", "--year", "2026")
    run("calendar", "import", path, "--source", "x", "--year", "2027")
    assert CalendarVersion.objects.get(number=2).years == [2027]


def test_a_file_that_is_not_text_is_refused_with_the_reason(db, tmp_path):
    path = tmp_path / "notice.xlsx"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe\x80\x81")
    with pytest.raises(CommandError, match="UTF-8 或 GB18030"):
        run("calendar", "import", str(path), "--source", "x")
    assert CalendarVersion.objects.count() == 1
