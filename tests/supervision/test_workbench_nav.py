"""The workbench's own menu links its six screens for officers, marks the one shown, and stays
away from staff who open the orders list."""

import pytest
from django.test import Client

SCREENS = {"/supervision/": "概览", "/supervision/dashboard/": "监察看板", "/supervision/orders/": "督办整改",
           "/supervision/stats/": "统计分析", "/supervision/scorecards/": "量化考评与通报",
           "/ratings/staff/": "好差评"}


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("path", list(SCREENS))
def test_every_workbench_screen_has_the_menu_with_itself_current(staff, path):
    html = signed_in(staff["supervisor"]).get(path).content.decode()
    menu = html.split('class="workbench-nav"')[1].split("</nav>")[0]
    for href in SCREENS:
        assert f'href="{href}"' in menu
    assert f'href="{path}" aria-current="page">{SCREENS[path]}' in menu


def test_staff_replying_to_orders_see_no_workbench_menu(staff):
    html = signed_in(staff["reviewer"]).get("/supervision/orders/").content.decode()
    assert 'class="workbench-nav"' not in html
