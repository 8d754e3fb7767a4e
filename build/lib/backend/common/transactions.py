"""Which database transaction is running, for values that are true only inside it.

Django has no transaction id, but it replaces the connection's list of on-commit callbacks at
every commit, every rollback and every rollback to a savepoint (which also releases the row locks
taken after the savepoint). So that list stands for "this transaction, with nothing undone since":
remember it with a value, and the value is valid while `current_transaction()` is still that same
list. It relies on that attribute of Django's connection, so it lives here only.
"""

from __future__ import annotations

from django.db import connection


def current_transaction() -> object | None:
    """A marker of the running transaction on the default connection, or None outside one."""
    return connection.run_on_commit if connection.in_atomic_block else None


def still_in(marker: object | None) -> bool:
    """Whether `marker` (from current_transaction()) is the running transaction, nothing rolled back."""
    return marker is not None and marker is current_transaction()
