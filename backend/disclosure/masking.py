"""The one masking policy (脱敏规则) for everything the public sees (DESIGN §3, Disclosure).

Applied on the server when a publication is built, so pages, JSON, feeds, webhooks and the static
export can only ever carry masked values.

- Person names: 2 characters keep the surname (张*); 3 or more keep the first and last character
  and mask the middle (张*明, 王**明). A compound surname (欧阳, 司马…) is kept whole and counts as
  the "first character": 欧阳* (3 characters), 欧阳*东 (4), 欧阳**东 (5). Names with a middle dot
  (阿依古丽·买买提) keep the first and last character and the dots. Latin names keep each word's
  initial (J*** S****).
- Resident ID numbers: first 6 (the region) and last 4 digits: 110105********002X; the old
  15-digit ones alike (110105*****1002).
- Mobile numbers: 138****1234.
- Addresses: cut after the township (乡/镇/街道/…); without one, after the county or district.
- Company names and unified social credit codes are public by law and stay as they are.
- Every other published text (a company's name, a title, a reason, guide text) is free text
  (`mask_text`): any ID or mobile number inside it is masked, also when written in groups
  (138 0013 8000) or with the country code (+86 138…), and so is any person's name recognisable
  by its context (经办人张三、李四 → 经办人张*、李*; 經辦人張三 too; the method is in names.py).
  `mask_payload` applies it to every string of a publication, so a field added later is masked
  without anyone remembering to.
"""

from __future__ import annotations

import re

from backend.common.text import clean_text, fold_digits
from backend.common.validators import id_number_error

from .names import COMPOUND_SURNAMES, find_names, simplified

MASK = "*"
# Numbers as people write them: grouped with spaces or hyphens (138 0013 8000, 110105-19900101-002X),
# mobiles with the country code (+86 138…, 86-138…, 8613800138000).
# The leak scan (scan.py) looks for the same written forms.
SEP = r"[ \u3000\-]?"
_ID_IN_TEXT = re.compile(rf"(?<![0-9A-Za-z])(\d{{6}}){SEP}\d{{4}}{SEP}\d{{4}}{SEP}(\d{{3}}[\dXx])(?![0-9A-Za-z])")
_MOBILE_IN_TEXT = re.compile(rf"(?<![\d+])((?:\+?86{SEP})?1[3-9]\d){SEP}\d{{4}}{SEP}(\d{{4}})(?!\d)(?!{SEP}\d)")
_NOT_ID_CHAR = re.compile(r"[^0-9Xx]")
# First-generation resident IDs (15 digits, issued until 2004 and still on old records): region,
# birth date as YYMMDD, sequence. Only a run whose middle is a date is taken for one, so that
# other 15-digit numbers stay readable.
_YYMMDD = r"\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
ID15_IN_TEXT = re.compile(rf"(?<![0-9A-Za-z])([1-8]\d{{5}}){_YYMMDD}(\d{{3}})(?![0-9A-Za-z])")


def id_digits(written: str) -> str:
    """An ID or phone number as written (grouped, with separators) reduced to its digits (and X)."""
    return _NOT_ID_CHAR.sub("", fold_digits(written))


_TOWNSHIP = re.compile(r"^.*?(?:街道办事处|街道|乡|镇|苏木|民族乡)")
_COUNTY = re.compile(r"^.*?(?:自治县|县|区|旗|市)")


def surname_length(name: str) -> int:
    return 2 if len(name) >= 3 and simplified(name[:2]) in COMPOUND_SURNAMES else 1


