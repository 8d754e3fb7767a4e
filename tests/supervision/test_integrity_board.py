"""The board's tiles and the lists they link to count the same thing: cases, one row each, with the
clocks (case and step) that put them there beneath."""

import re

import time_machine
from django.test import Client

from backend.supervision import selectors, services
from backend.supervision.models import Clock

from .conftest import act, at, file_case

NOW = at(2026, 10, 19, 10)


def board(user, state=""):
    client = Client()
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        return client.get(f"/supervision/?state={state}").content.decode()


def rows(page) -> list[str]:
    return re.findall(r'<tbody class="board-case">\s*<tr>\s*<th scope="rowgroup"[^>]*><a href="/cases/(\w+)/"', page)


def tile(page, state) -> int:
    return int(re.search(rf'id="tile-{state}"><strong>(\d+)</strong>', page).group(1))


def test_each_tile_equals_the_rows_of_its_list(accepted_case, item, staff):
    late = accepted_case  # promised 2026-10-16: red by the 19th, with its review step red too
    warned = file_case(item, staff, at(2026, 10, 5, 9))
    act(warned, staff["clerk"], "accept", "accept", at(2026, 10, 8, 10))  # promised 10 wd from 10-08
    filed = file_case(item, staff, at(2026, 10, 16, 9))  # not accepted yet: its accept step's clock runs
    services.clocks_sweep(now=NOW)
    assert Clock.objects.filter(case=late, state="red", completed_at__isnull=True).count() >= 2  # clocks, not cases
    figures = selectors.board_figures(user=staff["supervisor"])
    red_cases = set(Clock.objects.filter(state="red", completed_at__isnull=True).values_list("case__number", flat=True))
    assert late.number in red_cases and figures["red"] == len(red_cases)

    page = board(staff["supervisor"])
    for state in ("red", "yellow", "suspended", "breach"):
        listed = rows(board(staff["supervisor"], state))
        assert tile(page, state) == len(listed) == len(set(listed)), state
    assert set(rows(board(staff["supervisor"], "red"))) == red_cases
    default = rows(page)
    assert len(default) == tile(page, "red") + tile(page, "yellow") and filed.number in default
    assert figures["open"] == 2  # cases whose promised clock runs


def test_the_steps_of_a_red_case_are_listed_beneath_it(accepted_case, staff):
    services.clocks_sweep(now=NOW)
    page = board(staff["supervisor"], "red")
    block = page.split('<tbody class="board-case">')[1].split("</tbody>")[0]
    red = Clock.objects.filter(case=accepted_case, state="red", completed_at__isnull=True).count()
    assert block.count('<tr class="board-clock">') == red
    assert "承诺时限" in block


def test_the_statutory_breach_list_of_its_own(accepted_case, staff):
    services.clocks_sweep(now=at(2026, 11, 2, 1))
    page = board(staff["supervisor"], "breach")
    assert rows(page) == [accepted_case.number] and tile(page, "breach") == 1
    assert "超过法定时限的办件" in page
