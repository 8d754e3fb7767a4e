"""Pages under load: Gunicorn with the deploy configuration on PostgreSQL, driven by locust.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tongban_bench \\
        .venv/bin/python tests/bench/load.py --fresh            # 16 readers + 8 staff, 60 s
    ... tests/bench/load.py --no-setup --duration 10 --readers 4 --staff 2   # a short run

Set-up (skipped with --no-setup): `--fresh` drops and re-creates the database named by DATABASE_URL,
then `tongban migrate` and `tongban demo_data` (idempotent) load the demo county. The server is
`gunicorn -c deploy/gunicorn.conf.py` (workers and threads as deployed: 2 x CPUs + 1 workers of 4
threads), with its access log off and TONGBAN_BENCH_VIEWS on, which routes the bare view
/bench/ping/ (backend/common/bench.py).

Load: --readers anonymous public readers (portal home, disclosure index, guide list and pages,
result list and pages, chosen at random) and --staff signed-in staff (demo clerks, reviewers and
approvers, one session each: their inbox, the task pages it links to and those cases' pages),
every user sending its next request as soon as the previous one is answered (closed loop; --think
adds a pause) for --duration seconds. Then as many users fetch /bench/ping/ for
--ceiling-duration seconds: what a Django view with no query and no template costs through the
same server and middleware, the ceiling for any page.

Prints a table and one JSON line: per page requests/s, p50/p95/p99 in milliseconds (locust rounds
times above 100 ms to 10 ms), failures; the target each page group must meet (public p95 < 100 ms,
staff p95 < 300 ms, 0 errors) and whether it did. On a shared machine the figures are noisy: the
driver itself runs on the same cores as the server.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The script folder holds calendar.py, which would shadow the standard library module (urllib
# imports it): replace the folder on the path before any other import.
ROOT = Path(__file__).resolve().parents[2]
sys.path[0] = str(ROOT)

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402
from collections import Counter  # noqa: E402

STAFF_USERS = ["clerk", "reviewer", "approver", "clerk_hexi", "scj_reviewer", "wjj_approver"]
PASSWORD = "tongban-demo"
TARGETS_MS = {"public": 100, "staff": 300, "ceiling": None}
CASE_NUMBER = re.compile(r">(TB\d{14})</a>")
TASK_PAGE = re.compile(r'href="(/staff/tasks/\d+/)"')
PROBE = 10  # linked pages tried per staff user at sign-in
PAGE_CACHE: Counter = Counter()  # the public answers' X-Page-Cache: hit, miss (or none: not cached)
SIGNED_IN: list[str] = []  # staff users past on_start: the clock starts when all are


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=16, help="anonymous public readers")
    parser.add_argument("--staff", type=int, default=8, help="signed-in staff users")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load on the pages")
    parser.add_argument("--ceiling-duration", type=float, default=20, help="seconds on /bench/ping/ (0: skip)")
    parser.add_argument("--think", type=float, default=0,
                        help="mean seconds a user waits between requests (0: closed loop, the hardest case)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8630)))
    parser.add_argument("--fresh", action="store_true", help="drop and re-create the database first")
    parser.add_argument("--no-setup", action="store_true", help="use the database as it is")
    parser.add_argument("--log", default="/tmp/tongban-bench-load-gunicorn.log", help="Gunicorn's output")
    return parser.parse_args(argv)


# --- database and server --------------------------------------------------------------------------

def server_env(args) -> dict:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL must name a PostgreSQL database (the bench may re-create it)")
    return {**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "backend.config.settings",
            "TONGBAN_BENCH_VIEWS": "true", "DEBUG": "false", "LOG_LEVEL": "WARNING",
            "GUNICORN_BIND": f"127.0.0.1:{args.port}", "GUNICORN_ACCESSLOG": "",
            # No worker runs: hints would only pile up in the broker; the rows are the record.
            "DISCLOSURE_ENQUEUE": "false", "SUPERVISION_NOTIFY_ENQUEUE": "false",
            "TONGBAN_VAR_DIR": os.environ.get("TONGBAN_VAR_DIR", "/tmp/tongban-bench-load-var")}


def recreate_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def set_up(env: dict, fresh: bool) -> None:
    if fresh:
        recreate_database(env["DATABASE_URL"])
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput"], ["demo_data"]):
        started = time.monotonic()
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        print(f"set-up: {command[0]} {time.monotonic() - started:.0f} s", file=sys.stderr)


def start_server(env: dict, args) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = open(args.log, "w")  # noqa: SIM115 - held open for the server's life
    proc = subprocess.Popen([str(gunicorn), "-c", str(ROOT / "deploy" / "gunicorn.conf.py")], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited:\n{Path(args.log).read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/bench/ping/", timeout=2):
                return proc
        except OSError:
            time.sleep(0.3)
    stop_server(proc)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def discover(base: str) -> dict:
    """The public pages to read, found as a reader would: by following the list pages' links."""
    def links(path: str, pattern: str) -> list[str]:
        with urllib.request.urlopen(base + path, timeout=10) as response:
            return sorted(set(re.findall(pattern, response.read().decode())))

    guides = links("/public/guides/", r'href="(/public/guides/[^/"]+/)"')
    results = links("/public/results/", r'href="(/public/results/[^/"?]+/)"')
    if not guides or not results:
        raise SystemExit("no published guides or results: load the demo data (drop --no-setup)")
    return {"guides": guides, "results": results}


