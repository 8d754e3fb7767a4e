"""`tongban calendar import FILE | status | draft YEAR`: the working-day calendar (工作日历).

`import` records a CSV (date,kind[,name]) as a new version and prints the re-projection report;
`status` says which years are official, which provisional, and how many open clocks hold a
provisional deadline; `draft YEAR` prints a provisional year as an import file to complete from the
State Council notice.
"""

from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from backend.common.errors import DomainError
from backend.workcalendar import calendar, services, signals, statutory
from backend.workcalendar.models import CalendarVersion
from backend.workcalendar.outlook import calendar_outlook, coverage_runs


class Command(BaseCommand):
    help = "Manage the working-day calendar (工作日历). Subcommands: import FILE, status, draft YEAR."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import a CSV date,kind[,name]; kind: holiday|workday|closure.")
        imp.add_argument("file", help="CSV file (UTF-8 or GB18030); header row optional")
        imp.add_argument("--source", help="notice number or origin (default: the file name)")
        imp.add_argument("--author", help="username of the person importing")
        imp.add_argument("--note", default="", help="free-text note")
        imp.add_argument("--year", type=int, action="append", dest="years",
                         help="the year the notice is for (repeatable; default: the years whose statutory "
                              "days the file lists)")
        status = sub.add_parser("status", help="Official and provisional years, and provisional deadlines.")
        status.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD (default: today)")
        draft = sub.add_parser("draft", help="Print YEAR's statutory days off as an import file to complete.")
        draft.add_argument("year", type=int)

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(options)

    def do_import(self, options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        actor = None
        if options["author"]:
            try:
                actor = get_user_model().objects.get_by_natural_key(options["author"])
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"user {options['author']!r} does not exist (用户不存在)") from exc
        try:
            rows = services.calendar_file_parse(data)
            before = calendar.refresh_if_stale()
            version = services.calendar_version_create(
                rows=rows, source=options["source"] or path.name, note=options["note"], actor=actor,
                years=options["years"])
        except DomainError as exc:
            raise CommandError(f"{path.name}: nothing imported (未导入任何数据)\n"
                               + "\n".join(str(e.message) for e in exc.errors)) from exc
        for year in services.closure_only_years(rows, before, version):
            self.stderr.write(f"warning: this file lists some days of {year} but not its holiday schedule; "
                              f"{year} stays provisional until the State Council schedule for it is imported "
                              f"(该年度仍按法定节假日暂定)")
        self.stdout.write(f"imported calendar version #{version.number}: {len(rows)} day(s), "
                          f"official years {version.years_display or '—'}, source {version.source}")
        for report in signals.take_reports():
            self.stdout.write(str(report))

    def do_status(self, options):
        today = options["today"] or timezone.localdate()
        cal = calendar.refresh_if_stale()
        versions = list(CalendarVersion.objects.order_by("number").values_list("number", "source", "years"))
        self.stdout.write(f"Working-day calendar (工作日历) on {today:%Y-%m-%d}:")
        for run in coverage_runs(cal, versions):
            if run.provisional:
                self.stdout.write(f"  {run.years:<10} provisional (暂定)  {run.source}; no 调休 make-up days")
            else:
                self.stdout.write(f"  {run.years:<10} official (正式)     version #{run.version} {run.source}")
        self.stdout.write(f"  not covered: before {cal.covered_from():%Y-%m-%d}, "
                          f"after {cal.covered_until(date(statutory.LAST_YEAR, 1, 1)):%Y-%m-%d}")
        figures = signals.status_figures()
        if "open_clocks" in figures:
            by_year = figures.get("provisional_by_year") or {}
            detail = ", ".join(f"{y}: {n}" for y, n in sorted(by_year.items()))
            self.stdout.write(f"Open clocks: {figures['open_clocks']}; with a provisional deadline: "
                              f"{figures['provisional_clocks']}" + (f" (deadline year {detail})" if detail else ""))
        outlook = calendar_outlook(today, cal)
        if outlook.provisional_years:
            first = outlook.provisional_years[0]
            self.stdout.write(
                f"Action: when the State Council publishes the {first} holiday notice, import it: "
                f"tongban calendar draft {first} > {first}.csv, complete it from the notice, then "
                f"tongban calendar import {first}.csv --source \"国办发明电〔…〕…号\"")

    def do_draft(self, options):
        try:
            self.stdout.write(services.draft_csv(options["year"]), ending="")
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
