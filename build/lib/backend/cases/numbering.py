"""Case numbers and query codes."""

from __future__ import annotations

import secrets
from datetime import date

from django.db import IntegrityError, connection, transaction

from .models import CaseNumberCounter

# No 0/O, 1/I/L: a query code is read aloud at windows and typed from paper.
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
NUMBER_PREFIX = "TB"


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))


def _increment(day: date) -> int | None:
    """UPDATE … RETURNING: the incremented counter in one statement, None if the day has no row."""
    qn = connection.ops.quote_name
    meta = CaseNumberCounter._meta
    table, last, day_column = qn(meta.db_table), qn(meta.get_field("last").column), qn(meta.get_field("day").column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {last} = {last} + 1 WHERE {day_column} = %s RETURNING {last}",  # noqa: S608
            [connection.ops.adapt_datefield_value(day)],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def next_case_number(day: date) -> str:
    """TB + yyyymmdd + 6-digit daily sequence, e.g. TB20261128000042.

    The counter row is incremented with an UPDATE, which holds its row lock until the filing
    transaction commits, so concurrent filings never share a number.
    """
    with transaction.atomic(savepoint=False):
        last = _increment(day)
        if last is None:
            try:
                with transaction.atomic():
                    CaseNumberCounter.objects.create(day=day, last=1)
                last = 1
            except IntegrityError:
                last = _increment(day)
    return f"{NUMBER_PREFIX}{day:%Y%m%d}{last:06d}"