# --- the load --------------------------------------------------------------------------------------

def user_classes(pages: dict, wait):
    from locust import FastHttpUser, task

    accounts = iter(STAFF_USERS * 100)

    class PublicReader(FastHttpUser):
        wait_time = wait

        def _read(self, path: str, name: str) -> None:
            response = self.client.get(path, name=name)
            PAGE_CACHE[(response.headers or {}).get("X-Page-Cache", "none")] += 1

        @task(2)
        def home(self):
            self._read("/", "public: / (service hall)")

        @task(2)
        def index(self):
            self._read("/public/", "public: /public/")

        @task(2)
        def guide_list(self):
            self._read("/public/guides/", "public: /public/guides/")

        @task(4)
        def guide(self):
            self._read(random.choice(pages["guides"]), "public: /public/guides/<code>/")

        @task(2)
        def result_list(self):
            self._read("/public/results/", "public: /public/results/")

        @task(4)
        def result(self):
            self._read(random.choice(pages["results"]), "public: /public/results/<number>/")

    class StaffUser(FastHttpUser):
        wait_time = wait
        cases: list[str] = []
        task_pages: list[str] = []  # never `tasks`: locust's own attribute

        def on_start(self):
            username = next(accounts)
            self.client.get("/accounts/login/", name="login")
            token = next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")
            with self.client.post("/accounts/login/", name="login", allow_redirects=False, catch_response=True,
                                  data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
                                  headers={"Referer": self.host + "/accounts/login/"}) as response:
                if response.status_code != 302:
                    response.failure(f"{username} did not sign in ({response.status_code})")
            inbox = self.client.get("/staff/tasks/", name="staff: /staff/tasks/ (inbox)")
            html = inbox.text or ""
            self.task_pages = self._openable(sorted(set(TASK_PAGE.findall(html)))[:PROBE])
            self.cases = self._openable([f"/cases/{n}/" for n in sorted(set(CASE_NUMBER.findall(html)))[:PROBE]])
            SIGNED_IN.append(username)

        def _openable(self, paths: list[str]) -> list[str]:
            """The inbox also lists tasks its reader cannot open (a letter's case has no case page;
            a head's department rows may be another's case): keep the pages that answer 200."""
            kept = []
            for path in paths:
                with self.client.get(path, name="probe", catch_response=True) as response:
                    response.success()
                    if response.status_code == 200:
                        kept.append(path)
            return kept

        @task(1)
        def inbox(self):
            self.client.get("/staff/tasks/", name="staff: /staff/tasks/ (inbox)")

        @task(1)
        def case(self):
            if self.cases:
                self.client.get(random.choice(self.cases), name="staff: /cases/<number>/")

        @task(1)
        def task_page(self):
            if self.task_pages:
                self.client.get(random.choice(self.task_pages), name="staff: /staff/tasks/<id>/ (case at hand)")

    return PublicReader, StaffUser


