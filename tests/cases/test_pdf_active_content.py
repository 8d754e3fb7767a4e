"""PDFs with scripts, launch actions, attachments or XFA are refused before anything is stored."""

import hashlib
import io
import logging

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pikepdf import Array, Dictionary, Name, String

from backend.cases import pdf_safety
from backend.cases.models import CaseMaterial
from tests import factories
from tests.factories import PERSON

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489") + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 32


def build(decorate=None, **save):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    if decorate:
        decorate(pdf)
    out = io.BytesIO()
    pdf.save(out, **save)
    return out.getvalue()


def js(code="app.alert(1)"):
    return Dictionary(S=Name.JavaScript, JS=String(code))


def open_action_js(pdf):
    pdf.Root.OpenAction = js()


def names_js(pdf):
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("init"), pdf.make_indirect(js())])))


def launch_on_link(pdf):
    link = Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[0, 0, 50, 50],
                      A=Dictionary(S=Name.Launch, F=String("cmd.exe")))
    pdf.pages[0].Annots = Array([pdf.make_indirect(link)])


def launch_on_page_open(pdf):
    pdf.pages[0].AA = Dictionary(O=Dictionary(S=Name.Launch, F=String("cmd.exe")))


def field_js(pdf):
    field = pdf.make_indirect(Dictionary(FT=Name.Tx, T=String("amount"), AA=Dictionary(K=js())))
    pdf.Root.AcroForm = Dictionary(Fields=Array([field]))


def attachment(pdf):
    pdf.attachments["invoice.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00", mime_type="application/octet-stream")


def xfa(pdf):
    pdf.Root.AcroForm = Dictionary(Fields=Array([]), XFA=pdf.make_stream(b"<xdp:xdp/>"))


def submit_form(pdf):
    pdf.Root.OpenAction = Dictionary(S=Name.SubmitForm, F=String("http://example.invalid/"))


def js_and_attachment(pdf):
    open_action_js(pdf)
    attachment(pdf)


CLEAN = build()
DAMAGED = b"%PDF-1.7\n" + b"\x00garbage that no reader can parse\n" * 20
PAGES = (b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
         b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
# Hand-written, because pikepdf normalises names and drops unreferenced objects when it saves.
ESCAPED_NAME = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction<</S/J#61vaScript/J#53(x)>>>>endobj\n" + PAGES
GBK_FONT_NAMES = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                  b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R"
                  b"/MediaBox[0 0 612 792]/Resources<</Font<</#CB#CE#CC#E5 4 0 R>>>>>>endobj\n"
                  b"4 0 obj<</Type/Font/Subtype/TrueType/BaseFont/#CB#CE#CC#E5>>endobj\n"
                  b"5 0 obj<</Title(\xc9\xea\xc7\xeb\xca\xe9)>>endobj\ntrailer<</Root 1 0 R/Info 5 0 R>>\n%%EOF\n")
ORPHAN = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n4 0 obj<</S/JavaScript/JS(x)>>endobj\n" + PAGES

ACTIVE = {
    "open_action_javascript": (build(open_action_js), ["javascript"]),
    "names_javascript": (build(names_js), ["javascript"]),
    "form_field_javascript": (build(field_js), ["javascript"]),
    "launch_on_link": (build(launch_on_link), ["launch"]),
    "launch_on_page_open": (build(launch_on_page_open), ["launch"]),
    "embedded_file": (build(attachment), ["embedded_file"]),
    "xfa_form": (build(xfa), ["xfa"]),
    "submit_form": (build(submit_form), ["submit_form"]),
    "javascript_and_attachment": (build(js_and_attachment), ["javascript", "embedded_file"]),
}


@pytest.mark.parametrize("name", ACTIVE)
def test_active_content_is_named_by_code(name):
    content, codes = ACTIVE[name]
    assert pdf_safety.pdf_active_content(content) == codes


def test_clean_pdf_has_no_findings():
    assert pdf_safety.pdf_active_content(CLEAN) == []
    assert pdf_safety.pdf_active_content(GBK_FONT_NAMES) == []
    assert pdf_safety.pdf_active_content(build(encryption=pikepdf.Encryption(owner="o", user=""))) == []


