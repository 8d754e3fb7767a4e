"""The demo's information requests: laid out around the moment of loading, in their states; a second
load changes nothing."""

import time_machine

from backend.foi.models import InfoRequest
from demo.foi import REQUESTS, load_foi
from demo.loader import DemoClock, Tally, load_organisation
from workflows.foi import foi_sweep

from .conftest import at

NOW = at(2026, 11, 18, 16)


@time_machine.travel(NOW, tick=False)
def test_demo_requests_in_their_states_and_loading_twice_adds_nothing(db):
    tally = Tally()
    load_organisation(tally)
    load_foi(tally, now=NOW, clock=DemoClock(NOW))
    assert InfoRequest.objects.count() == len(REQUESTS)
    load_foi(Tally(), now=NOW, clock=DemoClock(NOW))
    assert InfoRequest.objects.count() == len(REQUESTS)
    by_state = {r.description: r for r in InfoRequest.objects.all()}
    assert by_state["本县2025年度国有建设用地供应计划"].case.status == "completed"
    assert by_state["有关食品经营的材料"].reply_type == "withdrawn"
    assert by_state["我村土地的有关文件"].supplement_answered_at is None
    assert by_state["本县2026年食品安全监督抽检结果汇总表"].case.status == "submitted"
    assert foi_sweep(now=NOW) == {"withdrawn": 0, "lapsed_consultations": 0}
