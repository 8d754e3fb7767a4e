"""Who may do what: another unit's staff neither see nor touch the column's documents; a reviewer
cannot sign off; a drafter without the reviewer role cannot review; supervisors read all."""

from __future__ import annotations

import pytest

from backend.directory import selectors, services

from .conftest import DOC, SUBMITTED, draft, pinned

pytestmark = pytest.mark.django_db


def test_another_units_staff_get_404_on_the_document_and_its_steps(api, people, column):
    doc = draft(people)
    other = api(people["water_staff"])
    assert other.get(f"/api/v1/disclosure/catalogue/documents/{doc.pk}/").status_code == 404
    response = other.post(f"/api/v1/disclosure/catalogue/documents/{doc.pk}/submit/")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
    assert api(people["drafter"]).get(f"/api/v1/disclosure/catalogue/documents/{doc.pk}/").status_code == 200


def test_another_units_staff_cannot_draft_in_the_column(api, people, column):
    response = api(people["water_staff"]).post("/api/v1/disclosure/catalogue/documents/", DOC, format="json")
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "forbidden"


def test_a_reviewer_cannot_sign_off_and_a_drafter_cannot_review(people, column):
    doc = draft(people)
    with pinned(SUBMITTED):
        services.document_submit(document=doc, actor=people["drafter"], now=SUBMITTED)
        with pytest.raises(services.DomainError) as err:
            services.document_review(document=doc, decision="approve", actor=people["drafter"], now=SUBMITTED)
        assert err.value.status == 403
        services.document_review(document=doc, decision="approve", actor=people["reviewer"], now=SUBMITTED)
        with pytest.raises(services.DomainError) as err:
            services.document_sign_off(document=doc, decision="approve", actor=people["reviewer"], now=SUBMITTED)
        assert err.value.status == 403


def test_another_units_head_cannot_sign_off(api, people, column, water_column):
    doc = draft(people)
    with pinned(SUBMITTED):
        services.document_submit(document=doc, actor=people["drafter"], now=SUBMITTED)
        services.document_review(document=doc, decision="approve", actor=people["reviewer"], now=SUBMITTED)
        with pytest.raises(services.DomainError) as err:
            services.document_sign_off(document=doc, decision="approve", actor=people["water_head"], now=SUBMITTED)
    assert err.value.status == 403


def test_staff_see_their_units_columns_supervisors_and_the_office_see_all(people, column, water_column, settings,
                                                                          housing):
    mine = set(selectors.column_list_visible_to(user=people["drafter"]).values_list("code", flat=True))
    assert mine == {"zcwj"}
    theirs = set(selectors.column_list_visible_to(user=people["water_staff"]).values_list("code", flat=True))
    assert theirs == {"czzj"}
    everything = set(selectors.column_list_visible_to(user=people["supervisor"]).values_list("code", flat=True))
    assert {"zcwj", "czzj", "jgzn", "ndbg"} <= everything
    assert not selectors.column_list_visible_to(user=people["applicant"]).exists()
    settings.DIRECTORY_OFFICE_DEPARTMENT_CODE = "slj"  # the water bureau plays the disclosure office
    assert selectors.document_list_visible_to(user=people["water_staff"]).count() == 0
    draft(people)
    assert selectors.document_list_visible_to(user=people["water_staff"]).count() == 1


def test_an_applicant_is_refused_the_staff_pages(client, people, column):
    client.force_login(people["applicant"])
    assert client.get("/directory/").status_code == 403
    client.logout()
    assert client.get("/directory/").status_code == 302
