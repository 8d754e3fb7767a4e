"""Task clocks take the business time of the case event in their own transaction, and only there."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from backend.common.transactions import current_transaction
from backend.supervision import receivers

from .conftest import at


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_case_events_time_does_not_leak_into_a_later_transaction():
    business = at(2026, 10, 14, 9)
    with transaction.atomic():
        receivers._event_now.set((7, business, current_transaction()))
        assert receivers._now_for(7) == business
        assert abs(receivers._now_for(8) - timezone.now()) < timedelta(seconds=5)  # another case
    with transaction.atomic():
        assert abs(receivers._now_for(7) - timezone.now()) < timedelta(seconds=5)
