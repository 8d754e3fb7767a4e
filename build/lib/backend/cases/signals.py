"""Events other apps (supervision, disclosure) subscribe to; sent inside the writing transaction."""

from django.dispatch import Signal

# sender=Case, kwargs: case, event (CaseEvent), now
case_event_recorded = Signal()
