"""A record every app may ask to be appended to the tamper-evident supervision log.

Apps below or beside supervision (disclosure, cases) cannot import it, so they send `audit_recorded`
inside their writing transaction and supervision appends the entry in that same transaction.
"""

from django.dispatch import Signal

# kwargs: kind (str, e.g. "publication_withdrawn"), payload (JSON-serialisable dict), now (aware datetime)
audit_recorded = Signal()


def audit(kind: str, payload: dict, *, now) -> None:
    audit_recorded.send(sender=None, kind=kind, payload=payload, now=now)
