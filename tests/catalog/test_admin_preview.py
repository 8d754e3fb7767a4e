"""Staff see an item's process drawn in the admin, as the guide page will show it, with what is wrong
with it, before they publish."""

import pytest

from tests import factories


@pytest.fixture
def admin_user(db):
    user = factories.user("root", "admin")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_the_change_page_draws_the_saved_process(client, admin_user, dept, staff):
    item = factories.item(dept, steps=["accept", "check", "hearing", "decide", "complete"])
    client.force_login(admin_user)
    html = client.get(f"/admin/catalog/serviceitem/{item.pk}/change/").content.decode()
    assert "流程图预览" in html and 'id="admin-flow"' in html and "/static/diagram.css" in html
    figure = html.split('<figure class="flow"', 1)[1].split("</figure>", 1)[0]
    assert figure.index("受理") < figure.index("审核") < figure.index("听证") < figure.index("办结")
    assert '<span class="flow-tag">不计入法定时限</span>' in html and 'class="flow-step flow-special"' in html
    assert "流程配置检查通过。" in html


def test_the_preview_lists_the_problems_of_the_configuration(client, admin_user, dept, staff):
    item = factories.item(dept, promised=3)  # accept, review, decide, complete: 4 days > 3
    client.force_login(admin_user)
    html = client.get(f"/admin/catalog/serviceitem/{item.pk}/change/").content.decode()
    assert "流程配置存在以下问题" in html and "各环节时限合计 4 个工作日，超过承诺时限 3 个工作日。" in html


def test_the_add_page_asks_to_save_first(client, admin_user):
    client.force_login(admin_user)
    html = client.get("/admin/catalog/serviceitem/add/").content.decode()
    assert "保存后显示流程图。" in html
