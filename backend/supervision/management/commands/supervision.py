"""`tongban supervision verify` checks the hash chain; `tongban supervision sweep` runs one sweep;
`tongban supervision reproject [--version N]` re-projects clocks against calendar versions."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from backend.supervision import services
from backend.supervision.integrity import log_verify
from backend.supervision.models import LogVerification
from backend.supervision.reprojection import clocks_reproject, reprojections_pending_run


class Command(BaseCommand):
    help = "Supervision log and clock maintenance."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Verify the hash-chained supervision log; exit 1 on a broken link.")
        sweep = sub.add_parser("sweep", help="Flip every clock whose next change is due.")
        sweep.add_argument("--batch", type=int, default=1000)
        reproject = sub.add_parser("reproject", help="Re-project clocks against every calendar version still "
                                                     "pending, or again against --version N.")
        reproject.add_argument("--version", type=int, help="a calendar version number (run it again)")

    def handle(self, *args, action, **options):
        if action == "verify":
            run = log_verify(now=timezone.now(), source=LogVerification.Source.COMMAND)  # recorded, as on the board
            if not run.ok:
                raise CommandError(f"BROKEN at seq {run.first_broken_seq}: {run.detail} "
                                   f"({run.entries_checked} entries verified before it)", returncode=1)
            self.stdout.write(f"OK {run.entries_checked} entries")
        elif action == "sweep":
            result = services.clocks_sweep(now=timezone.now(), batch=options["batch"])
            self.stdout.write(str(result.as_dict()))
        elif options["version"] is not None:
            report = clocks_reproject(now=timezone.now(), version=options["version"], again=True)
            if report is None:
                raise CommandError(f"calendar version #{options['version']} does not exist (日历版本不存在)")
            self.stdout.write(f"version #{options['version']}: {report}")
        else:
            reports = reprojections_pending_run(now=timezone.now())
            for report in reports:
                self.stdout.write(f"version #{report.version}: {report}")
            if not reports:
                self.stdout.write("no calendar version is pending re-projection")
