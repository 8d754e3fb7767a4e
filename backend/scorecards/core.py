"""The scoring method's arithmetic (量化打分), pure: statistics rows in, scores and ranks out.

Each department's row is the one the statistics API gives (`stats_table(group_by="department")`).
For every indicator the method names, the department's figure is turned into 0–100 points on a
straight line between the method's `worst` (0 points) and `best` (100 points) values, clamped at both
ends. The score is the weighted mean of those points (weights need not add up to 100), rounded to one
decimal (half up). An indicator without a figure this month (no rating yet) is left out and the
weights of the others carry the score: the row names what was left out. A department with fewer
completed cases than the method's minimum sample gets no score and no rank, and says why. Equal
scores (as printed, one decimal) share a rank, and the next rank skips (1, 2, 2, 4).

docs/scorecards.md is the public description of the same rules; change both together.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def _per_100(count_key: str) -> Callable[[Mapping], float | None]:
    def value(row: Mapping) -> float | None:
        completed = int(row.get("completed") or 0)
        if completed <= 0:
            return None
        return 100.0 * float(row.get(count_key) or 0) / completed
    return value


def _field(key: str) -> Callable[[Mapping], float | None]:
    def value(row: Mapping) -> float | None:
        figure = row.get(key)
        return None if figure is None else float(figure)
    return value


@dataclass(frozen=True)
class Indicator:
    name: str
    label: object  # lazy translation
    value: Callable[[Mapping], float | None]


# Every indicator a method may weigh, read from one statistics row.
INDICATORS: dict[str, Indicator] = {ind.name: ind for ind in [
    Indicator("on_time_rate", gettext_lazy("按时办结率"), _field("on_time_rate")),
    Indicator("early_rate", gettext_lazy("提前办结率"), _field("early_rate")),
    Indicator("overdue_per_100", gettext_lazy("每百件超时件数"), _per_100("overdue")),
    Indicator("red_cards_per_100", gettext_lazy("每百件红牌数"), _per_100("cards_red")),
    Indicator("yellow_cards_per_100", gettext_lazy("每百件黄牌数"), _per_100("cards_yellow")),
    Indicator("mean_rating", gettext_lazy("好差评平均分"), _field("mean_rating")),
    Indicator("send_backs_per_100", gettext_lazy("每百件退回次数"), _per_100("send_backs")),
    Indicator("extensions_per_100", gettext_lazy("每百件延期次数"), _per_100("extensions")),
]}

BELOW_MIN_SAMPLE = "below_min_sample"
NO_FIGURE = "no_figure"


class MethodInvalid(ValueError):
    """The method's data cannot score: each problem is (field, message)."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(message for _field_name, message in problems))
        self.problems = problems


@dataclass(frozen=True)
class IndicatorSpec:
    weight: float
    best: float
    worst: float

    def points(self, value: float) -> float:
        """0–100 on the straight line from worst (0) to best (100), clamped."""
        share = (value - self.worst) / (self.best - self.worst)
        return 100.0 * min(1.0, max(0.0, share))


@dataclass(frozen=True)
class CircularRules:
    commend_top: int = 3  # at most this many ranks are commended…
    commend_min_score: float = 90.0  # …and only with at least this score, no red card and no overdue case
    criticise_below_score: float = 60.0  # a ranked department below this is criticised


@dataclass(frozen=True)
class Method:
    version: int
    indicators: dict[str, IndicatorSpec]
    min_sample: int
    circular: CircularRules = field(default_factory=CircularRules)

    @classmethod
    def from_data(cls, *, version: int, weights: Mapping, min_sample, circular: Mapping | None = None) -> Method:
        """The method from its stored JSON; MethodInvalid lists every problem at once."""
        problems: list[tuple[str, str]] = []
        specs: dict[str, IndicatorSpec] = {}
        if not isinstance(weights, Mapping) or not weights:
            problems.append(("weights", _("权重应为非空的对象：指标名 → {weight, best, worst}。")))
            weights = {}
        for name, spec in weights.items():
            if name not in INDICATORS:
                problems.append(("weights", _("未知指标：%(name)s。") % {"name": name}))
                continue
            try:
                weight, best, worst = (float(spec[k]) for k in ("weight", "best", "worst"))
            except (KeyError, TypeError, ValueError):
                problems.append(("weights", _("指标 %(name)s 须有数值 weight、best 和 worst。") % {"name": name}))
                continue
            if weight <= 0:
                problems.append(("weights", _("指标 %(name)s 的权重须大于 0。") % {"name": name}))
            if best == worst:
                problems.append(("weights", _("指标 %(name)s 的 best 与 worst 不能相同。") % {"name": name}))
            specs[name] = IndicatorSpec(weight=weight, best=best, worst=worst)
        if isinstance(min_sample, bool) or not isinstance(min_sample, int) or min_sample < 1:
            problems.append(("min_sample", _("最低样本量须为正整数。")))
        rules = CircularRules()
        if circular:
            try:
                rules = CircularRules(commend_top=int(circular.get("commend_top", rules.commend_top)),
                                      commend_min_score=float(circular.get("commend_min_score",
                                                                           rules.commend_min_score)),
                                      criticise_below_score=float(circular.get("criticise_below_score",
                                                                               rules.criticise_below_score)))
            except (TypeError, ValueError, AttributeError):
                problems.append(("circular", _("通报规则须为数值：commend_top、commend_min_score、"
                                               "criticise_below_score。")))
        if problems:
            raise MethodInvalid(problems)
        return cls(version=version, indicators=specs, min_sample=min_sample, circular=rules)