def test_script_is_found_when_hidden_in_compressed_object_streams_or_unreferenced_objects():
    hidden = build(names_js, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    assert pdf_safety.pdf_active_content(hidden) == ["javascript"]
    assert pdf_safety.pdf_active_content(ORPHAN) == ["javascript"]
    assert pdf_safety.pdf_active_content(ESCAPED_NAME) == ["javascript"]


def test_unreadable_and_password_protected_pdfs_raise():
    with pytest.raises(pdf_safety.PdfUnreadable):
        pdf_safety.pdf_active_content(DAMAGED)
    with pytest.raises(pdf_safety.PdfEncrypted):
        pdf_safety.pdf_active_content(build(encryption=pikepdf.Encryption(owner="o", user="secret")))


def test_a_pdf_too_big_to_walk_is_refused_without_walking_it_all():
    huge = build(lambda pdf: setattr(pdf.Root, "Junk", Array(list(range(100_000)))))
    assert pdf_safety.pdf_active_content(huge, max_nodes=1_000) == ["too_complex"]
    assert pdf_safety.pdf_active_content(huge) == []


def test_reading_a_file_object_leaves_its_position():
    stream = io.BytesIO(build(open_action_js))
    stream.seek(5)
    assert pdf_safety.pdf_active_content(stream) == ["javascript"]
    assert stream.tell() == 5


@pytest.fixture
def number(staff, dept, api):
    item = factories.item(dept)
    return api(staff["applicant"]).post("/api/v1/cases/", {"item": item.code, "channel": "online",
                                                           "applicant": PERSON}, format="json").json()["number"]


def upload(api, staff, number, content, name="申请书.pdf"):
    return api(staff["applicant"]).post(f"/api/v1/cases/{number}/materials/",
                                        {"file": SimpleUploadedFile(name, content)}, format="multipart")


def stored_files(tmp_path):
    return [p for p in (tmp_path / "private").rglob("*") if p.is_file()]


@pytest.mark.parametrize("name", ACTIVE)
def test_applicant_sees_why_an_active_pdf_was_refused_and_nothing_is_kept(staff, api, number, tmp_path, name):
    content, _ = ACTIVE[name]
    response = upload(api, staff, number, content)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert (error["field"], error["code"]) == ("file", "pdf_active_content")
    assert "打印为 PDF" in error["message"]
    assert CaseMaterial.objects.count() == 0
    assert stored_files(tmp_path) == []


def test_refusal_message_names_what_was_found(staff, api, number):
    message = upload(api, staff, number, build(js_and_attachment)).json()["errors"][0]["message"]
    assert message.startswith("PDF 文件含有脚本（JavaScript）、嵌入文件（附件），可能不安全，未予接收。")


@pytest.mark.parametrize(("content", "code"), [
    (DAMAGED, "pdf_damaged"),
    (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "pdf_damaged"),
    (build(encryption=pikepdf.Encryption(owner="o", user="secret")), "pdf_encrypted"),
])
def test_unreadable_pdf_is_refused_with_its_own_code(staff, api, number, tmp_path, content, code):
    response = upload(api, staff, number, content)
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == code
    assert CaseMaterial.objects.count() == 0
    assert stored_files(tmp_path) == []


def test_pdf_too_complex_to_check_is_refused(staff, api, number, monkeypatch):
    monkeypatch.setattr(pdf_safety, "MAX_NODES", 5)
    response = upload(api, staff, number, CLEAN)
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "pdf_too_complex"


def test_refusal_is_logged_with_the_original_hash(staff, api, number, caplog):
    content = build(open_action_js)
    with caplog.at_level(logging.WARNING, logger="backend.cases.materials"):
        upload(api, staff, number, content)
    assert f"sha256={hashlib.sha256(content).hexdigest()}" in caplog.text
    assert "found=javascript" in caplog.text


def test_clean_pdf_and_images_are_still_accepted(staff, api, number):
    for content, name, mime in [(CLEAN, "申请书.pdf", "application/pdf"),
                                (build(encryption=pikepdf.Encryption(owner="o", user="")), "限制复制.pdf",
                                 "application/pdf"),
                                (JPEG, "照片.jpg", "image/jpeg"), (PNG, "扫描件.png", "image/png")]:
        response = upload(api, staff, number, content, name)
        assert response.status_code == 201, response.json()
        assert response.json()["content_type"] == mime
    assert CaseMaterial.objects.get(original_name="申请书.pdf").sha256 == hashlib.sha256(CLEAN).hexdigest()
