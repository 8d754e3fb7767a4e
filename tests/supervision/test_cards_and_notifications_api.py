"""GET /api/v1/supervision/cards/ for supervisors; /api/v1/notifications/ for each user's own."""

from backend.supervision import services
from backend.supervision.models import Notification

from .conftest import at

CARDS = "/api/v1/supervision/cards/"
NOTES = "/api/v1/notifications/"


def test_supervisors_list_cards_with_rule_responsible_and_department(accepted_case, staff, head, api, dept):
    services.clocks_sweep(now=at(2026, 10, 14, 1))
    client = api(staff["supervisor"])
    rows = client.get(CARDS, {"state": "yellow"}).json()["results"]
    promised = next(r for r in rows if r["clock"] == "promised")
    assert promised["case"] == accepted_case.number and promised["severity"] == "yellow"
    assert promised["rule"]["name"] == "预警：已用承诺时限的80%"
    assert promised["department"] == {"code": dept.code, "name": dept.name}
    assert {"responsible", "step", "at", "from_state", "to_state"} <= promised.keys()
    assert all(r["to_state"] == "yellow" for r in rows)
    assert client.get(CARDS, {"department": "elsewhere"}).json()["results"] == []
    assert client.get(CARDS, {"since": "2026-10-15"}).json()["results"] == []
    assert len(client.get(CARDS, {"since": "2026-10-14"}).json()["results"]) == len(client.get(CARDS).json()["results"])
    assert client.get(CARDS, {"since": "yesterday"}).json()["errors"][0]["field"] == "since"
    assert client.get(CARDS, {"state": "purple"}).status_code == 400
    assert api(staff["reviewer"]).get(CARDS).status_code == 403


def test_each_user_sees_and_reads_only_their_own_notifications(accepted_case, staff, head, api):
    services.clocks_sweep(now=at(2026, 10, 14, 1))
    mine = api(head).get(NOTES, {"unread": "true"}).json()["results"]
    assert mine and all(n["case"] == accepted_case.number for n in mine)
    assert Notification.objects.filter(recipient=head).count() == len(mine)
    first = mine[0]["id"]
    assert api(staff["supervisor"]).post(f"{NOTES}{first}/read/").status_code == 404  # not theirs
    read = api(head).post(f"{NOTES}{first}/read/")
    assert read.status_code == 200 and read.json()["read_at"] is not None
    unread = api(head).get(NOTES, {"unread": "true"}).json()["results"]
    assert first not in [n["id"] for n in unread] and len(unread) == len(mine) - 1
    assert len(api(head).get(NOTES).json()["results"]) == len(mine)
    assert api(staff["applicant"]).get(NOTES).json()["results"] == []
    assert api().get(NOTES).status_code in (401, 403)
