"""`tongban disclosure scan` finds no personal data on the demo-like site, and catches a planted leak."""

import pytest
from django.core.management import CommandError, call_command

from backend.disclosure.models import Publication
from tests.disclosure.conftest import DEMO_PEOPLE


def test_the_published_site_has_no_personal_data(demo_site, capsys):
    call_command("disclosure", "scan")
    assert "no personal data found" in capsys.readouterr().out


def test_the_export_has_no_personal_data(demo_site, tmp_path, capsys):
    call_command("disclosure", "export", str(tmp_path))
    call_command("disclosure", "scan", str(tmp_path))
    assert "no personal data found" in capsys.readouterr().out


def test_a_leak_planted_on_the_site_is_caught(demo_site, capsys):
    leaked = Publication.objects.filter(kind="result").first()
    leaked.payload = {**leaked.payload, "applicant": "欧阳晓东"}
    leaked.save(update_fields=["payload"])
    with pytest.raises(CommandError):
        call_command("disclosure", "scan")
    out = capsys.readouterr().out
    assert f"/public/results/{leaked.subject}/: name 欧阳晓东" in out


@pytest.mark.parametrize("leak", [
    ("id_number", DEMO_PEOPLE[0]["id_number"]),
    ("mobile", DEMO_PEOPLE[1]["mobile"]),
    ("name", "张伟"),
    ("name", "欧阳明"),
])
def test_a_leak_planted_in_the_export_is_caught(demo_site, tmp_path, capsys, leak):
    kind, value = leak
    call_command("disclosure", "export", str(tmp_path))
    page = tmp_path / "public" / "results" / "index.html"
    page.write_text(page.read_text() + f"<p>{value}</p>")
    with pytest.raises(CommandError):
        call_command("disclosure", "scan", str(tmp_path))
    assert f"public/results/index.html: {kind} {value}" in capsys.readouterr().out


def _grouped(digits: str, sizes) -> str:
    parts, at = [], 0
    for size in sizes:
        parts.append(digits[at:at + size])
        at += size
    return " ".join(parts)


@pytest.mark.parametrize("written", [
    lambda p: "+86 " + _grouped(p["mobile"], (3, 4, 4)),
    lambda p: "86" + p["mobile"],
    lambda p: _grouped(p["mobile"], (3, 4, 4)).replace(" ", "-"),
    lambda p: _grouped(p["id_number"], (6, 8, 4)),
])
def test_a_leak_written_in_groups_or_with_the_country_code_is_caught(demo_site, tmp_path, capsys, written):
    value = written(DEMO_PEOPLE[1])
    call_command("disclosure", "export", str(tmp_path))
    (tmp_path / "note.txt").write_text(f"联系 {value} 。")
    with pytest.raises(CommandError):
        call_command("disclosure", "scan", str(tmp_path))
    assert "note.txt: " in capsys.readouterr().out


def test_an_invalid_id_checksum_is_not_reported(demo_site, tmp_path, capsys):
    call_command("disclosure", "export", str(tmp_path))
    valid = DEMO_PEOPLE[0]["id_number"]
    wrong = valid[:17] + ("0" if valid[17] != "0" else "1")
    (tmp_path / "note.txt").write_text(f"编号 {wrong}")
    call_command("disclosure", "scan", str(tmp_path))


def test_a_missing_folder_is_a_clear_error(db):
    with pytest.raises(CommandError, match="not a folder"):
        call_command("disclosure", "scan", "/nonexistent/folder")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_scan_follows_links_on_a_running_site(live_server, demo_site, capsys):
    call_command("disclosure", "scan", live_server.url)
    out = capsys.readouterr().out
    assert "no personal data found" in out
    crawled = int(out.split("scan: ")[1].split(" ")[0])
    assert crawled >= len(demo_site) + 8
    leaked = Publication.objects.filter(kind="result").first()
    leaked.payload = {**leaked.payload, "applicant": "上官婉清"}
    leaked.save(update_fields=["payload"])
    with pytest.raises(CommandError):
        call_command("disclosure", "scan", live_server.url)
    assert "name 上官婉清" in capsys.readouterr().out


def test_a_leak_on_an_error_page_is_caught(demo_site, capsys):
    withdrawn = Publication.objects.filter(kind="result").first()
    Publication.objects.filter(pk=withdrawn.pk).update(status="withdrawn", withdrawn_reason="申请人欧阳晓东撤回申请")
    with pytest.raises(CommandError):
        call_command("disclosure", "scan")
    assert f"/public/results/{withdrawn.subject}/: name 欧阳晓东" in capsys.readouterr().out


def test_an_unreachable_site_is_a_clear_error(db):
    with pytest.raises(CommandError, match="cannot fetch http://127.0.0.1:9/public/"):
        call_command("disclosure", "scan", "http://127.0.0.1:9/")
