"""Events other apps (disclosure) subscribe to; sent inside the writing transaction."""

from django.dispatch import Signal

# sender=Certificate, kwargs: certificate, actor, now. Disclosure republishes the case's result
# (a correction showing 已撤销) in the same transaction.
certificate_revoked = Signal()
