"""Single-row inserts that a unique key may turn away, without a savepoint.

`Model.objects.create()` inside `transaction.atomic()` catching IntegrityError costs three
statements (savepoint, insert, release) and swallows every constraint error alike. PostgreSQL and
SQLite (3.35+) both accept `INSERT … ON CONFLICT (column) DO NOTHING RETURNING pk`: one statement,
and only a clash on the named unique column is turned away; any other violation still raises.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Model


def insert_unless_taken(instance: Model, *, unique_field: str) -> bool:
    """Insert `instance` unless a row already holds its `unique_field` value. True (and the primary
    key set, the instance marked saved) if inserted; False if the value was taken."""
    meta = instance._meta
    conflict = meta.get_field(unique_field)
    if not conflict.unique:
        raise ValueError(f"{meta.label}.{unique_field} is not unique")
    fields = [f for f in meta.concrete_fields if not f.primary_key or f.pre_save(instance, True) is not None]
    qn = connection.ops.quote_name
    values = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    sql = (
        f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({qn(conflict.column)}) DO NOTHING RETURNING {qn(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return False
    instance.pk = row[0]
    instance._state.adding, instance._state.db = False, connection.alias
    return True
