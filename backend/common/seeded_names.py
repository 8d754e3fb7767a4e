"""English (and any other language's) display of names that migrations seed in Chinese: the
catalogue's top-level columns and the default warning rules. The rows keep their Chinese names —
they are the official ones and what administrators search for — and a name an administrator typed
or changed is shown as it is, marked as not to be translated."""

from django.utils.translation import gettext_lazy as _

SEEDED = {
    # directory/migrations/0002_seed_columns.py
    "机构职能": _("机构职能"),
    "政策文件": _("政策文件"),
    "政策解读": _("政策解读"),
    "规划计划": _("规划计划"),
    "财政资金": _("财政资金"),
    "行政许可": _("行政许可"),
    "行政处罚": _("行政处罚"),
    "重点领域": _("重点领域"),
    "建议提案办理": _("建议提案办理"),
    "年度报告": _("年度报告"),
    # supervision/migrations/0004_default_rules_and_email_schedule.py and rules.DEFAULT_RULES
    "预警：已用承诺时限的80%": _("预警：已用承诺时限的80%"),
    "预警：剩余不超过1个工作日": _("预警：剩余不超过1个工作日"),
    "超时：已过承诺期限": _("超时：已过承诺期限"),
}


def seeded_display(name: str):
    """The translated display of a seeded name, or None for a name someone typed."""
    return SEEDED.get(name)
