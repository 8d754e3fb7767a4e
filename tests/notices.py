"""A 2027 holiday notice for tests. HYPOTHETICAL: the State Council had not published the 2027
schedule when this was written. It has the shape of the 2025 and 2026 notices (bridging days paid
for with make-up weekends), so importing it moves provisional deadlines the way the real one will:

- 元旦 1–3 January (Fri–Sun);
- 春节 5–13 February off, Sunday 31 January and Saturday 20 February working;
- 清明 3–5 April; 劳动节 1–5 May, Saturday 8 May working; 端午 9 June; 中秋 15 September;
- 国庆 1–7 October, Sunday 26 September and Saturday 9 October working.
"""

from backend.workcalendar import services

SOURCE_2027 = "国办发明电〔2026〕测试号（假设）"


def _days(first: str, last: str, name: str) -> list[str]:
    from datetime import date, timedelta

    a, b = date.fromisoformat(first), date.fromisoformat(last)
    return [f"{a + timedelta(n):%Y-%m-%d},holiday,{name}" for n in range((b - a).days + 1)]


NOTICE_2027 = "\n".join([
    "date,kind,name",
    *_days("2027-01-01", "2027-01-03", "元旦"),
    *_days("2027-02-05", "2027-02-13", "春节"),
    "2027-01-31,workday,春节调休上班",
    "2027-02-20,workday,春节调休上班",
    *_days("2027-04-03", "2027-04-05", "清明节"),
    *_days("2027-05-01", "2027-05-05", "劳动节"),
    "2027-05-08,workday,劳动节调休上班",
    "2027-06-09,holiday,端午节",
    "2027-09-15,holiday,中秋节",
    *_days("2027-10-01", "2027-10-07", "国庆节"),
    "2027-09-26,workday,国庆节调休上班",
    "2027-10-09,workday,国庆节调休上班",
]) + "\n"


def import_2027(actor=None):
    """Import the hypothetical notice as `tongban calendar import` would (re-projection after commit)."""
    rows = services.calendar_file_parse(NOTICE_2027)
    return services.calendar_version_create(rows=rows, source=SOURCE_2027, note="", actor=actor)
