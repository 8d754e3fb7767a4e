"""`tongban supervision verify` checks the hash chain; `tongban supervision sweep` runs one sweep."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from backend.supervision import hashlog, services


class Command(BaseCommand):
    help = "Supervision log and clock maintenance."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Verify the hash-chained supervision log; exit 1 on a broken link.")
        sweep = sub.add_parser("sweep", help="Flip every clock whose next change is due.")
        sweep.add_argument("--batch", type=int, default=1000)

    def handle(self, *args, action, **options):
        if action == "verify":
            result = hashlog.verify()
            if not result.ok:
                raise CommandError(f"BROKEN at seq {result.broken_seq}: {result.reason} "
                                   f"({result.count} entries verified before it)", returncode=1)
            self.stdout.write(f"OK {result.count} entries")
        elif action == "sweep":
            result = services.clocks_sweep(now=timezone.now(), batch=options["batch"])
            self.stdout.write(str(result.as_dict()))
