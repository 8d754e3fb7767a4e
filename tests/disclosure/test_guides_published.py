"""Every item's guide in force is public with every element, and a new version when it takes effect."""

from datetime import date, timedelta

from django.utils import timezone

from backend.catalog.models import GuideVersion, LegalBasis, MaterialRequirement
from backend.disclosure.models import Publication
from tests import factories


def _guide_page(client, code, suffix=""):
    response = client.get(f"/public/guides/{code}/{suffix}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_guide_shows_every_element(client, item, relay):
    guide = item.guides.get()
    guide.hours = "工作日 9:00—17:00"
    guide.enquiry_phone = "0123-5210101"
    guide.complaint_phone = "12345"
    guide.fees = "不收费"
    guide.process_description = "申请—受理—审查—决定"
    guide.save()
    relay()
    page = _guide_page(client, item.code)
    for text in ["中华人民共和国行政许可法", "第三十条", "符合条件", "申请书", "营业执照", "申请—受理—审查—决定",
                 "20 个工作日", "10 个工作日", "不收费", "县政务服务中心", "工作日 9:00—17:00", "0123-5210101",
                 "12345"]:
        assert text in page, text


def test_the_guide_has_a_printable_a4_version_and_a_large_type_kiosk_version(client, item, relay):
    relay()
    printable = _guide_page(client, item.code, "print/")
    assert "disclosure-print" in printable and "申请书" in printable and "data-print" in printable
    kiosk = _guide_page(client, item.code, "kiosk/")
    assert "disclosure-kiosk" in kiosk and "申请书" in kiosk
    assert item.name in client.get("/public/kiosk/").content.decode()


def test_guides_are_found_by_name_department_and_keyword(client, dept, relay):
    found = factories.item(dept)
    other = factories.item(factories.department("health", "卫生健康局"))
    MaterialRequirement.objects.create(guide=other.guides.get(), name="卫生许可证明", position=3)
    relay()

    def names(query):
        return [g["name"] for g in client.get(f"/public/api/guides/?{query}").json()["results"]]

    assert names(f"q={found.name}") == [found.name]
    assert names("department=health") == [other.name]
    assert names("q=卫生许可证明") == [other.name]
    assert names("q=卫生健康局") == [other.name]
    page = client.get("/public/guides/", {"q": "卫生许可证明"}).content.decode()
    assert other.name in page and found.name not in page


def test_a_future_version_is_published_the_day_it_takes_effect(client, item, relay):
    relay()
    today = timezone.localdate()
    v1 = item.guides.get()
    v2 = GuideVersion.objects.create(item=item, version=2, effective_from=today + timedelta(days=10),
                                     statutory_limit_days=20, promised_limit_days=5, conditions="新条件")
    LegalBasis.objects.create(guide=v2, law="中华人民共和国行政许可法", article="第四十二条")
    relay()
    assert client.get("/public/api/guides/").json()["results"][0]["guide"]["version"] == v1.version
    relay(at=timezone.make_aware(timezone.datetime.combine(today + timedelta(days=10), timezone.datetime.min.time()))
          + timedelta(minutes=1))
    guides = client.get("/public/api/guides/").json()["results"]
    assert [(g["guide"]["version"], g["guide"]["promised_limit_days"]) for g in guides] == [(2, 5)]
    assert Publication.objects.get(subject=item.code, version=1).status == "superseded"


def test_editing_the_text_republishes_and_saving_unchanged_does_not(item, relay):
    relay()
    guide = item.guides.get()
    guide.save()
    relay()
    assert Publication.objects.filter(subject=item.code).count() == 1
    guide.fees = "每件 10 元"
    guide.save()
    relay()
    current = Publication.objects.get(subject=item.code, status="published")
    assert current.version == 2 and current.payload["fees"] == "每件 10 元"


def test_a_guide_not_yet_in_force_is_not_public(client, dept, relay):
    later = factories.item(dept)
    later.guides.update(effective_from=date(2099, 1, 1))
    GuideVersion.objects.get(item=later).save()
    relay()
    assert client.get(f"/public/guides/{later.code}/").status_code == 404


def test_a_new_material_or_a_published_process_republishes_the_guide(client, item, dept, relay):
    relay()
    MaterialRequirement.objects.create(guide=item.guides.get(), name="食品安全管理制度", position=3)
    relay()
    guide = client.get(f"/public/api/guides/{item.code}/").json()
    assert guide["publication_version"] == 2 and "食品安全管理制度" in [m["name"] for m in guide["guide"]["materials"]]
    step = item.steps.get(step="review")
    step.budget_days = 3
    step.save()  # the draft: nothing public changes until it is published
    relay()
    assert client.get(f"/public/api/guides/{item.code}/").json()["publication_version"] == 2
    factories.publish(item)
    relay()
    guide = client.get(f"/public/api/guides/{item.code}/").json()
    assert guide["publication_version"] == 3
    steps = guide["guide"]["steps"]
    assert {"step": "review", "budget_days": 3}.items() <= next(s for s in steps if s["step"] == "review").items()


def _guide_publications(item):
    return list(Publication.objects.filter(kind="guide", subject=item.code).order_by("version")
                .values_list("status", "title"))


def test_renaming_an_item_republishes_its_guide(client, item, relay):
    relay()
    item.name = "食品经营许可（新办）"
    item.save()
    relay()
    assert _guide_publications(item)[-1] == ("published", "食品经营许可（新办）")
    assert "食品经营许可（新办）" in _guide_page(client, item.code)


def test_an_item_no_longer_handled_leaves_the_public_site_and_returns_when_handled_again(client, item, relay):
    relay()
    item.is_active = False
    item.save()
    relay()
    withdrawn = Publication.objects.get(kind="guide", subject=item.code)
    assert withdrawn.status == "withdrawn" and withdrawn.withdrawn_reason == "该事项已停止办理。"
    assert client.get(f"/public/guides/{item.code}/").status_code == 410
    item.is_active = True
    item.save()
    relay()
    assert _guide_publications(item)[-1][0] == "published"


def test_a_guide_an_administrator_withdrew_stays_down_until_a_new_version(item, relay, staff):
    from backend.disclosure import services

    relay()
    services.publication_withdraw(publication=Publication.objects.get(kind="guide", subject=item.code),
                                  reason="收费标准有误，核实后重新公开", actor=staff["supervisor"], now=timezone.now())
    guide = item.guides.get()
    guide.hours = "工作日 8:30—17:30"
    guide.save()
    relay()
    assert [status for status, _title in _guide_publications(item)] == ["withdrawn"]
    GuideVersion.objects.create(item=item, version=2, effective_from=date(2021, 1, 1), statutory_limit_days=20,
                                promised_limit_days=10, conditions="符合条件", place="县政务服务中心", fees="不收费")
    relay()
    assert [status for status, _title in _guide_publications(item)] == ["withdrawn", "published"]
