"""Certificate number patterns (证书编号规则), pure: what a pattern may say and the number it gives.

A pattern is text with placeholders in braces, as in Python's format strings:

- `{year}`: the year of issuance (Asia/Shanghai), four digits;
- `{seq}`: the sequence number within the series and year, from 1; `{seq:05d}` (or `{seq:5}`) pads
  it with zeros to five digits;
- `{item}`: the service item's code; `{dept}`: the issuing department's code;
- `{{` and `}}`: a literal brace.

For example `浙临建规字〔{year}〕第{seq:05d}号` gives 浙临建规字〔2026〕第00001号, then …00002号.
`{seq}` is required; each placeholder appears at most once. Without `{year}` the sequence runs on
across years instead of restarting. Every other character is kept as written. Numbers are drawn
per series (`series`: the pattern with the item's and department's codes filled in) and year.
"""

from __future__ import annotations

import re
import string

from django.utils.translation import gettext as _

DEFAULT_PATTERN = "{item}-{year}-{seq:05d}"
MAX_LENGTH = 100  # of a pattern and of a number
FIELDS = ("year", "seq", "item", "dept")
_SEQ_SPEC = re.compile(r"^0?([1-9]|1[0-2])?d?$")


def _parts(pattern: str):
    return list(string.Formatter().parse(pattern))


def pattern_errors(pattern: str) -> list[str]:
    """Why `pattern` cannot number certificates, in words an administrator reads; [] when it can."""
    pattern = pattern or ""
    if not pattern.strip():
        return [_("请填写证书编号规则。")]
    if len(pattern) > MAX_LENGTH:
        return [_("证书编号规则不能超过%(n)s个字符。") % {"n": MAX_LENGTH}]
    try:
        parts = _parts(pattern)
    except ValueError:
        return [_("证书编号规则中的花括号不成对；要写花括号本身，请写成 {{ 或 }}。")]
    errors: list[str] = []
    seen: list[str] = []
    for _literal, field, spec, conversion in parts:
        if field is None:
            continue
        if field not in FIELDS:
            errors.append(_("未知的占位符 {%(field)s}：只能使用 {year}、{seq}、{item} 和 {dept}。") % {"field": field})
            continue
        if conversion:
            errors.append(_("占位符 {%(field)s} 不能带“!”转换。") % {"field": field})
        if spec and (field != "seq" or not _SEQ_SPEC.match(spec)):
            errors.append(_("占位符 {%(field)s} 的格式“%(spec)s”无效：只有 {seq} 可以指定位数，如 {seq:05d}。")
                          % {"field": field, "spec": spec})
        seen.append(field)
    if "seq" not in seen:
        errors.append(_("证书编号规则必须包含顺序号 {seq}。"))
    for field in FIELDS:
        if seen.count(field) > 1:
            errors.append(_("占位符 {%(field)s} 只能出现一次。") % {"field": field})
    return errors


def series(pattern: str, *, item: str, dept: str) -> str:
    """The number series `pattern` gives an item: the pattern with `{item}` and `{dept}` filled in
    (still a pattern). Numbers are drawn per series and year, so a pattern naming the item numbers
    each item on its own, and items sharing a pattern that does not name them share its sequence
    (and never a number)."""
    out = []
    for literal, field, spec, _conv in _parts(pattern):
        out.append(_escaped(literal))
        if field in ("item", "dept"):
            out.append(_escaped(item if field == "item" else dept))
        elif field is not None:
            out.append("{" + field + (":" + spec if spec else "") + "}")
    return "".join(out)


def _escaped(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def uses_year(pattern: str) -> bool:
    return any(field == "year" for _literal, field, _spec, _conv in _parts(pattern))


def counter_year(pattern: str, year: int) -> int:
    """The counter a number is drawn from: one per series and year, or one for all years (0) when
    the pattern does not show the year."""
    return year if uses_year(pattern) else 0


def render(pattern: str, *, year: int, seq: int, item: str, dept: str) -> str:
    """The number `pattern` gives for sequence `seq` (a pattern pattern_errors accepts)."""
    out = []
    for literal, field, spec, _conv in _parts(pattern):
        out.append(literal)
        if field is None:
            continue
        value = {"year": year, "seq": seq, "item": item, "dept": dept}[field]
        if field == "seq" and spec:
            width = spec.rstrip("d").lstrip("0")
            value = f"{seq:0{width}d}" if width else str(seq)
        out.append(str(value))
    return "".join(out)
