"""Policy interpretations (政策解读, 谁起草谁解读): a policy of the 政策文件 column goes through
submission, review and sign-off with its interpretation and is published with it (同步审签, 同步发布);
later interpretations are reviewed and signed off on their own (分段多次); links both ways on the
public pages and in the JSON; the guide page of an item the policy affects shows it (相关政策)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from backend.directory import services
from backend.directory.models import Document
from backend.disclosure.models import Publication
from backend.disclosure.outbox import relay_due
from tests import factories
from tests.samples import PDF

from .conftest import DOC, DRAFTED, REVIEWED, SIGNED, SUBMITTED, at, draft, pinned, publish, relay

pytestmark = pytest.mark.django_db
BASE = "/api/v1/disclosure/catalogue"
TEXT = {"title": "《关于老旧小区加装电梯补贴的实施办法》政策解读", "interpretation_form": "text",
        "interpreted_on": "2026-10-30", "body": "一、出台背景。二、主要内容：补贴标准为每台 20 万元。"}
LATER = at(2026, 11, 20, 10)


@pytest.fixture
def policy_column(column):
    """The seeded 政策文件 column as the migration leaves it: a policy column (须配政策解读). The
    interpretations go into the seeded 政策解读 column, which has no unit: the policy's unit answers."""
    column.requires_interpretation = True
    column.save(update_fields=["requires_interpretation"])
    return column


def interpret(people, policy, data=None, when=DRAFTED, files=()):
    with pinned(when):
        return services.interpretation_draft(policy=policy, data={**TEXT, **(data or {})}, actor=people["drafter"],
                                             now=when, files=files)


def pub(subject):
    return Publication.objects.get(kind=Publication.Kind.DOCUMENT, subject=subject,
                                   status=Publication.Status.PUBLISHED)


def test_a_policy_without_an_interpretation_cannot_be_submitted(api, people, policy_column):
    policy = draft(people)
    assert policy.needs_interpretation  # the column is a policy column
    with pinned(SUBMITTED), pytest.raises(services.DomainError) as err:
        services.document_submit(document=policy, actor=people["drafter"], now=SUBMITTED)
    assert [(e.field, e.code) for e in err.value.errors] == [("interpretation", "missing")]
    assert "政策解读" in str(err.value.errors[0].message)
    response = api(people["drafter"]).post(f"{BASE}/documents/{policy.pk}/submit/")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "interpretation"
    policy.refresh_from_db()
    assert policy.status == Document.Status.DRAFT

    interpretation = interpret(people, policy)
    with pinned(SUBMITTED):
        services.document_submit(document=policy, actor=people["drafter"], now=SUBMITTED)
    policy.refresh_from_db()
    interpretation.refresh_from_db()
    assert policy.status == interpretation.status == Document.Status.IN_REVIEW  # submitted together


def test_policy_and_interpretation_signed_off_together_are_published_together_and_linked_both_ways(
        client, people, policy_column):
    policy = draft(people)
    interpretation = interpret(people, policy)
    with pinned(SUBMITTED):
        services.document_submit(document=policy, actor=people["drafter"], now=SUBMITTED)
    with pinned(REVIEWED):
        services.document_review(document=policy, decision="approve", actor=people["reviewer"], now=REVIEWED)
    interpretation.refresh_from_db()
    assert interpretation.status == Document.Status.AWAITING_SIGN_OFF  # reviewed together
    with pinned(SIGNED), pytest.raises(services.DomainError) as err:  # not alone: it goes with the policy
        services.document_sign_off(document=interpretation, decision="approve", actor=people["head"], now=SIGNED)
    assert err.value.status == 409
    with pinned(SIGNED):
        services.document_sign_off(document=policy, decision="approve", actor=people["head"], now=SIGNED)
    relay(SIGNED)
    interpretation.refresh_from_db()
    assert interpretation.status == Document.Status.PUBLISHED and interpretation.signed_off_by == people["head"]

    policy_pub, interp_pub = pub(policy.key), pub(interpretation.key)
    assert policy_pub.payload["interpretations"][0]["subject"] == interpretation.key
    assert interp_pub.payload["interprets"]["subject"] == policy.key
    assert interp_pub.department_code == "zjj"  # the policy's unit, though the 政策解读 column has none

    page = client.get(f"/public/catalogue/documents/{policy.key}/").content.decode()
    assert TEXT["title"] in page and f"/public/catalogue/documents/{interpretation.key}/" in page
    assert "文字解读" in page and "2026-10-30" in page
    page = client.get(f"/public/catalogue/documents/{interpretation.key}/").content.decode()
    assert f"/public/catalogue/documents/{policy.key}/" in page and "所解读的政策" in page

    rows = {d["subject"]: d for d in client.get("/public/catalogue/data.json").json()["documents"]}
    assert [i["subject"] for i in rows[policy.key]["interpretations"]] == [interpretation.key]
    assert rows[interpretation.key]["interprets"]["path"] == f"/public/catalogue/documents/{policy.key}/"