def mask_name(name: str) -> str:
    """A person's name as the public sees it (see the module docstring for the rule). Invisible
    characters are dropped first: "张\u200b三" is 张三 and must not show its given name."""
    name = clean_text(name or "", fold=True)
    if not name:
        return ""
    if not name.isascii():  # "张 三" is the name 张三: a space must not shift which characters show
        name = re.sub(r"\s+", "", name)
    if name.isascii():
        return " ".join(w[0] + MASK * (len(w) - 1) for w in name.split())
    if "·" in name or "•" in name:
        chars = list(name)
        letters = [i for i, c in enumerate(chars) if c not in "·•"]
        # Keep the first and last letter, unless that keeps every letter (李·李): then only the first.
        keep = {letters[0], letters[-1]} if len(letters) > 2 else set(letters[:1])
        return "".join(c if i in keep or c in "·•" else MASK for i, c in enumerate(chars))
    if len(name) == 1:
        return MASK
    keep = surname_length(name)
    given = name[keep:]
    if len(given) <= 1:
        return name[:keep] + MASK
    return name[:keep] + MASK * (len(given) - 1) + given[-1]


def mask_id_number(value: str) -> str:
    value = (value or "").strip()
    if len(value) <= 10:
        return MASK * len(value)
    return value[:6] + MASK * (len(value) - 10) + value[-4:]


def mask_mobile(value: str) -> str:
    value = (value or "").strip()
    if len(value) != 11:
        return MASK * len(value)
    return value[:3] + MASK * 4 + value[-4:]


def mask_address(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    for pattern in (_TOWNSHIP, _COUNTY):
        match = pattern.match(value)
        if match:
            return match.group(0)
    return ""


def _masked_id(match: re.Match) -> str:
    """18 digits in a row are masked whatever their checksum (a mistyped ID is still someone's); a
    grouped number only when it is a valid ID, so invoice, serial and case numbers that happen to
    split 6-4-4-4 stay readable."""
    text = match.group(0)
    digits = id_digits(text)
    if digits != text and id_number_error(digits) is not None:
        return text
    return match.group(1) + MASK * 8 + match.group(2)


def mask_names_in_text(value: str) -> str:
    """Every name recognisable by context (names.find_names) replaced by its masked form."""
    for match in reversed(find_names(value)):
        value = value[:match.start] + mask_name(match.name) + value[match.end:]
    return value


def mask_known_names(value: str, names) -> str:
    """Free text in which the people it concerns are known by name (a letter's writer, a request's
    applicant): each of those names is masked wherever it stands, with or without a cue word; then
    `mask_text` for everything else. Names of one character are left to `mask_text` (too many
    false hits)."""
    value = value or ""
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        value = value.replace(name, mask_name(name))
    return mask_text(value)


def mask_text(value: str) -> str:
    """Free text: every ID number, mobile number and recognisable person's name inside it is
    masked. Masking masked text changes nothing (a masked name or number is not read again)."""
    if not value:
        return value or ""
    value = fold_digits(clean_text(value))  # full-width digits (１３８…) are digits too
    value = _ID_IN_TEXT.sub(_masked_id, value)
    value = ID15_IN_TEXT.sub(lambda m: m.group(1) + MASK * 5 + m.group(0)[-4:], value)
    value = _MOBILE_IN_TEXT.sub(lambda m: m.group(1) + MASK * 4 + m.group(2), value)
    return mask_names_in_text(value)


def mask_applicant(*, applicant_type: str, name: str) -> str:
    """A person's name is masked whole; a company's (legal person's) name is public, but a person's
    ID number, mobile or recognisable name written into it is not (…经办人张三138…商行)."""
    return mask_name(name) if applicant_type == "person" else mask_text(name)


# Keys whose values are identifiers or machine values, never free text: a credit code is public by
# law (and could be read as an ID), and codes, dates and choices are not written by applicants.
STRUCTURED_KEYS = frozenset({
    "code", "case_number", "credit_code", "kind", "decision", "decided_on", "completed_at", "effective_from",
    "applicant_type", "form", "step", "replaces_version", "version", "digest",
    "subject", "path", "dated_on",  # a document's number, page and date (outbox.document_schedule)
})


def mask_payload(value, *, key: str = ""):
    """A publication's content with `mask_text` applied to every string in it (nested dicts and
    lists too) except the STRUCTURED_KEYS; numbers, booleans and None pass unchanged."""
    if isinstance(value, dict):
        return {k: mask_payload(v, key=k) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_payload(v, key=key) for v in value]
    if isinstance(value, str) and key not in STRUCTURED_KEYS:
        return mask_text(value)
    return value
