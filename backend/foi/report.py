"""The annual report's pure core: the national template's layout (国务院办公厅政府信息与政务公开办公室
2021《中华人民共和国政府信息公开工作年度报告格式》), which reply counts as which row of 表三, the
arithmetic and its checks, the validation of what staff enter, and the art. 50 due date.

Nothing here touches the database: report_selectors counts with the rules below, report_services
stores and report_excel / the templates lay out the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from backend.common.errors import DomainError, FieldError

# --- 表三 columns ---------------------------------------------------------------------------------

NATURAL = "natural"
ORGANISATION_COLUMNS = ("commercial", "research", "public_interest", "legal_service", "other")
COLUMNS = (NATURAL, *ORGANISATION_COLUMNS)  # 总计 is computed
COLUMN_LABELS = {
    NATURAL: _("自然人"), "commercial": _("商业企业"), "research": _("科研机构"),
    "public_interest": _("社会公益组织"), "legal_service": _("法律服务机构"), "other": _("其他"),
    "total": _("总计"),
}

# --- 表三 rows ------------------------------------------------------------------------------------
# (key, label, level): level 0 the numbered sections, 1 the （一）… groups, 2 their numbered items.
REFUSAL_GROUNDS = ("state_secret", "law_forbids", "security_stability", "third_party", "internal_affairs",
                   "process_info", "enforcement_file", "query_matter")
UNPROCESSED_GROUNDS = ("petition", "repeat", "publication", "mass_repeated", "confirmation")

ROWS: tuple[tuple[str, object, int], ...] = (
    ("new", _("一、本年新收政府信息公开申请数量"), 0),
    ("carried_in", _("二、上年结转政府信息公开申请数量"), 0),
    ("results", _("三、本年度办理结果"), 0),
    ("granted", _("（一）予以公开"), 1),
    ("partly", _("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"), 1),
    ("refused", _("（三）不予公开"), 1),
    ("refused_state_secret", _("1.属于国家秘密"), 2),
    ("refused_law_forbids", _("2.其他法律行政法规禁止公开"), 2),
    ("refused_security_stability", _("3.危及“三安全一稳定”"), 2),
    ("refused_third_party", _("4.保护第三方合法权益"), 2),
    ("refused_internal_affairs", _("5.属于三类内部事务信息"), 2),
    ("refused_process_info", _("6.属于四类过程性信息"), 2),
    ("refused_enforcement_file", _("7.属于行政执法案卷"), 2),
    ("refused_query_matter", _("8.属于行政查询事项"), 2),
    ("unable", _("（四）无法提供"), 1),
    ("unable_not_held", _("1.本机关不掌握相关政府信息"), 2),
    ("unable_needs_creating", _("2.没有现成信息需要另行制作"), 2),
    ("unable_still_unclear", _("3.补正后申请内容仍不明确"), 2),
    ("unprocessed", _("（五）不予处理"), 1),
    ("unprocessed_petition", _("1.信访举报投诉类申请"), 2),
    ("unprocessed_repeat", _("2.重复申请"), 2),
    ("unprocessed_publication", _("3.要求提供公开出版物"), 2),
    ("unprocessed_mass_repeated", _("4.无正当理由大量反复申请"), 2),
    ("unprocessed_confirmation", _("5.要求行政机关确认或重新出具已获取信息"), 2),
    ("otherwise", _("（六）其他处理"), 1),
    ("otherwise_no_supplement", _("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"), 2),
    ("otherwise_fee_unpaid", _("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"), 2),
    ("otherwise_other", _("3.其他"), 2),
    ("results_total", _("（七）总计"), 1),
    ("carried_out", _("四、结转下年度继续办理"), 0),
)
ROW_KEYS = tuple(key for key, _label, _level in ROWS)
GROUPS = {  # a group row is the sum of its items
    "refused": tuple(f"refused_{g}" for g in REFUSAL_GROUNDS),
    "unable": ("unable_not_held", "unable_needs_creating", "unable_still_unclear"),
    "unprocessed": tuple(f"unprocessed_{g}" for g in UNPROCESSED_GROUNDS),
    "otherwise": ("otherwise_no_supplement", "otherwise_fee_unpaid", "otherwise_other"),
}
RESULT_TOTAL_PARTS = ("granted", "partly", "refused", "unable", "unprocessed", "otherwise")
# Rows counted from the records (the leaves); the rest are sums.
LEAF_RESULT_ROWS = ("granted", "partly", *(k for g in GROUPS.values() for k in g))
COUNTED_ROWS = ("new", "carried_in", *LEAF_RESULT_ROWS, "carried_out")
UNCLASSIFIED = "unclassified"

# Which reply (type, ground) counts as which row: the first rule that matches wins; a ground of None
# matches any ground. `result_row` applies them in Python, report_selectors as one SQL CASE.
_UNABLE_TYPES = ("not_held", "not_this_organ")
_UNPROCESSED_TYPES = ("repeat", "other_channel")
_OTHER_TYPES = ("withdrawn", "repeat", "other_channel")
RESULT_RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...] | None], ...] = (
    ("granted", ("already_public", "granted"), None),
    ("partly", ("partly_granted",), None),
    *((f"refused_{g}", ("refused",), (g,)) for g in REFUSAL_GROUNDS),
    ("unable_needs_creating", _UNABLE_TYPES, ("needs_creating",)),
    ("unable_still_unclear", _UNABLE_TYPES, ("still_unclear",)),
    ("unable_not_held", _UNABLE_TYPES, None),
    *((f"unprocessed_{g}", _UNPROCESSED_TYPES, (g,)) for g in UNPROCESSED_GROUNDS),
    ("otherwise_fee_unpaid", _OTHER_TYPES, ("fee_unpaid",)),
    ("otherwise_other", _OTHER_TYPES, ("other",)),
    ("otherwise_no_supplement", ("withdrawn",), None),
    ("unprocessed_repeat", ("repeat",), None),  # a repeat request with no finer ground
    ("otherwise_other", ("other_channel",), None),
)


def result_row(reply_type: str, ground: str) -> str:
    """The 表三 row a reply counts in, or UNCLASSIFIED (e.g. a refusal that cites no exemption)."""
    for row, types, grounds in RESULT_RULES:
        if reply_type in types and (grounds is None or ground in grounds):
            return row
    return UNCLASSIFIED


def column_of(applicant_type: str, organisation_kind: str) -> str:
    if applicant_type == "person":
        return NATURAL
    return organisation_kind if organisation_kind in ORGANISATION_COLUMNS else "other"


# --- arithmetic -----------------------------------------------------------------------------------

def complete_table(counted: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Every row and column of 表三 from the counted leaves ({row: {column: n}}, missing = 0): group
    rows, (七) 总计 and the 总计 column are sums, never counted separately."""
    table = {row: {col: int(counted.get(row, {}).get(col, 0)) for col in COLUMNS} for row in COUNTED_ROWS}
    for group, items in GROUPS.items():
        table[group] = {col: sum(table[i][col] for i in items) for col in COLUMNS}
    table["results_total"] = {col: sum(table[p][col] for p in RESULT_TOTAL_PARTS) for col in COLUMNS}
    table["results"] = {col: None for col in COLUMNS}  # a heading row
    for row, values in table.items():
        if row != "results":
            values["total"] = sum(values[col] for col in COLUMNS)
        else:
            values["total"] = None
    return {row: table[row] for row in ROW_KEYS}


