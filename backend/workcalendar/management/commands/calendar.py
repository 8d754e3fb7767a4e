"""`manage.py calendar import FILE`: record a CSV (date,kind[,name]) as a new calendar version."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from backend.common.errors import DomainError
from backend.workcalendar import calendar, services, signals


class Command(BaseCommand):
    help = "Manage the working-day calendar (工作日历). Subcommand: import FILE."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import a CSV date,kind[,name]; kind: holiday|workday|closure.")
        imp.add_argument("file", help="CSV file (UTF-8 or GB18030); header row optional")
        imp.add_argument("--source", help="notice number or origin (default: the file name)")
        imp.add_argument("--author", help="username of the person importing")
        imp.add_argument("--note", default="", help="free-text note")

    def handle(self, *args, action, **options):
        if action == "import":
            self.import_file(options)

    def import_file(self, options):
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
                rows=rows, source=options["source"] or path.name, note=options["note"], actor=actor)
        except DomainError as exc:
            raise CommandError(f"{path.name}: nothing imported (未导入任何数据)\n"
                               + "\n".join(str(e.message) for e in exc.errors)) from exc
        for year in services.years_without_holidays(rows, before):
            self.stderr.write(f"warning: {year} is now covered but the file lists no holiday for it; "
                              f"import the State Council schedule for {year} (该年度尚无节假日数据)")
        self.stdout.write(f"imported calendar version #{version.number}: {len(rows)} day(s), "
                          f"years {version.years_display}, source {version.source}")
        for report in signals.take_reports():
            self.stdout.write(str(report))
