"""`tongban disclosure export DIR | scan [DIR|URL] | backfill | relay`."""

from pathlib import Path
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from backend.disclosure import export, outbox, scan, services, webhooks


class Command(BaseCommand):
    help = "Disclosure (政务公开): static export, personal-data scan, backfill and relay."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        exp = sub.add_parser("export", help="Write the public site and feeds as static files into DIR (incremental).")
        exp.add_argument("directory")
        exp.add_argument("--base-url", default="", help="where the export will be served (default: SITE_URL)")
        sc = sub.add_parser("scan", help="List every ID number, mobile number, applicant name or person's name "
                                         "after a cue word (经办人张三) found on public pages; exit 1 if any. "
                                         "Target: an export DIR, a site URL, or nothing (this site, in-process).")
        sc.add_argument("target", nargs="?", default="")
        sub.add_parser("backfill", help="Queue every guide in force and every completed case not yet published.")
        sub.add_parser("relay", help="Publish every due outbox event and attempt due webhook deliveries once.")

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(**options)

    def do_export(self, directory, base_url="", **options):
        result = export.export_site(Path(directory), base_url=base_url)
        for path in result.written:
            self.stdout.write(f"  wrote {path}")
        for path in result.removed:
            self.stdout.write(f"  removed {path}")
        self.stdout.write(self.style.SUCCESS(f"export {directory}: {result.as_dict()}"))

    def do_scan(self, target, **options):
        names = scan.person_names()
        if target and urlsplit(target).scheme in ("http", "https"):
            start = target if urlsplit(target).path.startswith("/public/") else target.rstrip("/") + "/public/"
            try:
                count, hits = scan.crawl(start, scan.fetch_http, names)
            except scan.ScanError as exc:
                raise CommandError(str(exc)) from None
        elif target:
            if not Path(target).is_dir():
                raise CommandError(f"not a folder or http(s) URL: {target}")
            count, hits = scan.scan_directory(Path(target), names)
        else:
            count, hits = scan.crawl("http://testserver/public/", scan.fetch_in_process(), names)
        for hit in hits:
            self.stdout.write(str(hit))
        if hits:
            raise CommandError(f"{len(hits)} personal-data hit(s) in {count} file(s)/page(s)", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"scan: {count} file(s)/page(s), no personal data found"))

    def do_backfill(self, **options):
        result = services.disclosure_backfill(now=timezone.now())
        self.stdout.write(self.style.SUCCESS(f"backfill: {result.as_dict()} event(s) queued"))

    def do_relay(self, **options):
        now = timezone.now()
        relay = outbox.relay_due(now=now).as_dict()
        deliveries = webhooks.deliveries_due(now=now)
        self.stdout.write(self.style.SUCCESS(f"relay: {relay}; deliveries: {deliveries}"))