def ceiling_class(wait):
    from locust import FastHttpUser, task

    class Ping(FastHttpUser):
        wait_time = wait

        @task
        def ping(self):
            self.client.get("/bench/ping/", name="ceiling: /bench/ping/ (bare view)")

    return Ping


def run(classes_and_counts: list, *, host: str, seconds: float) -> tuple[list[dict], dict]:
    import gevent
    from locust.env import Environment

    classes = []
    for cls, count in classes_and_counts:
        cls.host, cls.fixed_count = host, count
        classes.append(cls)
    total = sum(count for _, count in classes_and_counts)
    env = Environment(user_classes=classes)
    runner = env.create_local_runner()
    runner.start(total, spawn_rate=total)
    staff = sum(count for cls, count in classes_and_counts if hasattr(cls, "task_pages"))
    deadline = time.monotonic() + 120
    while (runner.user_count < total or len(SIGNED_IN) < staff) and time.monotonic() < deadline:
        gevent.sleep(0.1)  # every user signed in before the clock starts
    gevent.sleep(1)
    env.stats.reset_all()
    PAGE_CACHE.clear()
    started = time.monotonic()
    gevent.sleep(seconds)
    elapsed = time.monotonic() - started
    cache = dict(PAGE_CACHE)
    rows = [_row(entry, elapsed) for entry in env.stats.entries.values() if entry.name not in ("login", "probe")]
    runner.quit()
    return sorted(rows, key=lambda r: r["page"]), cache


def _row(entry, elapsed: float) -> dict:
    group = entry.name.split(":", 1)[0]
    p95 = entry.get_response_time_percentile(0.95) if entry.num_requests else None
    target = TARGETS_MS.get(group)
    return {"page": entry.name, "requests": entry.num_requests, "rps": round(entry.num_requests / elapsed, 1),
            "p50_ms": entry.get_response_time_percentile(0.5) if entry.num_requests else None,
            "p95_ms": p95, "p99_ms": entry.get_response_time_percentile(0.99) if entry.num_requests else None,
            "failures": entry.num_failures, "target_p95_ms": target,
            "met": None if target is None else bool(p95 is not None and p95 < target and entry.num_failures == 0)}


def print_table(rows: list[dict]) -> None:
    print(f"{'page':<42} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'fail':>5}  target", file=sys.stderr)
    for r in rows:
        target = "" if r["target_p95_ms"] is None else f"p95<{r['target_p95_ms']} {'ok' if r['met'] else 'MISSED'}"
        print(f"{r['page']:<42} {r['rps']:>7} {r['p50_ms']!s:>6} {r['p95_ms']!s:>6} {r['p99_ms']!s:>6} "
              f"{r['failures']:>5}  {target}", file=sys.stderr)


def main(argv=None) -> int:
    args = parse_args(argv)
    env = server_env(args)
    if not args.no_setup:
        set_up(env, fresh=args.fresh)
    from locust import between, constant

    host = f"http://127.0.0.1:{args.port}"
    server = start_server(env, args)
    try:
        pages = discover(host)
        wait = constant(0) if args.think <= 0 else between(args.think / 2, args.think * 1.5)
        public, staff = user_classes(pages, wait)
        rows, cache = run([(public, args.readers), (staff, args.staff)], host=host, seconds=args.duration)
        if args.ceiling_duration > 0:
            rows += run([(ceiling_class(constant(0)), args.readers + args.staff)], host=host,
                        seconds=args.ceiling_duration)[0]
    finally:
        stop_server(server)
    print_table(rows)
    print(f"public answers by X-Page-Cache: {cache}", file=sys.stderr)
    load = os.getloadavg()
    summary = {"readers": args.readers, "staff": args.staff, "duration_s": args.duration, "think_s": args.think,
               "cpus": os.cpu_count(), "loadavg_after": [round(x, 2) for x in load],
               "all_met": all(r["met"] is not False for r in rows), "page_cache": cache, "pages": rows}
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
