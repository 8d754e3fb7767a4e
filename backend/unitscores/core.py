"""The disclosure scoring method's arithmetic (政务公开量化打分), pure: each unit's figures in, points,
scores, vetoes, ranks and the circular out. No database access: `selectors.unit_figures` gives the rows.

The straight-line points (`IndicatorSpec.points`), the circular's thresholds (`CircularRules`) and the
half-up rounding are the supervision scorecards' own (`backend.scorecards.core`); this module adds the
disclosure indicators, the veto items (一票否决) and the ranking of units. docs/unitscores.md describes
the same rules; change both together.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.scorecards import core as scorecards_core
from backend.scorecards.core import CircularRules, IndicatorScore, IndicatorSpec

__all__ = ["INDICATORS", "VETOES", "CircularRules", "IndicatorScore", "IndicatorSpec", "Method", "MethodInvalid",
           "UnitRow", "score_units", "circular_entries"]


def _ratio(numerator: str, denominator: str) -> Callable[[Mapping], float | None]:
    def value(row: Mapping) -> float | None:
        total = int(row.get(denominator) or 0)
        return None if total <= 0 else float(row.get(numerator) or 0) / total
    return value


def _figure(key: str) -> Callable[[Mapping], float | None]:
    def value(row: Mapping) -> float | None:
        figure = row.get(key)
        return None if figure is None else float(figure)
    return value


# Every indicator a method may weigh: (label, value from one unit's figures).
INDICATORS: dict[str, object] = {
    "findings_per_column": gettext_lazy("每栏目自动检查问题数"),
    "rectification_timeliness": gettext_lazy("问题按期整改率"),
    "column_freshness": gettext_lazy("栏目按时更新率"),
    "letter_reply_rate": gettext_lazy("来信答复率"),
    "letter_on_time_rate": gettext_lazy("来信按时答复率"),
    "request_on_time_rate": gettext_lazy("依申请公开按时答复率"),
    "external_points_lost": gettext_lazy("外部评估扣分"),
}
VALUES: dict[str, Callable[[Mapping], float | None]] = {
    "findings_per_column": _ratio("automatic_problems", "active_columns"),
    "rectification_timeliness": _ratio("problems_due_on_time", "problems_due"),
    "column_freshness": _ratio("dynamic_columns_fresh", "dynamic_columns"),
    "letter_reply_rate": _ratio("letters_replied", "letters"),
    "letter_on_time_rate": _ratio("letters_on_time", "letters_replied"),
    "request_on_time_rate": _ratio("requests_on_time", "requests"),
    "external_points_lost": _figure("external_points_lost"),
}
# Veto items (一票否决): the count in a unit's figures `vetoes` that triggers each.
VETOES: dict[str, object] = {
    "unmasked_personal_data": gettext_lazy("公开内容含未脱敏的个人信息"),
    "request_past_statutory": gettext_lazy("依申请公开超过法定期限（红牌）"),
}


class MethodInvalid(scorecards_core.MethodInvalid):
    """The method's data cannot score: each problem is (field, message)."""


@dataclass(frozen=True)
class VetoSpec:
    cap: float | None  # the score is at most this
    fail: bool  # the unit is rated 不合格


@dataclass(frozen=True)
class Method:
    version: int
    indicators: dict[str, IndicatorSpec]
    vetoes: dict[str, VetoSpec] = field(default_factory=dict)
    circular: CircularRules = field(default_factory=CircularRules)

    @classmethod
    def from_data(cls, *, version: int, indicators: Mapping, vetoes: Mapping | None = None,
                  circular: Mapping | None = None) -> Method:
        problems: list[tuple[str, str]] = []
        specs: dict[str, IndicatorSpec] = {}
        if not isinstance(indicators, Mapping) or not indicators:
            problems.append(("indicators", _("指标应为非空的对象：指标名 → {weight, best, worst}。")))
            indicators = {}
        for name, spec in indicators.items():
            if name not in INDICATORS:
                problems.append(("indicators", _("未知指标：%(name)s。") % {"name": name}))
                continue
            try:
                weight, best, worst = (float(spec[k]) for k in ("weight", "best", "worst"))
            except (KeyError, TypeError, ValueError):
                problems.append(("indicators", _("指标 %(name)s 须有数值 weight、best 和 worst。") % {"name": name}))
                continue
            if weight <= 0:
                problems.append(("indicators", _("指标 %(name)s 的权重须大于 0。") % {"name": name}))
            if best == worst:
                problems.append(("indicators", _("指标 %(name)s 的 best 与 worst 不能相同。") % {"name": name}))
            specs[name] = IndicatorSpec(weight=weight, best=best, worst=worst)
        veto_specs: dict[str, VetoSpec] = {}
        for name, spec in (vetoes or {}).items():
            if name not in VETOES:
                problems.append(("vetoes", _("未知否决项：%(name)s。") % {"name": name}))
                continue
            try:
                cap = spec.get("cap")
                veto_specs[name] = VetoSpec(cap=None if cap is None else float(cap), fail=bool(spec.get("fail")))
            except (AttributeError, TypeError, ValueError):
                problems.append(("vetoes", _("否决项 %(name)s 须为 {cap, fail}。") % {"name": name}))
        rules = CircularRules()
        if circular:
            try:
                rules = CircularRules(
                    commend_top=int(circular.get("commend_top", rules.commend_top)),
                    commend_min_score=float(circular.get("commend_min_score", rules.commend_min_score)),
                    criticise_below_score=float(circular.get("criticise_below_score", rules.criticise_below_score)))
            except (TypeError, ValueError, AttributeError):
                problems.append(("circular", _("通报规则须为数值：commend_top、commend_min_score、"
                                               "criticise_below_score。")))
        if problems:
            raise MethodInvalid(problems)
        return cls(version=version, indicators=specs, vetoes=veto_specs, circular=rules)


