"""`manage.py demo_data`: load the demo county (users, centres, departments, catalog, cases).

Safe to run again: existing rows are matched and left alone, so a second run changes nothing.
Demo users sign in with the password `tongban-demo` (DESIGN §4)."""

from __future__ import annotations

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.loader import DemoDataError, load_all
from demo.organisation import DESIGN_USERS, PASSWORD, USERS


class Command(BaseCommand):
    help = "Load the demo county 临河县: users, service centres, departments, catalog and cases (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", metavar="ISO-DATETIME",
            help="replay the demo cases as if it were this moment (default: now); e.g. 2026-11-30T09:00+08:00",
        )

    def handle(self, *args, now=None, **options):
        if now:
            try:
                moment = datetime.fromisoformat(now)
            except ValueError as exc:
                raise CommandError(f"--now: not an ISO datetime: {now!r}") from exc
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        else:
            moment = timezone.now()
        try:
            tally, created = load_all(now=moment)
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        for line in tally.lines():
            self.stdout.write(f"  {line}")
        for case in created:
            self.stdout.write(f"  + {case.number} {case.item.name} · {case.applicant_name} → {case.status}"
                              + (f" ({case.decision})" if case.decision else ""))
        names = ", ".join(u.username for u in USERS if u.username in DESIGN_USERS)
        others = ", ".join(u.username for u in USERS if u.username not in DESIGN_USERS)
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready. Users (password {PASSWORD}): {names}; department staff: {others}."))
