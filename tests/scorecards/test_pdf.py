"""The circular PDF carries its CJK font (embedded TrueType, not a viewer-supplied CID font) and
its text extracts, department names included."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from backend.disclosure import outbox
from backend.scorecards import services
from tests.scorecards.conftest import NOW

pytestmark = pytest.mark.django_db


def fonts(reader: PdfReader) -> list[dict]:
    found = []
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            descendants = font.get("/DescendantFonts")
            if descriptor is None and descendants:
                descriptor = descendants[0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            found.append({"name": str(font.get("/BaseFont")), "subtype": str(font.get("/Subtype")),
                          "embedded": any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")),
                          "truetype": "/FontFile2" in descriptor})
    return found


def test_the_pdf_embeds_its_cjk_font_and_names_the_departments(client, people, scorecard, pinned):
    client.force_login(people["supervisor"])
    response = client.get(reverse("scorecards:circular-pdf", args=["2026-11"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "2026%E5%B9%B411%E6%9C%88" in disposition  # 2026年11月

    reader = PdfReader(io.BytesIO(response.content))
    used = fonts(reader)
    assert used and all(f["embedded"] for f in used), used
    assert any("WenQuanYi" in f["name"] and f["truetype"] for f in used)
    assert not any("STSong" in f["name"] for f in used)
    text = "".join(page.extract_text() for page in reader.pages)
    for name in ("县市场监督管理局", "县自然资源局", "县林业局", "2026年11月政务服务量化考评情况通报"):
        assert name in text
    assert "草稿" in text  # not signed off yet


def test_the_public_pdf_is_the_signed_off_circular(client, people, scorecard):
    services.circular_sign_off(circular=scorecard.circular, actor=people["admin"], now=NOW)
    services.circular_publish(circular=scorecard.circular, actor=people["admin"], now=NOW)
    outbox.relay_due(now=NOW)
    response = client.get("/public/scorecards/2026-11/circular.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "县市场监督管理局" in text and "监察机构负责人已签发" in text and "草稿" not in text
    assert all(f["embedded"] for f in fonts(reader))
