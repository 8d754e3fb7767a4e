"""Fixtures of the fault scenarios: real PostgreSQL and Redis (shared, never touched beyond our own
database and Redis database number), a migrated template database cloned for each scenario, TCP
proxies to cut either server away, and real Gunicorn and Celery processes (tests/fault/nodes.py).

These tests start no Django database connection in the test process (no `db` fixture): everything
the application does happens in its own processes, and the checks read the scenario's database with
plain SQL."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from . import infra
from .nodes import BIN, ROOT, Cluster, app_environment
from .proxy import TcpProxy

FIGURES: list[str] = []  # one line per scenario, printed in the terminal summary


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"_fault_{report.when}", report)
    return report


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("fault scenarios: figures")
        for line in FIGURES:
            terminalreporter.write_line(line)


def figure(line: str) -> None:
    FIGURES.append(line)
    print(line)


@pytest.fixture(scope="session")
def servers():
    pg, rd = infra.postgres_server(), infra.redis_server()
    missing = [f"{what} at {s.host}:{s.port}" for what, s in (("PostgreSQL", pg), ("Redis", rd))
               if not infra.reachable(s)]
    if missing:
        pytest.skip(f"fault scenarios need {' and '.join(missing)} (not reachable); .ci/run provides both")
    return pg, rd


def _run(argv, env, *, timeout: float, what: str) -> subprocess.CompletedProcess:
    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise AssertionError(f"{what} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


@pytest.fixture(scope="session")
def template(servers, tmp_path_factory):
    """A database migrated once and seeded with staff, tokens and an item; each scenario clones it."""
    pg, _rd = servers
    name = infra.unique_name("tbfault_tmpl")
    infra.create_database(pg, name)
    tmp = tmp_path_factory.mktemp("fault-template")
    env = app_environment(database_url=infra.pg_url(pg, name), broker_url="memory://", secret="x" * 50,
                          var_dir=tmp / "var", private_dir=tmp / "private", DISCLOSURE_ENQUEUE="false",
                          SUPERVISION_NOTIFY_ENQUEUE="false")
    try:
        _run([str(BIN / "tongban"), "migrate", "--noinput"], env, timeout=180, what="migrate")
        seeded = json.loads(_run([sys.executable, "-m", "tests.fault.seed", "base"], env, timeout=120,
                                 what="seed base").stdout.strip().splitlines()[-1])
        yield {"name": name, **seeded}
    finally:
        infra.drop_database(pg, name)


class Scenario:
    """Everything one scenario owns; `close()` stops and removes all of it."""

    def __init__(self, servers, template, tmp: Path) -> None:
        self.pg_server, self.redis_server = servers
        self.template, self.tmp = template, tmp
        self.tokens, self.item, self.password = template["tokens"], template["item"], template["password"]
        self.db_name = infra.unique_name("tbfault")
        infra.create_database(self.pg_server, self.db_name, template=template["name"])
        self.db = infra.Database(self.pg_server, self.db_name)
        self.redis = infra.RedisDb(self.redis_server).claim()
        self.proxies: list[TcpProxy] = []
        self.clusters: list[Cluster] = []

    # -- faults ------------------------------------------------------------------------------------
    def redis_proxy(self) -> TcpProxy:
        proxy = TcpProxy(self.redis_server.host, self.redis_server.port, name="redis-proxy").start()
        self.proxies.append(proxy)
        return proxy

    def postgres_proxy(self) -> TcpProxy:
        proxy = TcpProxy(self.pg_server.host, self.pg_server.port, name="pg-proxy").start()
        self.proxies.append(proxy)
        return proxy

    # -- processes ---------------------------------------------------------------------------------
    def cluster(self, *, database_url: str | None = None, broker_url: str | None = None, **env) -> Cluster:
        cluster = Cluster(tmp=self.tmp, database_url=database_url or self.db.url(),
                          broker_url=broker_url or self.redis.url(), extra_env=env)
        self.clusters.append(cluster)
        return cluster

    def seed(self, command: str, args: dict | None = None, *, broker_url: str | None = None, background=False,
             **env):
        """Run tests/fault/seed.py against this scenario's database; its JSON answer (or the process)."""
        environment = app_environment(database_url=self.db.url(), broker_url=broker_url or self.redis.url(),
                                      secret="s" * 50, var_dir=self.tmp / "var-seed", private_dir=self.tmp / "private",
                                      **env)
        argv = [sys.executable, "-m", "tests.fault.seed", command, json.dumps(args or {})]
        if background:
            log = (self.tmp / f"seed-{command}.log").open("w")
            return subprocess.Popen(argv, env=environment, cwd=ROOT, stdout=subprocess.PIPE, stderr=log, text=True)
        done = _run(argv, environment, timeout=240, what=f"seed {command}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def tongban(self, *args: str) -> subprocess.CompletedProcess:
        env = app_environment(database_url=self.db.url(), broker_url=self.redis.url(), secret="s" * 50,
                              var_dir=self.tmp / "var-cli", private_dir=self.tmp / "private")
        return subprocess.run([str(BIN / "tongban"), *args], env=env, cwd=ROOT, capture_output=True, text=True,
                              timeout=120)

    def beat_schedule(self, *, every: int | None = None) -> None:
        """Make every periodic task due as soon as a beat starts (and, given `every`, repeat that
        often): rows of this scenario's own database, edited as an administrator would."""
        if every is not None:
            self.db.execute("UPDATE django_celery_beat_intervalschedule SET every = %s, period = 'seconds'", [every])
        self.db.execute("UPDATE django_celery_beat_periodictask SET last_run_at = now() - interval '1 hour'")

    def hashlog_ok(self) -> bool:
        done = self.tongban("supervision", "verify")
        return done.returncode == 0

    def tails(self) -> str:
        return "\n".join(c.tails() for c in self.clusters)

    def close(self) -> None:
        for cluster in self.clusters:
            cluster.stop_all()
        for proxy in self.proxies:
            proxy.close()
        self.db.close()
        self.redis.release()
        infra.drop_database(self.pg_server, self.db_name)


@pytest.fixture
def scenario(servers, template, tmp_path, request):
    started = time.monotonic()
    s = Scenario(servers, template, tmp_path)
    try:
        yield s
    finally:
        failed = getattr(request.node, "_fault_call", None)
        if failed is not None and failed.failed:
            print(f"\n===== process logs of {request.node.name} =====\n{s.tails()}")
        s.close()
        print(f"{request.node.name}: {time.monotonic() - started:.1f} s including set-up and teardown")
