"""The embedded demo as `make demo` runs it, for the race tests: a real SQLite file (WAL) in a
temporary directory, migrated and seeded by separate processes, served by `tongban runserver`
(one thread per request, each with its own connection) beside a Celery worker with embedded beat
on the filesystem broker, all sharing the file. The test process never opens the file through
Django, so the scenario is the same whatever database the rest of the suite runs on (SQLite for
`make test`, PostgreSQL under .ci/run): DATABASE_URL and CELERY_BROKER_URL are replaced, not inherited.

The port is free and chosen by the system unless CONCURRENCY_TEST_PORT names one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass

import pytest

from tests.fault.nodes import ROOT, Cluster, free_port

FIGURES: list[str] = []  # answers by status code per phase, printed in the terminal summary


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("SQLite demo races: answers by status")
        for line in FIGURES:
            terminalreporter.write_line(line)


def figure(line: str) -> None:
    FIGURES.append(line)
    print(line)


@dataclass
class Demo:
    port: int
    tokens: dict[str, str]
    password: str
    cases: list[dict]
    database: str
    cluster: Cluster

    def logs(self) -> str:
        return self.cluster.tails(60)

    def locked(self) -> dict[str, int]:
        """How often each process logged SQLite's "database is locked" (the worker included)."""
        return {node.name: node.text().count("database is locked") for node in self.cluster.nodes}


def _run(argv, env, *, what: str, timeout: float = 240) -> str:
    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise AssertionError(f"{what} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done.stdout


@pytest.fixture(scope="module")
def sqlite_demo(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sqlite-demo")
    database = tmp / "var" / "tongban.sqlite3"
    # One var directory for every process: the database file and the filesystem broker's folders.
    cluster = Cluster(tmp=tmp, database_url=f"sqlite:///{database}", broker_url="filesystem://",
                      extra_env={"TONGBAN_VAR_DIR": tmp / "var", "SMS_BACKEND": "backend.common.sms.FileBackend"})
    env = cluster.env("setup")
    _run([sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput"], env, what="migrate")
    seeded = json.loads(_run([sys.executable, "-m", "tests.concurrency.seed", "30"], env,
                             what="seed").strip().splitlines()[-1])
    port = int(os.environ.get("CONCURRENCY_TEST_PORT") or free_port())
    try:
        cluster.worker(concurrency=1, beat=True)  # as `make demo` starts it
        web = cluster._node("web", [sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload", "--insecure",
                                    f"127.0.0.1:{port}"], cluster.env("web"), port)
        web.start().wait_http(60)
        yield Demo(port=port, tokens=seeded["tokens"], password=seeded["password"], cases=seeded["cases"],
                   database=str(database), cluster=cluster)
    finally:
        cluster.stop_all()

