"""The catalogue's demo: columns given to units, documents in each state around the moment of
loading; a second load changes nothing."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from backend.directory.models import Column, Document
from backend.disclosure.models import Publication
from backend.disclosure.outbox import relay_due
from demo.directory import POLICY, SCENES, load_directory
from demo.loader import DemoClock, Tally, load_organisation

NOW = datetime(2026, 10, 9, 11, tzinfo=ZoneInfo("Asia/Shanghai"))  # the first working day after National Day


def test_the_demo_catalogue_has_documents_in_every_state_and_loads_once(db):
    with time_machine.travel(NOW, tick=False):
        load_organisation(Tally())
        load_directory(Tally(), now=NOW, clock=DemoClock(NOW))
        relay_due(now=NOW)
        states = dict(Document.objects.values_list("title", "status"))
        assert len(states) == len(SCENES) + 2  # and the policy with its interpretation
        assert set(states.values()) == {"published", "awaiting_sign_off", "draft", "withdrawn"}
        assert Column.objects.get(code="xzxk").department.code == "scjgj"
        public = set(Publication.objects.filter(kind="document", status="published").values_list("title", flat=True))
        policy = Document.objects.get(title=POLICY.title)
        assert public == {s.title for s in SCENES if s.until == "published"} | {
            POLICY.title, policy.interpretations.get().title}
        assert not Document.objects.filter(updated_at__gt=NOW).exists()  # laid out before the moment
        again = Tally()
        load_directory(again, now=NOW, clock=DemoClock(NOW))
    assert set(again.counts[str(Document._meta.verbose_name)]) == {"unchanged"}
    assert Document.objects.count() == len(SCENES) + 2