@dataclass
class IndicatorScore:
    name: str
    value: float | None  # the department's figure (rounded to 4 decimals)
    points: float | None  # 0–100 (rounded to 2 decimals); None: no figure this month
    weight: float


@dataclass
class ScoreRow:
    key: object
    label: str
    completed: int
    overdue: int
    cards_red: int
    indicators: list[IndicatorScore]
    score: float | None = None
    rank: int | None = None
    reason_code: str = ""
    reason: str = ""  # why there is no score, or which indicators had no figure

    @property
    def ranked(self) -> bool:
        return self.rank is not None

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> ScoreRow:
        values = dict(data)
        values["indicators"] = [IndicatorScore(**i) for i in values.get("indicators", [])]
        return cls(**values)


def _round(value: float | Decimal, places: str) -> float:
    return float(Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP))


def score_row(row: Mapping, method: Method) -> ScoreRow:
    """One department's points and score (no rank yet)."""
    completed = int(row.get("completed") or 0)
    scored = ScoreRow(key=row.get("key"), label=str(row.get("label") or ""), completed=completed,
                      overdue=int(row.get("overdue") or 0), cards_red=int(row.get("cards_red") or 0),
                      indicators=[])
    for name, spec in method.indicators.items():
        value = INDICATORS[name].value(row)
        scored.indicators.append(IndicatorScore(
            name=name, weight=spec.weight,
            value=None if value is None else _round(value, "0.0001"),
            points=None if value is None else _round(spec.points(value), "0.01"),
        ))
    if completed < method.min_sample:
        scored.reason_code = BELOW_MIN_SAMPLE
        scored.reason = _("本月办结 %(n)d 件，少于最低样本量 %(min)d 件，不参与排名") % {
            "n": completed, "min": method.min_sample}
        return scored
    present = [i for i in scored.indicators if i.points is not None]
    if not present:
        scored.reason_code = NO_FIGURE
        scored.reason = _("本月没有可计分的指标数据，不参与排名")
        return scored
    # The printed points (two decimals) are what is weighed, so anyone can redo the sum from the table.
    total = sum(Decimal(str(i.weight)) * Decimal(str(i.points)) for i in present)
    scored.score = _round(total / sum(Decimal(str(i.weight)) for i in present), "0.1")
    missing = [str(INDICATORS[i.name].label) for i in scored.indicators if i.points is None]
    if missing:
        scored.reason = _("本月无数据、未计分的指标：%(names)s（其权重由其余指标按比例分担）") % {
            "names": "、".join(missing)}
    return scored


def score_departments(rows: list[Mapping], method: Method) -> list[ScoreRow]:
    """Every department's score and rank: ranked ones first (best first, equal scores share a rank),
    then those without a rank (most completed cases first)."""
    scored = [score_row(row, method) for row in rows]
    ranked = sorted((r for r in scored if r.score is not None), key=lambda r: (-r.score, r.label, str(r.key)))
    for row in ranked:
        row.rank = 1 + sum(1 for other in ranked if other.score > row.score)
    unranked = sorted((r for r in scored if r.score is None), key=lambda r: (-r.completed, r.label, str(r.key)))
    return ranked + unranked


@dataclass
class CircularEntry:
    key: object
    label: str
    score: float | None
    rank: int | None
    reasons: list[str]

    def as_dict(self) -> dict:
        return asdict(self)


def circular_entries(rows: list[ScoreRow], rules: CircularRules) -> tuple[list[CircularEntry], list[CircularEntry]]:
    """(commended, criticised) for the month's circular (通报).

    Commended: a ranked department within the first `commend_top` ranks, with at least
    `commend_min_score`, no red card and no overdue case. Criticised: any department with a red card
    or an overdue case (a small sample does not excuse them), and a ranked one scoring below
    `criticise_below_score`; each with every reason that applies."""
    commended = [
        CircularEntry(key=r.key, label=r.label, score=r.score, rank=r.rank, reasons=[
            _("得分 %(score)s，排名第 %(rank)d") % {"score": f"{r.score:.1f}", "rank": r.rank}])
        for r in rows
        if r.ranked and r.rank <= rules.commend_top and r.score >= rules.commend_min_score
        and r.cards_red == 0 and r.overdue == 0
    ]
    criticised = []
    for r in rows:
        reasons = []
        if r.ranked and r.score < rules.criticise_below_score:
            reasons.append(_("得分 %(score)s，低于 %(line)s 分") % {
                "score": f"{r.score:.1f}", "line": f"{rules.criticise_below_score:g}"})
        if r.overdue:
            reasons.append(_("超时 %(n)d 件") % {"n": r.overdue})
        if r.cards_red:
            reasons.append(_("红牌 %(n)d 张") % {"n": r.cards_red})
        if reasons:
            criticised.append(CircularEntry(key=r.key, label=r.label, score=r.score, rank=r.rank, reasons=reasons))
    criticised.sort(key=lambda e: (e.score is None, e.score if e.score is not None else 0, e.label))
    return commended, criticised
