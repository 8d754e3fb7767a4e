"""The few SQL spellings that differ between PostgreSQL (the record) and SQLite (the demo and the
default test database). Everything else is one statement for both."""

from __future__ import annotations

from django.db import connection

from .models import HISTOGRAM_CAP, HISTOGRAM_SIZE


def pg() -> bool:
    return connection.vendor == "postgresql"


def q(name: str) -> str:
    return connection.ops.quote_name(name)


def day(value):
    """A date parameter: SQLite keeps dates as ISO text."""
    return value if pg() else value.isoformat()


def count_if(condition: str) -> str:
    return f"count(*) FILTER (WHERE {condition})"


def sum_if(expr: str, condition: str) -> str:
    return f"coalesce(sum({expr}) FILTER (WHERE {condition}), 0)"


def histogram(days: str, condition: str) -> str:
    """A JSON array of HISTOGRAM_SIZE counts of `days` (integer working days) where `condition`;
    the last bucket counts every value ≥ HISTOGRAM_CAP."""
    buckets = [count_if(f"{condition} AND {days} = {v}") for v in range(HISTOGRAM_CAP)]
    buckets.append(count_if(f"{condition} AND {days} >= {HISTOGRAM_CAP}"))
    if pg():
        return f"to_jsonb(ARRAY[{', '.join(buckets)}]::int[])"
    return f"json_array({', '.join(buckets)})"


def histogram_sum(column: str) -> str:
    """The elementwise sum of a JSON histogram column, as a JSON array."""
    if pg():
        parts = [f"coalesce(sum(({column} ->> {v})::int), 0)" for v in range(HISTOGRAM_SIZE)]
        return f"to_jsonb(ARRAY[{', '.join(parts)}]::int[])"
    parts = [f"coalesce(sum(json_extract({column}, '$[{v}]')), 0)" for v in range(HISTOGRAM_SIZE)]
    return f"json_array({', '.join(parts)})"


def histogram_value(value) -> list[int]:
    if isinstance(value, str):
        import json

        value = json.loads(value)
    return [int(v) for v in value]
