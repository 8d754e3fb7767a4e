"""Issue 17 (2): every English translation is complete and written with English punctuation.

Reads the committed catalogue itself (backend/locale/en/LC_MESSAGES/django.po), so it fails on the
commit that adds a Chinese character, a full-width mark (，。：；（）“” …) or an empty or fuzzy entry."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from django.utils import translation

from backend.common.seeded_names import SEEDED
from tests.i18n.cjk import CJK

LOCALE = Path(__file__).resolve().parents[2] / "backend" / "locale" / "en" / "LC_MESSAGES"


def entries() -> list[dict]:
    """The catalogue's entries: msgid, msgstr(s) and flags (a small reader: no extra dependency)."""
    found, current, field = [], None, None
    for line in (LOCALE / "django.po").read_text(encoding="utf-8").splitlines():
        if line.startswith("#,"):
            current = {"flags": line[2:], "msgid": "", "msgstr": []}
            found.append(current)
            continue
        match = re.match(r'(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
        if match:
            starts = match.group(1) in ("msgctxt", "msgid") and field != "msgctxt"
            if starts and (current is None or current["msgid"] or current["msgstr"]):
                current = {"flags": "", "msgid": "", "msgstr": []}
                found.append(current)
            field = match.group(1)
            if field.startswith("msgstr"):
                current["msgstr"].append("")
            _append(current, field, match.group(2))
        elif line.startswith('"') and current is not None and field:
            _append(current, field, line[1:-1])
    return [e for e in found if e["msgid"]]  # the header has an empty msgid


def _append(entry: dict, field: str, text: str) -> None:
    text = text.encode("latin-1", "backslashreplace").decode("unicode_escape") if "\\" in text else text
    if field.startswith("msgstr"):
        entry["msgstr"][-1] += text
    elif field in ("msgid", "msgctxt"):
        entry[field] = entry.get(field, "") + text


def test_every_entry_is_translated_and_none_is_fuzzy():
    catalogue = entries()
    assert len(catalogue) > 2000
    assert [e["msgid"] for e in catalogue if "fuzzy" in e["flags"]] == []
    assert [e["msgid"] for e in catalogue if not all(e["msgstr"])] == []


def test_english_translations_use_english_punctuation_and_no_chinese():
    offending = {e["msgid"]: s for e in entries() for s in e["msgstr"] if CJK.search(s)}
    assert offending == {}


def test_the_compiled_catalogue_matches_the_source():
    """The .mo is committed: compilemessages was run after the last edit of the .po."""
    with (LOCALE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for e in entries():
        if len(e["msgstr"]) == 1:
            key = f"{e['msgctxt']}\x04{e['msgid']}" if "msgctxt" in e else e["msgid"]
            assert compiled.gettext(key) == e["msgstr"][0], e["msgid"]


def test_seeded_names_have_an_english_name():
    with translation.override("en"):
        untranslated = [name for name, shown in SEEDED.items() if str(shown) == name]
    assert untranslated == []
