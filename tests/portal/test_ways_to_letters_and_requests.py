"""People find the mailbox and information requests without knowing their addresses: the portal's
home and the disclosure pages link to writing a letter and to applying; staff menus lead to the
letters and requests they handle; administrators see annual reports in the admin."""

import re

from django.urls import reverse

from tests import factories


def links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def test_the_public_reaches_the_mailbox_and_requests_from_home_and_disclosure(db, client):
    home = client.get(reverse("portal:home")).content.decode()
    assert {"/public/letters/write/", "/public/letters/track/", "/foi/apply/",
            "/information-requests/track/"} <= links(home)
    disclosure = client.get(reverse("disclosure:index")).content.decode()
    assert {"/public/letters/", "/public/foi/reports/", "/foi/apply/", "/public/catalogue/",
            "/public/disclosure-scores/"} <= links(disclosure)
    # The links lead somewhere: the public pages answer, applying asks the applicant to sign in.
    assert client.get("/public/letters/write/").status_code == 200
    assert client.get("/public/foi/reports/").status_code == 200
    response = client.get("/foi/apply/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_staff_menus_lead_to_letters_and_requests_and_applicants_see_neither(db, client):
    dept = factories.department()
    clerk = factories.user("clerk1", "clerk", departments=[dept])
    client.force_login(clerk)
    page = client.get(reverse("portal:home")).content.decode()
    assert {"/letters/", "/foi/", "/directory/"} <= links(page)
    directory = client.get("/directory/")
    assert directory.status_code == 200 and {"/inspection/", "/disclosure-scores/"} <= links(directory.content.decode())
    foi_list = client.get("/foi/").content.decode()
    assert 'aria-current="page">依申请公开' in foi_list
    assert "/foi/reports/" not in links(foi_list)  # a window clerk may not read the annual reports
    dept.head = clerk
    dept.save(update_fields=["head"])
    assert "/foi/reports/" in links(client.get("/foi/").content.decode())  # the head who signs may
    assert client.get("/foi/reports/").status_code == 200

    client.force_login(factories.user("someone"))
    page = client.get(reverse("portal:home")).content.decode()
    assert not {"/letters/", "/foi/", "/directory/"} & links(page)


def test_administrators_read_annual_reports_in_the_admin(db, client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x-9-long-enough")
    client.force_login(admin)
    assert client.get(reverse("admin:foi_annualreport_changelist")).status_code == 200
    assert client.get(reverse("admin:foi_annualreport_add")).status_code == 403  # read-only: changed on its pages
