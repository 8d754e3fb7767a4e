"""The shared servers the fault tests use, and what the tests create on them.

PostgreSQL and Redis are shared with other test runs: the tests never stop or reconfigure them.
Each scenario gets its own database (cloned from a migrated template) and its own Redis database
number, claimed with a marker key so two runs of this suite at once never share one; every key in
it is deleted afterwards (no FLUSHALL, no FLUSHDB on a database someone else may use).
"""

from __future__ import annotations

import os
import secrets
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlparse

import psycopg
import redis

CLAIM_KEY = "tongban:fault:claim"
CLAIM_SECONDS = 600
FIRST_DB, LAST_DB = 8, 15  # leave the low numbers (the CI broker is /0, the compose cache /1) alone


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    user: str = ""
    password: str = ""


def postgres_server() -> Server:
    """The PostgreSQL of DATABASE_URL when it names one (CI), else the local default."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        u = urlparse(url)
        return Server(u.hostname or "127.0.0.1", u.port or 5432, u.username or "postgres", u.password or "")
    return Server("127.0.0.1", 5432, "postgres", "")


def redis_server() -> Server:
    url = os.environ.get("CELERY_BROKER_URL", "")
    if url.startswith("redis://"):
        u = urlparse(url)
        return Server(u.hostname or "127.0.0.1", u.port or 6379, "", u.password or "")
    return Server("127.0.0.1", 6379)


def reachable(server: Server, timeout: float = 1.0) -> bool:
    try:
        socket.create_connection((server.host, server.port), timeout=timeout).close()
        return True
    except OSError:
        return False


def pg_url(server: Server, database: str, *, host: str | None = None, port: int | None = None,
           query: str = "") -> str:
    auth = server.user + (f":{server.password}" if server.password else "")
    url = f"postgres://{auth}@{host or server.host}:{port or server.port}/{database}"
    return f"{url}?{query}" if query else url


def pg_connect(server: Server, database: str = "postgres") -> psycopg.Connection:
    return psycopg.connect(host=server.host, port=server.port, user=server.user, password=server.password or None,
                           dbname=database, autocommit=True, connect_timeout=5)


def unique_name(prefix: str) -> str:
    return f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"


def create_database(server: Server, name: str, *, template: str | None = None) -> None:
    with pg_connect(server) as conn:
        if template:
            # A template may not have other sessions open while it is copied; ours never keep one.
            for _ in range(50):
                try:
                    conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
                    return
                except psycopg.errors.ObjectInUse:
                    time.sleep(0.1)
            raise RuntimeError(f"template {template} stayed in use")
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(server: Server, name: str) -> None:
    with pg_connect(server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Database:
    """One scenario's database: URLs for the application and plain SQL for the test's checks."""

    def __init__(self, server: Server, name: str) -> None:
        self.server, self.name = server, name
        self._conn: psycopg.Connection | None = None

    def url(self, *, port: int | None = None, query: str = "") -> str:
        """The DATABASE_URL for the application: straight to PostgreSQL, or through a proxy's port."""
        return pg_url(self.server, self.name, host="127.0.0.1" if port else None, port=port, query=query)

    def _connection(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed:
            self._conn = pg_connect(self.server, self.name)
        return self._conn

    def rows(self, sql: str, params=()) -> list[tuple]:
        return self._connection().execute(sql, params).fetchall()

    def value(self, sql: str, params=()):
        row = self._connection().execute(sql, params).fetchone()
        return row[0] if row else None

    def execute(self, sql: str, params=()) -> None:
        self._connection().execute(sql, params)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class RedisDb:
    """A Redis database number claimed for one scenario (a marker key; SET NX), emptied after."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.number: int | None = None
        self.token = secrets.token_hex(8)
        self.client: redis.Redis | None = None

    def claim(self) -> RedisDb:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for number in range(FIRST_DB, LAST_DB + 1):
                client = redis.Redis(host=self.server.host, port=self.server.port, db=number,
                                     password=self.server.password or None, socket_timeout=5)
                if client.dbsize() == 0 and client.set(CLAIM_KEY, self.token, nx=True, ex=CLAIM_SECONDS):
                    self.number, self.client = number, client
                    return self
                client.close()
            time.sleep(0.5)
        raise RuntimeError(f"no free Redis database among {FIRST_DB}-{LAST_DB}")

    def url(self, *, port: int | None = None) -> str:
        auth = f":{self.server.password}@" if self.server.password else ""
        return f"redis://{auth}127.0.0.1:{port or self.server.port}/{self.number}"

    def release(self) -> int:
        """Delete every key of the claimed database (they are ours: it was empty when claimed)."""
        if self.client is None:
            return 0
        deleted = 0
        try:
            if self.client.get(CLAIM_KEY) == self.token.encode():
                keys = list(self.client.scan_iter(count=500))
                for start in range(0, len(keys), 500):
                    deleted += self.client.delete(*keys[start:start + 500])
        finally:
            self.client.close()
            self.client = None
        return deleted
