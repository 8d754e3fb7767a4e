from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import roles


class Department(models.Model):
    """A government department that owns service items (e.g. 市场监督管理局)."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    head = models.ForeignKey(
        "accounts.User", verbose_name=_("负责人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="headed_departments",
    )

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ServiceCentre(models.Model):
    """A county government service centre or a township convenience centre (便民服务中心)."""

    class Level(models.TextChoices):
        COUNTY = "county", _("县级政务服务中心")
        TOWNSHIP = "township", _("乡镇便民服务中心")

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("电话"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("服务中心")
        verbose_name_plural = _("服务中心")
        ordering = ["level", "code"]

    def __str__(self) -> str:
        return self.name


def _is_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


class User(AbstractUser):
    """Every person who signs in. Roles are groups; staff belong to one or more departments."""

    departments = models.ManyToManyField(Department, verbose_name=_("所属部门"), blank=True, related_name="staff")
    service_centre = models.ForeignKey(
        ServiceCentre, verbose_name=_("所在服务中心"), null=True, blank=True, on_delete=models.SET_NULL
    )
    mobile = models.CharField(_("手机号码"), max_length=20, blank=True)
    title = models.CharField(_("职务"), max_length=60, blank=True,
                             help_text=_("在办理过程中与姓名一同显示，例如 审批科科长、副局长"))

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def get_full_name(self) -> str:
        """Chinese names are written family name first with no space (王建国); other names keep
        Django's "first last" order."""
        first, last = self.first_name.strip(), self.last_name.strip()
        if _is_cjk(first + last):
            return f"{last}{first}"
        return super().get_full_name()

    @property
    def display_name(self) -> str:
        """How pages, timelines and tables name a person: the full name, else the user name."""
        return self.get_full_name() or self.get_username()

    @cached_property
    def role_names(self) -> frozenset[str]:
        names = set(self.groups.values_list("name", flat=True))
        if self.is_superuser:
            names.add(roles.ADMIN)
        return frozenset(names)

    @cached_property
    def department_ids(self) -> frozenset[int]:
        return frozenset(self.departments.values_list("id", flat=True))

    def has_role(self, role: str) -> bool:
        return role in self.role_names

    @property
    def acting_title(self) -> str:
        """How the timeline names this person's capacity: their title, else their highest staff role."""
        if self.title:
            return self.title
        from django.conf import settings
        from django.utils import translation

        labels = dict(roles.ROLE_CHOICES)
        for role in (roles.APPROVER, roles.REVIEWER, roles.CLERK, roles.APPLICANT):
            if role in self.role_names:
                with translation.override(settings.LANGUAGE_CODE):  # stored on records: the official language
                    return str(labels[role])
        return ""

    @property
    def is_staff_member(self) -> bool:
        return bool(self.role_names & roles.STAFF_ROLES)

    @property
    def is_supervisor(self) -> bool:
        return roles.SUPERVISOR in self.role_names


class StandIn(models.Model):
    """A stand-in (代理) a member of staff names for an absence: from `starts_on` to `ends_on` the
    stand-in may take over the absent person's claimed tasks (those their own role allows) and acts
    on their behalf; the timeline names both."""

    absent = models.ForeignKey(User, verbose_name=_("请假人"), on_delete=models.CASCADE, related_name="stand_ins")
    stand_in = models.ForeignKey(User, verbose_name=_("代理人"), on_delete=models.CASCADE,
                                 related_name="standing_in_for")
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    reason = models.CharField(_("事由"), max_length=200)
    created_at = models.DateTimeField(_("登记时间"))
    cancelled_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("代理人")
        verbose_name_plural = _("代理人")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="stand_in_period"),
            models.CheckConstraint(condition=~models.Q(absent=models.F("stand_in")), name="stand_in_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.stand_in} → {self.absent} {self.starts_on}–{self.ends_on}"
