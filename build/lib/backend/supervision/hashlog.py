"""The hash-chained supervision log (DESIGN §3, tamper evidence).

Each entry's hash is SHA-256 over the previous hash followed by the canonical JSON of
[seq, created_at (UTC ISO 8601), kind, payload]. Appends lock the single LogHead row, so concurrent
writers are serialised and the chain never forks; `seq` is unique as a last guard. Lock order:
the head before any clock row (see lock_head); the sweep's SKIP LOCKED never waits on a clock row.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection, transaction

from backend.common.transactions import current_transaction, still_in

from .models import LogEntry, LogHead

GENESIS = "0" * 64


def canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def normalise(payload: dict) -> dict:
    """What the JSON column gives back: dates and decimals become strings."""
    return json.loads(canonical(payload))


def entry_hash(*, prev_hash: str, seq: int, created_at: datetime, kind: str, payload: dict) -> str:
    body = canonical([seq, created_at.astimezone(UTC).isoformat(), kind, payload])
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def lock_head() -> LogHead:
    """Lock the chain head. Writers that will also lock clock rows call this first, so every
    transaction takes the locks in one order (head, then clocks) and never deadlocks."""
    return _locked_head()


class StaleHead(RuntimeError):
    """The head moved although this transaction believed it held it: nothing is appended."""


# The head this transaction holds. A transition appends several times (a clock closed, another
# opened); once the head is locked, later appends in the same transaction know it without another
# statement. The memory is tied to the transaction (backend.common.transactions), so it never
# outlives the lock that makes it true; the append also checks the head it builds on
# (compare-and-set) and fails loudly if it moved.
_held = threading.local()


def _held_head() -> LogHead | None:
    if not still_in(getattr(_held, "owner", None)):
        return None
    return _head(_held.seq, _held.hash)


def _remember_head(seq: int, hash: str) -> None:
    _held.owner, _held.seq, _held.hash = current_transaction(), seq, hash


def _head(seq: int, hash: str) -> LogHead:
    head = LogHead(pk=1, seq=seq, hash=hash)
    head._state.adding, head._state.db = False, connection.alias
    return head


# The head is read, and entries written, with plain SQL: every clock event appends here, and the
# ORM's query compilation cost several times the statement itself (docs/performance.md).
def _head_sql() -> str:
    table = connection.ops.quote_name(LogHead._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    return f"SELECT seq, hash FROM {table} WHERE id = 1{lock}"  # noqa: S608


def _locked_head() -> LogHead:
    held = _held_head()
    if held is not None:
        return held
    with connection.cursor() as cursor:
        cursor.execute(_head_sql())
        row = cursor.fetchone()
        if row is None:
            LogHead.objects.get_or_create(pk=1)
            cursor.execute(_head_sql())
            row = cursor.fetchone()
    _remember_head(row[0], row[1])
    return _head(row[0], row[1])


def _move_head_sql() -> str:
    table = connection.ops.quote_name(LogHead._meta.db_table)
    return f"UPDATE {table} SET seq = %s, hash = %s WHERE id = 1 AND seq = %s"  # noqa: S608


def _insert(rows: list[LogEntry], *, seq: int, hash: str, from_seq: int) -> None:
    """Insert the rows and move the head from `from_seq` to (seq, hash), or raise StaleHead. On
    PostgreSQL one statement (the head is moved by a data-modifying WITH of the INSERT); primary
    keys are set on the rows as bulk_create would."""
    if not connection.features.can_return_rows_from_bulk_insert or connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_move_head_sql(), [seq, hash, from_seq])
            if cursor.rowcount != 1:
                raise StaleHead(f"log head is not at {from_seq}")
        LogEntry.objects.bulk_create(rows)
        return
    fields = [LogEntry._meta.get_field(name) for name in ("seq", "created_at", "kind", "payload", "prev_hash", "hash")]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    placeholders = ", ".join(["(" + ", ".join(["%s"] * len(fields)) + ")"] * len(rows))
    params = [seq, hash, from_seq] + [f.get_db_prep_save(getattr(row, f.attname), connection)
                                      for row in rows for f in fields]
    pk = qn(LogEntry._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH head AS ({_move_head_sql()} RETURNING 1) "
            f"INSERT INTO {qn(LogEntry._meta.db_table)} ({columns}) VALUES {placeholders} "  # noqa: S608
            f"RETURNING {pk}, (SELECT COUNT(*) FROM head)",
            params,
        )
        returned = cursor.fetchall()  # in VALUES order, as bulk_create relies on
    if returned[0][1] != 1:  # the entries went in without the head: the caller's transaction must fail
        raise StaleHead(f"log head is not at {from_seq}")
    for row, (pk_value, _moved) in zip(rows, returned, strict=True):
        row.pk = pk_value
        row._state.adding, row._state.db = False, connection.alias


@transaction.atomic(savepoint=False)
def append_many(entries: Iterable[tuple[str, dict]], *, now: datetime, head: LogHead | None = None) -> list[LogEntry]:
    """Append (kind, payload) pairs in order, in the caller's transaction (or a new one).

    `head`: the LogHead that lock_head() returned earlier in this same transaction; it is advanced
    in place. A stale head fails loudly (StaleHead), it never forks the chain silently.
    """
    entries = list(entries)
    if not entries:
        return []
    head = head or _locked_head()
    from_seq = seq = head.seq
    prev = head.hash or GENESIS
    rows = []
    for kind, payload in entries:
        seq += 1
        payload = normalise(payload)
        digest = entry_hash(prev_hash=prev, seq=seq, created_at=now, kind=kind, payload=payload)
        rows.append(LogEntry(seq=seq, created_at=now, kind=kind, payload=payload, prev_hash=prev, hash=digest))
        prev = digest
    _insert(rows, seq=seq, hash=prev, from_seq=from_seq)
    head.seq, head.hash = seq, prev
    _remember_head(seq, prev)
    return rows


def append(kind: str, payload: dict, *, now: datetime) -> LogEntry:
    return append_many([(kind, payload)], now=now)[0]


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    count: int
    broken_seq: int | None = None
    reason: str = ""


def verify(*, chunk: int = 2000) -> VerifyResult:
    """Walk the chain in order; report the first broken link (edited, deleted or reordered rows)."""
    prev, expected, count = GENESIS, 1, 0
    for row in LogEntry.objects.order_by("seq").iterator(chunk_size=chunk):
        if row.seq != expected:
            return VerifyResult(False, count, expected, f"第 {expected} 条记录缺失（下一条为第 {row.seq} 条）")
        if row.prev_hash != prev:
            return VerifyResult(False, count, row.seq, "prev_hash 与上一条记录的 hash 不一致")
        digest = entry_hash(prev_hash=row.prev_hash, seq=row.seq, created_at=row.created_at, kind=row.kind,
                            payload=row.payload)
        if digest != row.hash:
            return VerifyResult(False, count, row.seq, "内容与 hash 不符（记录被修改）")
        prev, expected, count = row.hash, expected + 1, count + 1
    head = LogHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != count or (count and head.hash != prev)):
        return VerifyResult(False, count, count + 1,
                            f"链头记录到第 {head.seq} 条，实际只有 {count} 条（末尾记录被删除）")
    return VerifyResult(True, count)
