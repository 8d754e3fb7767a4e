"""The demo catalog: real county-level items with their real legal basis and statutory limits.

Limits are working days (工作日). Where the law that sets up an item names no time limit, the
default of the Administrative Licensing Law applies (行政许可法 art. 42: 20 days). Law texts are
quoted from the current versions; a text starting with "摘要：" summarises the provision instead.

Item data lives in `items/` (one module per group of departments), written in the shapes of
`specs`; this module lists them, writes each guide's 办理流程 text and checks the whole catalog."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from backend.catalog.models import ProcessStep
from backend.catalog.process_config import StepSpec, process_config_errors
from backend.certificates import numbering

from . import items
from .organisation import COUNTY, DEPT_BY_CODE
from .specs import V1_FROM, V2_FROM, Guide, Item, Law, Material, Step

__all__ = ["Guide", "Item", "Law", "Material", "Step", "ITEMS", "ITEM_BY_KEY", "catalog_problems"]

HOURS = "工作日 上午 9:00—12:00，下午 13:30—17:30（法定节假日除外；网上申报 24 小时受理）"
COMPLAINT_PHONE = "12345（政务服务便民热线）；0123-5210012（县政务服务中心监督投诉）"

STEP_NAMES = {"accept": "受理", "review": "审查", "joint_review": "联合审查", "inspection": "现场核查",
              "decide": "决定", "complete": "办结送达", "hearing": "听证（不计入办理时限）"}
# With its own 送达 step, the last step only closes the case.
STEP_NAMES_DELIVERED = {**STEP_NAMES, "complete": "办结"}


def process_description(item: Item, guide: Guide) -> str:
    """The 办理流程 text of a guide, written from the configured steps and their budgets."""
    parts: list[str] = ["申请"]
    joint = [s for s in item.steps if s.step == "joint_review"]
    labels = STEP_NAMES_DELIVERED if any(s.step == "deliver" for s in item.steps) else STEP_NAMES
    for s in item.steps:
        if s.step == "joint_review":
            if s is joint[0]:
                names = "、".join(DEPT_BY_CODE[j.dept].name for j in joint)
                parts.append(f"联合审查（{names}并联审查，{max(j.budget for j in joint)}个工作日）")
            continue
        label = labels.get(s.step) or str(ProcessStep.Step(s.step).label)
        days = "自然日" if s.day_kind == "calendar" else "工作日"
        parts.append(f"{label}（当场办结）" if item.kind == "immediate" else f"{label}（{s.budget}个{days}）")
    flow = " → ".join(parts)
    if guide.promised:
        head = f"法定办结时限 {guide.statutory} 个工作日，承诺办结时限 {guide.promised} 个工作日"
    else:
        head = f"法定办结时限 {guide.statutory} 个工作日，材料齐全、符合法定形式的当场办结（即办件）"
    # A 公示 configured as a step counts toward the limit (its guide says so); otherwise it is named
    # among the special procedures whose time is not counted.
    publicity = "" if any(s.step == "publicity" for s in item.steps) else "、公示"
    return (f"{flow}。{head}。补正、听证、检验检测、专家评审{publicity}等特别程序所需时间不计入办理时限。"
            f"{guide.process_note}")


def place(dept: str) -> str:
    return f"{COUNTY}政务服务中心一楼 {DEPT_BY_CODE[dept].window}（{COUNTY}城关镇人民大道88号）"


ITEMS: list[Item] = list(items.ITEMS)
ITEM_BY_KEY = {item.key: item for item in ITEMS}


def guide_dates(today: date) -> tuple[date, date]:
    """When the demo's guide versions took effect, laid out around `today`: the second version on the
    first of the month about four months back (cases filed under the first one are then recent), the
    first on 1 January of the year before that."""
    back = today - timedelta(days=120)
    v2 = date(back.year, back.month, 1)
    return date(v2.year - 1, 1, 1), v2


def dated(guide: Guide, today: date, effective: date | None = None) -> Guide:
    """`guide` with its placeholder date replaced: `effective` (the date already in the database, for
    a demo loaded before) or the one laid out around `today`. Its process note names that date."""
    v1, v2 = guide_dates(today)
    effective = effective or {V1_FROM: v1, V2_FROM: v2}.get(guide.effective_from, guide.effective_from)
    note = guide.process_note.replace("{v2_date}", f"{effective.year}年{effective.month}月{effective.day}日")
    return replace(guide, effective_from=effective, process_note=note)


def catalog_problems() -> list[str]:
    """Everything wrong with the data above; the loader refuses to write while this is non-empty."""
    problems: list[str] = []
    codes: set[str] = set()
    dept_ids = {code: i for i, code in enumerate(DEPT_BY_CODE, start=1)}
    for item in ITEMS:
        where = f"{item.name}（{item.key}）"
        if item.code in codes or len(item.code) > 40:
            problems.append(f"{where}: 事项编码重复或过长 {item.code}")
        codes.add(item.code)
        if item.kind not in ("immediate", "promised", "joint"):
            problems.append(f"{where}: 未知办件类型 {item.kind}")
        if item.kind == "immediate" and [s.step for s in item.steps] != ["accept"]:
            problems.append(f"{where}: 即办件只配置受理环节")
        if (item.certificate is not None) != any(s.step == "certify" for s in item.steps):
            problems.append(f"{where}: 有制证环节的事项须配置证书名称和编号规则（且只有这些事项）")
        elif item.certificate is not None:
            problems += [f"{where}: {e}" for e in numbering.pattern_errors(item.certificate[1])]
        unknown = {s.dept for s in item.steps} - set(DEPT_BY_CODE)
        if unknown or item.dept not in DEPT_BY_CODE:
            problems.append(f"{where}: 未知部门 {sorted(unknown | ({item.dept} - set(DEPT_BY_CODE)))}")
            continue
        specs = [StepSpec(s.step, dept_ids[s.dept], s.role or ProcessStep.DEFAULT_ROLES[s.step], s.budget,
                          s.day_kind) for s in item.steps]
        versions = [g.version for g in item.guides]
        if versions != list(range(1, len(versions) + 1)):
            problems.append(f"{where}: 指南版本号应从 1 连续编号")
        for guide in item.guides:
            label = f"{where} v{guide.version}"
            problems += [f"{label}: {e}" for e in process_config_errors(
                kind=item.kind, steps=specs, promised_limit_days=guide.promised)]
            if guide.promised > guide.statutory:
                problems.append(f"{label}: 承诺时限超过法定时限")
            if (guide.promised == 0) != (item.kind == "immediate"):
                problems.append(f"{label}: 只有即办件的承诺时限为 0")
            if not 3 <= len(guide.materials) <= 6:
                problems.append(f"{label}: 申请材料应为 3—6 项")
            if not guide.laws or any(not law.text for law in guide.laws):
                problems.append(f"{label}: 缺少设定依据或条文内容")
    return problems

