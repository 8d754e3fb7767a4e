"""The hash-chained supervision log (DESIGN §3, tamper evidence).

Each entry's hash is SHA-256 over the previous hash followed by the canonical JSON of
[seq, created_at (UTC ISO 8601), kind, payload]. Appends lock the single LogHead row, so concurrent
writers are serialised and the chain never forks; `seq` is unique as a last guard. Lock order:
the head before any clock row (see lock_head); the sweep's SKIP LOCKED never waits on a clock row.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction

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


def _locked_head() -> LogHead:
    head = LogHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        LogHead.objects.get_or_create(pk=1)
        head = LogHead.objects.select_for_update().get(pk=1)
    return head


@transaction.atomic
def append_many(entries: Iterable[tuple[str, dict]], *, now: datetime) -> list[LogEntry]:
    """Append (kind, payload) pairs in order, in the caller's transaction."""
    entries = list(entries)
    if not entries:
        return []
    head = _locked_head()
    seq, prev = head.seq, head.hash or GENESIS
    rows = []
    for kind, payload in entries:
        seq += 1
        payload = normalise(payload)
        digest = entry_hash(prev_hash=prev, seq=seq, created_at=now, kind=kind, payload=payload)
        rows.append(LogEntry(seq=seq, created_at=now, kind=kind, payload=payload, prev_hash=prev, hash=digest))
        prev = digest
    LogEntry.objects.bulk_create(rows)
    LogHead.objects.filter(pk=1).update(seq=seq, hash=prev)
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