@dataclass(frozen=True)
class Check:
    label: str
    left: int
    right: int

    @property
    def holds(self) -> bool:
        return self.left == self.right

    def as_dict(self) -> dict:
        return {"label": str(self.label), "left": self.left, "right": self.right, "holds": self.holds}


def table_checks(table: dict[str, dict[str, int]]) -> list[Check]:
    """The template's 勾稽关系 (第一项加第二项之和，等于第三项加第四项之和) per column, and that 总计
    is the sum of the rows above it."""
    checks = []
    for col in (*COLUMNS, "total"):
        label = COLUMN_LABELS[col]
        checks.append(Check(_("%(col)s：新收 + 上年结转 = 办理结果总计 + 结转下年度") % {"col": label},
                            table["new"][col] + table["carried_in"][col],
                            table["results_total"][col] + table["carried_out"][col]))
    parts = sum(table[p]["total"] for p in RESULT_TOTAL_PARTS)
    checks.append(Check(_("（七）总计 = （一）至（六）之和"), table["results_total"]["total"], parts))
    return checks


# --- what staff enter -----------------------------------------------------------------------------

DOCUMENT_KINDS = ("rules", "normative")  # 规章, 行政规范性文件
DOCUMENT_FIELDS = ("issued", "repealed", "in_force")  # 本年制发件数, 本年废止件数, 现行有效件数
DECISION_FIELDS = ("penalty", "enforcement")  # 行政处罚, 行政强制 (行政许可 is counted)
REVIEW_GROUPS = ("reconsideration", "direct_suit", "suit_after")  # 行政复议, 未经复议直接起诉, 复议后起诉
REVIEW_FIELDS = ("upheld", "corrected", "other", "pending")  # 结果维持, 结果纠正, 其他结果, 尚未审结
REVIEW_LABELS = {"reconsideration": _("行政复议"), "direct_suit": _("未经复议直接起诉"),
                 "suit_after": _("复议后起诉"), "upheld": _("结果维持"), "corrected": _("结果纠正"),
                 "other": _("其他结果"), "pending": _("尚未审结"), "total": _("总计")}
