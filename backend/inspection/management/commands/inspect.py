"""`tongban inspect [--check CODE ...]`: run the automatic inspection now and print what it found."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from backend.common.errors import DomainError
from backend.inspection import checks, services


class Command(BaseCommand):
    help = "Run the automatic inspection (自动检查) now: findings, problems opened and closed."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="append", dest="checks", choices=sorted(checks.CHECKS),
                            help="run only this check (repeatable)")

    def handle(self, *args, **options):
        try:
            run = services.inspection_run(now=timezone.now(), checks=options.get("checks"))
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        for finding in run.findings.all():
            self.stdout.write(f"{finding.check_code}\t{finding.subject}\t{finding.description}")
        c = run.counts
        self.stdout.write(f"run {run.pk}: {c['findings']} findings, {c['opened']} opened, "
                          f"{c['reopened']} reopened, {c['closed']} closed")
