"""Real application processes for the fault tests: Gunicorn web nodes, Celery workers and beat.

Each runs in its own session (process group), so a node can be killed as a whole (`kill -9` of a
host) and is always stopped in teardown; output goes to a log file whose tail is printed when a
test fails. Settings come only from the environment, as in production.
"""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
if not (BIN / "gunicorn").exists():  # a virtualenv elsewhere: the one running the tests
    import sys

    BIN = Path(sys.executable).parent
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Variables of the test run that must not leak into the application's environment.
SCRUBBED = ("DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE", "TONGBAN_VAR_DIR",
            "PRIVATE_MEDIA_ROOT", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "PYTEST_CURRENT_TEST", "PYTEST_ADDOPTS",
            "PYTEST_XDIST_WORKER", "CELERY_TASK_ALWAYS_EAGER", "GUNICORN_BIND", "GUNICORN_WORKERS")


def app_environment(*, database_url: str, broker_url: str, secret: str, var_dir: Path, private_dir: Path,
                    **overrides) -> dict:
    """The environment of one application process: production-like settings, nothing from the test run."""
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    env.update({
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "SECRET_KEY": secret,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "false",
        "TONGBAN_VAR_DIR": str(var_dir),
        "PRIVATE_MEDIA_ROOT": str(private_dir),  # shared by every node of a cluster, as it must be
        "SITE_URL": "http://127.0.0.1",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    env.update({k: str(v) for k, v in overrides.items()})
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


@dataclass
class Node:
    name: str
    argv: list[str]
    env: dict
    log: Path
    cwd: Path
    port: int | None = None
    proc: subprocess.Popen | None = None
    started_at: float = 0.0

    def start(self) -> Node:
        self.started_at = time.monotonic()
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(self.argv, env=self.env, cwd=self.cwd, stdout=out, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        return self

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.text().splitlines()[-lines:])

    def group_pids(self) -> list[int]:
        """Every live process of this node's session (the master and its children)."""
        if self.proc is None:
            return []
        out = subprocess.run(["ps", "-o", "pid=,stat=", "-s", str(self.proc.pid)], capture_output=True, text=True)
        rows = [line.split() for line in out.stdout.splitlines() if line.strip()]
        return sorted(int(pid) for pid, stat, *_ in rows if not stat.startswith("Z"))  # zombies are gone

    def children(self) -> list[int]:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.proc.pid)], capture_output=True, text=True)
        return sorted(int(p) for p in out.stdout.split())

    def signal_group(self, sig: int) -> None:
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:
            pass

    def kill9(self) -> None:
        """The host dies: SIGKILL to every process of the node at once; nothing gets to clean up."""
        self.signal_group(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self, timeout: float = 10) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.signal_group(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        self.signal_group(signal.SIGKILL)  # stragglers of the group (a forked child, an embedded beat)
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass

    # -- readiness -----------------------------------------------------------------------------------
    def wait_log(self, marker: str, timeout: float = 40) -> None:
        def seen():
            if not self.alive():
                raise AssertionError(f"{self.name} exited ({self.proc.returncode}):\n{self.tail()}")
            return marker in self.text()

        wait_for(seen, timeout, what=f"{self.name} to log {marker!r}")

    def wait_http(self, timeout: float = 40) -> None:
        def answers():
            if not self.alive():
                raise AssertionError(f"{self.name} exited ({self.proc.returncode}):\n{self.tail()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/api/v1/items/", headers={"Host": "127.0.0.1"})
                status = conn.getresponse().status
                conn.close()
                return status < 500
            except OSError:
                return False

        wait_for(answers, timeout, interval=0.2, what=f"{self.name} to answer HTTP")


@dataclass
class Cluster:
    """Starts the nodes of one scenario, all with the same secret and private media, each with its
    own var directory; stops every one of them at the end, whatever happened."""

    tmp: Path
    database_url: str
    broker_url: str
    extra_env: dict = field(default_factory=dict)
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(50))
    nodes: list[Node] = field(default_factory=list)

    def env(self, name: str, **overrides) -> dict:
        return app_environment(database_url=self.database_url, broker_url=self.broker_url, secret=self.secret,
                               var_dir=self.tmp / f"var-{name}", private_dir=self.tmp / "private",
                               **{**self.extra_env, **overrides})

    def _node(self, name: str, argv: list[str], env: dict, port: int | None = None) -> Node:
        workdir = self.tmp / f"run-{name}"
        workdir.mkdir(parents=True, exist_ok=True)
        node = Node(name=name, argv=argv, env=env, log=self.tmp / f"{name}.log", cwd=workdir, port=port)
        self.nodes.append(node)
        return node

    def web(self, name: str = "web", *, workers: int = 2, threads: int = 4, start: bool = True, **env) -> Node:
        port = free_port()
        environment = self.env(name, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS=workers,
                               GUNICORN_THREADS=threads, GUNICORN_TIMEOUT=30, GUNICORN_MAX_REQUESTS=0, **env)
        node = self._node(name, [str(BIN / "gunicorn"), "-c", str(GUNICORN_CONF), "backend.config.wsgi:application"],
                          environment, port)
        if start:
            node.start().wait_http()
        return node

    def worker(self, name: str = "worker", *, concurrency: int = 2, beat: bool = False, start: bool = True,
               **env) -> Node:
        argv = [str(BIN / "celery"), "-A", "backend.config", "worker", "-n", f"{name}@%h", "--loglevel=info",
                f"--concurrency={concurrency}", "--without-gossip", "--without-mingle", "--without-heartbeat"]
        if beat:  # only where a test wants an embedded beat: never in production (docs/operations.md)
            argv += ["--beat", "--scheduler", SCHEDULER]
        node = self._node(name, argv, self.env(name, **env))
        if start:
            node.start().wait_log(" ready.")
        return node

    def beat(self, name: str = "beat", *, start: bool = True, **env) -> Node:
        argv = [str(BIN / "celery"), "-A", "backend.config", "beat", "--loglevel=info", "--scheduler", SCHEDULER,
                "--max-interval", "1"]
        node = self._node(name, argv, self.env(name, **env))
        if start:
            node.start().wait_log("beat: Starting")
        return node

    def stop_all(self) -> None:
        for node in reversed(self.nodes):
            if node.proc is not None:
                node.signal_group(signal.SIGTERM)
        for node in reversed(self.nodes):
            node.stop(timeout=10)

    def tails(self, lines: int = 40) -> str:
        return "\n".join(f"----- {n.name} ({n.log}) -----\n{n.tail(lines)}" for n in self.nodes if n.proc is not None)
