"""`tongban disclosure scan` reports persons' names in free text by the cue-word method, as it
reports ID and mobile numbers; the demo corpus and ordinary company names give no name findings."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from backend.disclosure import names, scan
from backend.disclosure.models import Publication
from tests.disclosure.test_names_in_text import PROBE


def _export(tmp_path: Path) -> Path:
    call_command("disclosure", "export", str(tmp_path), stdout=io.StringIO())
    return tmp_path


def _plant(path: Path, html: str) -> None:
    path.write_text(path.read_text().replace("</main>", f"{html}</main>", 1))


def test_an_unmasked_name_after_a_cue_word_in_an_html_file_is_reported(demo_site, tmp_path, capsys):
    page = _export(tmp_path) / "public" / "results" / "index.html"
    assert "</main>" in page.read_text()
    _plant(page, "<p>经办人张三</p>")
    with pytest.raises(CommandError, match="1 personal-data hit"):
        call_command("disclosure", "scan", str(tmp_path))
    assert "public/results/index.html: name 经办人张三" in capsys.readouterr().out


@pytest.mark.parametrize(("planted", "reported"), [
    ("<td>联系人：王小明</td>", "name 联系人：王小明"),
    ("<p>致欧阳晓东先生：</p>", "name 欧阳晓东先生"),
    ("<p>法定代表人&#x674E;&#x5A1C;。</p>", "name 法定代表人李娜"),  # entities are read as text
    ("<p>經辦人張三。</p>", "name 經辦人張三"),
    ("<p>联系人张*、李四。</p>", "name 联系人张*、李四"),
    ("<p>身份证110105900307123</p>", "id_number 110105900307123"),
])
def test_names_in_other_forms_are_reported(demo_site, tmp_path, capsys, planted, reported):
    page = _export(tmp_path) / "public" / "index.html"
    _plant(page, planted)
    with pytest.raises(CommandError):
        call_command("disclosure", "scan", str(tmp_path))
    assert f"public/index.html: {reported}" in capsys.readouterr().out


def test_the_verbatim_probe_is_reported_as_name_mobile_and_id_number(demo_site, tmp_path, capsys):
    (_export(tmp_path) / "note.json").write_text(json.dumps({"applicant": PROBE}, ensure_ascii=False))
    with pytest.raises(CommandError, match="3 personal-data hit"):
        call_command("disclosure", "scan", str(tmp_path))
    out = capsys.readouterr().out
    for line in ("note.json: id_number 110101199003071233", "note.json: mobile 13812345678",
                 "note.json: name 经办人张三"):
        assert line in out


def test_a_name_in_a_publication_is_reported_on_its_url(demo_site, capsys):
    leaked = Publication.objects.filter(kind="result", payload__applicant_type="company").first()
    leaked.payload = {**leaked.payload, "applicant": "临河县清泉食品有限公司（联系人王小明）"}
    leaked.save(update_fields=["payload"])
    with pytest.raises(CommandError):
        call_command("disclosure", "scan")
    assert f"/public/results/{leaked.subject}/: name 联系人王小明" in capsys.readouterr().out


def test_ordinary_company_names_and_administrative_text_give_no_name_hits():
    text = "\n".join([
        "申请人：临河县清泉食品有限公司；决定：准予许可；办结日期：2026-11-27。",
        "申请人：张家港市华通物流有限公司", "申请人：黄山旅游发展股份有限公司", "临河县石桥砂石有限公司",
        "法定代表人或者负责人身份证明", "经本行政机关负责人批准，可以延长十日", "申请人营业执照或者其他主体资格证明",
    ])
    assert scan.scan_text("page.html", text, []) == []


def test_the_demo_corpus_gives_no_name_findings(db, tmp_path, capsys):
    """The figures of docs/disclosure.md §2.1: the demo county, published and exported, holds cue
    words (申请人, 负责人, 法定代表人 …) but no name the method takes for a person's."""
    call_command("demo_data", stdout=io.StringIO())
    call_command("disclosure", "relay", stdout=io.StringIO())
    _export(tmp_path)
    cue_words = findings = 0
    for path in sorted(tmp_path.rglob("*")):
        if path.is_file() and path.suffix in scan.TEXT_SUFFIXES:
            text = scan._readable(path.read_text())
            cue_words += len(re.findall("|".join(names.CUE_WORDS), text))
            findings += len(names.find_names(text))
    assert cue_words >= 100  # the corpus does exercise the method (184 when last measured)
    assert findings == 0
    call_command("disclosure", "scan", str(tmp_path))
    assert "no personal data found" in capsys.readouterr().out
