"""Ratings (好差评, GB/T 39735): one per completed case, immutable once submitted.

A rating names its case and nothing else about who gave it: no user, no address, no session. The
department and item are copied from the case when it is rated, so statistics group by them without
joining cases (and a later change of the item's department does not move old ratings)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import Department
from backend.cases.models import Case
from backend.catalog.models import ServiceItem

COMMENT_MAX = 500


class Rating(models.Model):
    class Score(models.IntegerChoices):  # GB/T 39735 五级评价
        VERY_DISSATISFIED = 1, _("非常不满意")
        DISSATISFIED = 2, _("不满意")
        BASICALLY_SATISFIED = 3, _("基本满意")
        SATISFIED = 4, _("满意")
        VERY_SATISFIED = 5, _("非常满意")

    class Channel(models.TextChoices):
        PORTAL = "portal", _("网上")
        WINDOW = "window", _("窗口评价器")
        QUERY = "query", _("凭办件编号和查询码")

    case = models.OneToOneField(Case, verbose_name=_("办件"), on_delete=models.PROTECT, related_name="rating")
    # A rating at or below this (不满意, 非常不满意) opens a rectification for the department.
    LOW_SCORE_MAX = 2

    score = models.PositiveSmallIntegerField(_("评分"), choices=Score.choices)
    comment = models.CharField(_("评价内容"), max_length=COMMENT_MAX, blank=True)
    channel = models.CharField(_("评价渠道"), max_length=10, choices=Channel.choices)
    department = models.ForeignKey(Department, verbose_name=_("部门"), on_delete=models.PROTECT,
                                   related_name="ratings")
    item = models.ForeignKey(ServiceItem, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="ratings")
    created_at = models.DateTimeField(_("评价时间"))

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = _("评价")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["created_at"]),
            models.Index(fields=["department", "created_at"]),
            models.Index(fields=["item", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.score}"