PROACTIVE_DEFAULTS = {"rules": dict.fromkeys(DOCUMENT_FIELDS, 0), "normative": dict.fromkeys(DOCUMENT_FIELDS, 0),
                      "penalty": 0, "enforcement": 0, "fees": "0"}
REVIEW_DEFAULTS = {group: dict.fromkeys(REVIEW_FIELDS, 0) for group in REVIEW_GROUPS}
MAX_COUNT = 10_000_000
TEXT_FIELDS = ("overview", "problems", "other_matters")


def _unknown(given: dict, known, prefix: str, errors: list[FieldError]) -> None:
    for key in sorted(set(given) - set(known)):
        if key == "total":
            errors.append(FieldError(f"{prefix}.total", "computed", _("总计由系统计算，无需填写。")))
        elif key != "licensing":
            errors.append(FieldError(f"{prefix}.{key}", "unknown", _("未知字段。")))


def _count(value, name: str, errors: list[FieldError]) -> int:
    """A count as typed in a form ("12") or sent as JSON (12); blank is 0."""
    text = str(value).strip() if value is not None else ""
    if text == "":
        return 0
    if isinstance(value, bool | float | list | dict) or not text.isdigit() and not text.startswith("-"):
        errors.append(FieldError(name, "invalid", _("请填写非负整数。")))
        return 0
    try:
        number = int(text)
    except ValueError:
        errors.append(FieldError(name, "invalid", _("请填写非负整数。")))
        return 0
    if number < 0 or number > MAX_COUNT:
        errors.append(FieldError(name, "invalid", _("请填写 0 至 %(max)d 之间的整数。") % {"max": MAX_COUNT}))
        return 0
    return number


def _fees(value, errors: list[FieldError]) -> str:
    text = str(value).strip() if value is not None else ""
    if text == "":
        return "0"
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0 or amount > MAX_COUNT \
            or amount.as_tuple().exponent < -4:
        errors.append(FieldError("proactive.fees", "invalid", _("请填写以万元为单位的非负金额，最多四位小数。")))
        return "0"
    return format(amount.normalize(), "f") if amount else "0"


