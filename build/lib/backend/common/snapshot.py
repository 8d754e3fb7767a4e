"""Slowly changing configuration read once per unit of work.

The working calendar and the warning rules are cached per process and checked for freshness with
one small query on every use. Inside `config_snapshot()` (one process transition: a claim, a
decision) the first check's result is held until the block ends: every clock the transition opens
or closes is measured against the same calendar and rules, and a transition that touches five
clocks checks once instead of five times. Outside a snapshot every use checks, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")
_held: ContextVar[dict | None] = ContextVar("config_snapshot", default=None)


@contextmanager
def config_snapshot() -> Iterator[None]:
    """Hold configuration read inside the block; a nested block shares the outer one's."""
    if _held.get() is not None:
        yield
        return
    token = _held.set({})
    try:
        yield
    finally:
        _held.reset(token)


def snapshot_value(key: str, load: Callable[[], T]) -> T:
    """`load()`, or inside a snapshot the value it gave the first time there."""
    held = _held.get()
    if held is None:
        return load()
    if key not in held:
        held[key] = load()
    return held[key]
