"""Case numbers and query codes."""

from __future__ import annotations

import secrets
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import CaseNumberCounter

# No 0/O, 1/I/L: a query code is read aloud at windows and typed from paper.
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
NUMBER_PREFIX = "TB"


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))


def next_case_number(day: date) -> str:
    """TB + yyyymmdd + 6-digit daily sequence, e.g. TB20261128000042.

    The counter row is incremented with an UPDATE, which holds its row lock until the filing
    transaction commits, so concurrent filings never share a number.
    """
    with transaction.atomic(savepoint=False):
        updated = CaseNumberCounter.objects.filter(day=day).update(last=F("last") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    CaseNumberCounter.objects.create(day=day, last=1)
            except IntegrityError:
                CaseNumberCounter.objects.filter(day=day).update(last=F("last") + 1)
        last = CaseNumberCounter.objects.filter(day=day).values_list("last", flat=True).get()
    return f"{NUMBER_PREFIX}{day:%Y%m%d}{last:06d}"
