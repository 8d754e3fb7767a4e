"""Free text as people type it, made safe to store, compare and mask.

Invisible format characters (zero-width spaces, direction overrides), control characters and lone
surrogates are removed everywhere, so a name cannot hide from masking behind an invisible
character and an opinion cannot look filled in while being empty. Identifiers (names, ID and
mobile numbers, credit codes) are also folded with NFKC, so full-width letters and digits (１３８…)
become ordinary ones and checksums, masking and the disclosure scan see the digits they are meant
to. Free text keeps its full-width punctuation (，。：), which NFKC would turn into ASCII.
"""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _

from .errors import DomainError

_DROPPED = {"Cf", "Cc", "Cs", "Co", "Cn"}
_KEPT_CONTROLS = {"\n", "\t"}


def clean_text(value: str, *, fold: bool = False) -> str:
    """`value` without invisible or control characters, stripped; `fold`: also NFKC-normalised."""
    value = "".join(ch for ch in value if ch in _KEPT_CONTROLS or unicodedata.category(ch) not in _DROPPED)
    if fold:
        value = unicodedata.normalize("NFKC", value)
    return value.strip()


def fold_digits(value: str) -> str:
    """Every decimal digit of any script (full-width ８, Arabic-Indic ٨…) as an ASCII digit."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in value)


def text_field(value, *, field: str, max_length: int, fold: bool = False) -> str:
    """A text input (an opinion, a reason, an applicant's name) cleaned (`fold`: see clean_text), or
    a DomainError naming `field`: a list or a number is not text, and an over-long text is refused
    rather than cut. None is the empty text."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DomainError.single(field, "invalid", _("应为文字。"))
    value = clean_text(value, fold=fold)
    if len(value) > max_length:
        raise DomainError.single(field, "max_length", _("不能超过%(n)s个字符。") % {"n": max_length})
    return value