def test_a_later_staged_interpretation_is_reviewed_signed_off_and_published_on_its_own(api, client, people,
                                                                                       policy_column):
    policy = draft(people)
    first = interpret(people, policy)
    publish(people, policy)
    later = api(people["drafter"]).post(f"{BASE}/documents/{policy.pk}/interpretations/",
                                        {**TEXT, "title": "政策问答（二）", "interpretation_form": "qa",
                                         "interpreted_on": "2026-11-19"}, format="json")
    assert later.status_code == 201, later.json()
    assert later.json()["interprets"]["id"] == policy.pk and later.json()["column"] == "zcjd"
    second = Document.objects.get(pk=later.json()["id"])
    with pinned(LATER):
        services.document_submit(document=second, actor=people["drafter"], now=LATER)
        services.document_review(document=second, decision="approve", actor=people["reviewer"], now=LATER)
        services.document_sign_off(document=second, decision="approve", actor=people["head"], now=LATER)
    relay(LATER)
    second.refresh_from_db()
    assert second.status == Document.Status.PUBLISHED and second.published_on.isoformat() == "2026-11-20"
    assert pub(policy.key).version == 1  # the policy itself is not published again

    listed = api(people["drafter"]).get(f"{BASE}/documents/{policy.pk}/interpretations/").json()
    assert [d["id"] for d in listed] == [first.pk, second.pk]
    detail = api(people["drafter"]).get(f"{BASE}/documents/{policy.pk}/").json()
    assert [i["key"] for i in detail["interpretations"]] == [first.key, second.key]
    page = client.get(f"/public/catalogue/documents/{policy.key}/").content.decode()
    assert "政策问答（二）" in page and "问答解读" in page and "2026-11-19" in page
    rows = {d["subject"]: d for d in client.get("/public/catalogue/data.json").json()["documents"]}
    assert [i["subject"] for i in rows[policy.key]["interpretations"]] == [first.key, second.key]


def test_a_graphic_interpretation_without_an_attachment_is_a_field_error(people, policy_column):
    policy = draft(people)
    with pytest.raises(services.DomainError) as err:
        interpret(people, policy, {"interpretation_form": "graphic"})
    assert [(e.field, e.code) for e in err.value.errors] == [("attachments", "required")]
    assert not Document.objects.filter(interprets=policy).exists()
    with pytest.raises(services.DomainError) as err:
        interpret(people, policy, {"interpretation_form": "poster", "interpreted_on": ""})
    assert {e.field for e in err.value.errors} == {"interpretation_form", "interpreted_on"}
    made = interpret(people, policy, {"interpretation_form": "graphic"},
                     files=[SimpleUploadedFile("图解.pdf", PDF, content_type="application/pdf")])
    assert made.interpretation_form == "graphic" and made.attachments.count() == 1


def test_the_guide_page_of_a_linked_item_shows_the_policy_and_its_interpretations(client, people, housing,
                                                                                   policy_column):
    item = factories.item(housing)
    policy = draft(people, {"service_items": [item.code]})
    assert list(policy.service_items.values_list("code", flat=True)) == [item.code]
    interpretation = interpret(people, policy)
    assert "相关政策" not in client.get(f"/guides/{item.code}/").content.decode()  # not public yet
    publish(people, policy)
    page = client.get(f"/guides/{item.code}/").content.decode()
    assert "相关政策" in page and f"/public/catalogue/documents/{policy.key}/" in page
    assert "关于老旧小区加装电梯补贴的实施办法" in page
    assert f"/public/catalogue/documents/{interpretation.key}/" in page
    other = factories.item(housing)
    assert "相关政策" not in client.get(f"/guides/{other.code}/").content.decode()
    relay_due(now=timezone.now() + timedelta(minutes=1))  # the guides (saved at the wall clock) are published
    public = client.get(f"/public/guides/{item.code}/").content.decode()
    assert "相关政策" in public and f"/public/catalogue/documents/{policy.key}/" in public
    assert "相关政策" not in client.get(f"/public/guides/{other.code}/").content.decode()


