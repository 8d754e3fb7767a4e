"""The reasons a clock may stop (暂停计时), each with the legal basis staff would otherwise retype.

行政许可法 art. 45: time for hearings, tenders, auctions, testing, quarantine, appraisal and expert
review is not counted; art. 32 (补正) and art. 47 (听证) for the rest. Staff may still give their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Procedure:
    code: str
    label: str
    legal_basis: str


PROCEDURES = [
    Procedure("supplement", _("等待申请人补正材料"), "《中华人民共和国行政许可法》第三十二条"),
    Procedure("hearing", _("听证"), "《中华人民共和国行政许可法》第四十五条、第四十七条"),
    Procedure("inspection", _("现场核查"), "《中华人民共和国行政许可法》第三十四条、第四十五条"),
    Procedure("testing", _("检验、检测、检疫"), "《中华人民共和国行政许可法》第四十五条"),
    Procedure("appraisal", _("鉴定"), "《中华人民共和国行政许可法》第四十五条"),
    Procedure("expert_review", _("专家评审"), "《中华人民共和国行政许可法》第四十五条"),
    Procedure("public_notice", _("公示"), "《中华人民共和国行政许可法》第四十五条、第四十六条"),
    # 政府信息公开条例: the time for opinions sought is not counted in the reply period.
    Procedure("third_party", _("征求第三方意见"), "《中华人民共和国政府信息公开条例》第三十二条"),
    Procedure("organ_opinion", _("征求其他机关意见"), "《中华人民共和国政府信息公开条例》第三十三条第三款"),
    Procedure("other", _("其他特别程序"), ""),
]
BY_CODE = {p.code: p for p in PROCEDURES}


def procedure_choices() -> list[tuple[str, str]]:
    return [(p.code, p.label) for p in PROCEDURES]