@dataclass
class UnitRow:
    key: object
    label: str
    indicators: list[IndicatorScore]
    vetoes: list[dict] = field(default_factory=list)  # {name, label, count, cap, fail}
    raw_score: float | None = None  # before any veto's cap
    score: float | None = None
    rank: int | None = None
    failed: bool = False  # 不合格
    reason: str = ""

    @property
    def ranked(self) -> bool:
        return self.rank is not None

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> UnitRow:
        values = dict(data)
        values["indicators"] = [IndicatorScore(**i) for i in values.get("indicators", [])]
        return cls(**values)


_round = scorecards_core._round  # half up, as the scorecards print


def score_unit(row: Mapping, method: Method) -> UnitRow:
    """One unit's points, score and vetoes (no rank yet)."""
    scored = UnitRow(key=row.get("key"), label=str(row.get("label") or ""), indicators=[])
    for name, spec in method.indicators.items():
        value = VALUES[name](row)
        scored.indicators.append(IndicatorScore(
            name=name, weight=spec.weight, value=None if value is None else _round(value, "0.0001"),
            points=None if value is None else _round(spec.points(value), "0.01")))
    present = [i for i in scored.indicators if i.points is not None]
    if present:
        total = sum(Decimal(str(i.weight)) * Decimal(str(i.points)) for i in present)
        scored.raw_score = _round(total / sum(Decimal(str(i.weight)) for i in present), "0.1")
        scored.score = scored.raw_score
    else:
        scored.reason = _("本期没有可计分的指标数据，不参与排名")
    counts = row.get("vetoes") or {}
    for name, spec in method.vetoes.items():
        count = int(counts.get(name) or 0)
        if count <= 0:
            continue
        scored.vetoes.append({"name": name, "label": str(VETOES[name]), "count": count, "cap": spec.cap,
                              "fail": spec.fail})
        if spec.cap is not None and scored.score is not None:
            scored.score = min(scored.score, spec.cap)
        scored.failed = scored.failed or spec.fail
    missing = [str(INDICATORS[i.name]) for i in scored.indicators if i.points is None]
    if present and missing:
        scored.reason = _("本期无数据、未计分的指标：%(names)s（其权重由其余指标按比例分担）") % {
            "names": "、".join(missing)}
    return scored


def score_units(rows: list[Mapping], method: Method) -> list[UnitRow]:
    """Every unit's score and rank: scored ones first (best first, equal scores share a rank and the
    next rank skips), then those without a score."""
    scored = [score_unit(row, method) for row in rows]
    ranked = sorted((r for r in scored if r.score is not None), key=lambda r: (-r.score, r.label, str(r.key)))
    for row in ranked:
        row.rank = 1 + sum(1 for other in ranked if other.score > row.score)
    unranked = sorted((r for r in scored if r.score is None), key=lambda r: (r.label, str(r.key)))
    return ranked + unranked


def circular_entries(rows: list[UnitRow], rules: CircularRules) -> tuple[list[dict], list[dict]]:
    """(commended 通报表彰, criticised 通报批评). Commended: within the first `commend_top` ranks, with at
    least `commend_min_score` and no veto. Criticised: any unit with a veto item, and any ranked unit
    scoring below `criticise_below_score`; each with every reason that applies, lowest score first."""
    commended = [
        {"key": r.key, "label": r.label, "score": r.score, "rank": r.rank,
         "reasons": [_("得分 %(score)s，排名第 %(rank)d") % {"score": f"{r.score:.1f}", "rank": r.rank}]}
        for r in rows if r.ranked and r.rank <= rules.commend_top and r.score >= rules.commend_min_score
        and not r.vetoes]
    criticised = []
    for r in rows:
        reasons = []
        if r.ranked and r.score < rules.criticise_below_score:
            reasons.append(_("得分 %(score)s，低于 %(line)s 分") % {
                "score": f"{r.score:.1f}", "line": f"{rules.criticise_below_score:g}"})
        for veto in r.vetoes:
            reasons.append(_("一票否决：%(label)s %(n)d 项") % {"label": veto["label"], "n": veto["count"]})
        if r.failed:
            reasons.append(_("评为不合格"))
        if reasons:
            criticised.append({"key": r.key, "label": r.label, "score": r.score, "rank": r.rank, "reasons": reasons})
    criticised.sort(key=lambda e: (e["score"] is None, e["score"] if e["score"] is not None else 0, e["label"]))
    return commended, criticised