def test_an_unknown_service_item_is_a_field_error(people, policy_column):
    with pytest.raises(services.DomainError) as err:
        draft(people, {"service_items": ["NO-SUCH-ITEM"]})
    assert [(e.field, e.code) for e in err.value.errors] == [("service_items", "invalid")]


def test_returning_the_policy_returns_its_interpretation_with_it(people, policy_column):
    policy = draft(people)
    interpretation = interpret(people, policy)
    with pinned(SUBMITTED):
        services.document_submit(document=policy, actor=people["drafter"], now=SUBMITTED)
    with pinned(REVIEWED):
        services.document_review(document=policy, decision="return", opinion="请补充解读的补贴标准说明",
                                 actor=people["reviewer"], now=REVIEWED)
    interpretation.refresh_from_db()
    assert interpretation.status == Document.Status.DRAFT
    assert interpretation.events.filter(kind="returned", opinion="请补充解读的补贴标准说明").exists()


def test_the_staff_page_adds_an_interpretation_and_lists_it(client, people, policy_column):
    policy = draft(people)
    client.force_login(people["drafter"])
    page = client.get(f"/directory/{policy.pk}/").content.decode()
    assert "添加政策解读" in page and "暂无解读" in page
    refused = client.post(f"/directory/{policy.pk}/interpret/", {**TEXT, "interpretation_form": "video"})
    assert refused.status_code == 400 and "须上传图解或视频附件" in refused.content.decode()
    response = client.post(f"/directory/{policy.pk}/interpret/", TEXT)
    made = Document.objects.get(interprets=policy)
    assert response.status_code == 302 and response["Location"] == f"/directory/{made.pk}/"
    assert TEXT["title"] in client.get(f"/directory/{policy.pk}/").content.decode()
    assert f"/directory/{policy.pk}/" in client.get(f"/directory/{made.pk}/").content.decode()
    client.force_login(people["water_staff"])  # another unit: neither the policy nor its interpretation
    assert client.get(f"/directory/{made.pk}/").status_code == 404


def test_the_draft_form_sets_the_need_and_the_items_and_edits_an_interpretation(client, people, housing,
                                                                                policy_column):
    item = factories.item(housing)
    client.force_login(people["drafter"])
    response = client.post("/directory/new/", {**DOC, "needs_interpretation": "", "service_items": item.code})
    assert response.status_code == 302
    policy = Document.objects.get()
    assert policy.needs_interpretation and [i.code for i in policy.service_items.all()] == [item.code]
    client.post(f"/directory/{policy.pk}/edit/", {**DOC, "needs_interpretation": "false", "service_items": ""})
    policy.refresh_from_db()
    assert not policy.needs_interpretation and not policy.service_items.exists()
    made = interpret(people, policy)
    form = client.get(f"/directory/{made.pk}/edit/").content.decode()
    assert 'name="interpretation_form"' in form and 'name="column"' not in form
    data = {k: v for k, v in DOC.items() if k != "column"}
    response = client.post(f"/directory/{made.pk}/edit/", {**data, "interpretation_form": "video",
                                                           "interpreted_on": "2026-11-01"})
    assert response.status_code == 400 and "须上传图解或视频附件" in response.content.decode()
    response = client.post(f"/directory/{made.pk}/edit/", {**data, "interpretation_form": "qa",
                                                           "interpreted_on": "2026-11-01"})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.interpretation_form == "qa" and made.interpreted_on.isoformat() == "2026-11-01"
    assert made.column.code == "zcjd" and made.interprets == policy


def test_withdrawing_a_policy_withdraws_its_public_interpretations_with_it(client, people, policy_column):
    policy = draft(people)
    interpretation = interpret(people, policy)
    publish(people, policy)
    interpretation.refresh_from_db()
    assert interpretation.status == Document.Status.PUBLISHED
    with pinned(LATER):
        services.document_withdraw(document=policy, reason="政策已废止", actor=people["drafter"], now=LATER)
    relay(LATER)
    interpretation.refresh_from_db()
    assert interpretation.status == Document.Status.WITHDRAWN
    assert interpretation.withdrawn_reason == "随所解读的政策撤回：政策已废止"
    page = client.get(f"/public/catalogue/documents/{interpretation.key}/").content.decode()
    assert "随所解读的政策撤回" in page
    subjects = {d["subject"] for d in client.get("/public/catalogue/data.json").json()["documents"]}
    assert policy.key not in subjects and interpretation.key not in subjects
