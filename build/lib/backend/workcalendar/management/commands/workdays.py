"""`manage.py workdays add DATE N` prints the deadline; `workdays between START END` the count."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from backend.workcalendar.calendar import CalendarNotCovered, refresh_if_stale


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"invalid date {value!r}, expected YYYY-MM-DD (日期格式错误)") from exc


class Command(BaseCommand):
    help = "Working-day arithmetic on the effective calendar (工作日计算)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="the N-th working day strictly after DATE (N = 0: DATE itself)")
        add.add_argument("start")
        add.add_argument("n", type=int)
        between = sub.add_parser("between", help="number of working days d with START < d <= END")
        between.add_argument("start")
        between.add_argument("end")

    def handle(self, *args, action, **options):
        cal = refresh_if_stale()
        start = iso_date(options["start"])
        try:
            if action == "add":
                if options["n"] < 0:
                    raise CommandError("N must be >= 0 (工作日数不能为负)")
                end = cal.add_working_days(start, options["n"])
                self.stdout.write(f"{end:%Y-%m-%d}")
            else:
                end = iso_date(options["end"])
                self.stdout.write(str(cal.working_days_between(start, end)))
        except CalendarNotCovered as exc:
            raise CommandError(str(exc)) from exc
        years = cal.provisional_years_between(start, end)
        if years:  # on stderr, so scripts reading the figure are unaffected
            self.stderr.write(f"note: provisional — {', '.join(map(str, years))} counted by the statutory holidays "
                              f"(no State Council notice imported yet; 按法定节假日暂定)")