def clean_proactive(data: dict) -> tuple[dict, list[FieldError]]:
    """表二's entered figures ({"rules": {"issued": …}, …, "fees": "12.5"}) as stored, with errors
    named by their dotted field ("proactive.rules.issued")."""
    errors: list[FieldError] = []
    data = data if isinstance(data, dict) else {}
    clean: dict = {}
    _unknown(data, (*DOCUMENT_KINDS, *DECISION_FIELDS, "fees", "licensing"), "proactive", errors)
    if "licensing" in data:
        errors.append(FieldError("proactive.licensing", "computed",
                                 _("行政许可处理决定数量按已公开的办理结果统计，无需填写。")))
    for kind in DOCUMENT_KINDS:
        given = data.get(kind) if isinstance(data.get(kind), dict) else {}
        _unknown(given, DOCUMENT_FIELDS, f"proactive.{kind}", errors)
        clean[kind] = {f: _count(given.get(f), f"proactive.{kind}.{f}", errors) for f in DOCUMENT_FIELDS}
    for name in DECISION_FIELDS:
        clean[name] = _count(data.get(name), f"proactive.{name}", errors)
    clean["fees"] = _fees(data.get("fees"), errors)
    return clean, errors


def clean_review(data: dict) -> tuple[dict, list[FieldError]]:
    """表四's entered figures, four per group; the totals are computed (review_table), never typed."""
    errors: list[FieldError] = []
    data = data if isinstance(data, dict) else {}
    _unknown(data, REVIEW_GROUPS, "review", errors)
    clean = {}
    for group in REVIEW_GROUPS:
        given = data.get(group) if isinstance(data.get(group), dict) else {}
        _unknown(given, REVIEW_FIELDS, f"review.{group}", errors)
        clean[group] = {f: _count(given.get(f), f"review.{group}.{f}", errors) for f in REVIEW_FIELDS}
    return clean, errors


def review_table(review: dict) -> dict:
    filled = {g: {**REVIEW_DEFAULTS[g], **(review or {}).get(g, {})} for g in REVIEW_GROUPS}
    return {g: {**v, "total": sum(v[f] for f in REVIEW_FIELDS)} for g, v in filled.items()}


def proactive_table(proactive: dict, *, licensing: int) -> dict:
    filled = {**PROACTIVE_DEFAULTS, **(proactive or {})}
    return {**filled, "licensing": licensing}


def clean_texts(data: dict) -> tuple[dict, list[FieldError]]:
    errors = []
    clean = {}
    for name in TEXT_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if value is None:
            value = ""
        if not isinstance(value, str):
            errors.append(FieldError(name, "invalid", _("请填写文字。")))
            continue
        if len(value) > 50_000:
            errors.append(FieldError(name, "too_long", _("内容过长（最多 50000 字）。")))
            continue
        clean[name] = value.strip()
    return clean, errors


def raise_if(errors: list[FieldError]) -> None:
    if errors:
        raise DomainError(errors, 400)


# --- art. 50: due by 31 January ------------------------------------------------------------------

def due_on(year: int) -> date:
    """条例 art. 50: each organ publishes the previous year's report by 31 January."""
    return date(year + 1, 1, 31)


@dataclass(frozen=True)
class Due:
    year: int
    due_on: date
    state: str  # "not_yet" (year still running), "due", "overdue", "published", "published_late"
    days: int  # days left (due) / days late (overdue, published_late)


def due_state(year: int, *, today: date, published_on: date | None) -> Due:
    deadline = due_on(year)
    if published_on is not None:
        late = (published_on - deadline).days
        return Due(year, deadline, "published_late" if late > 0 else "published", max(late, 0))
    if today.year <= year:
        return Due(year, deadline, "not_yet", (deadline - today).days)
    if today <= deadline:
        return Due(year, deadline, "due", (deadline - today).days)
    return Due(year, deadline, "overdue", (today - deadline).days)


def reporting_year(today: date) -> int:
    """The year whose report is being prepared: last year."""
    return today.year - 1
