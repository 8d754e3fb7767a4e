"""Role names. Roles are Django groups, so administrators manage them in the admin."""

from django.utils.translation import gettext_lazy as _

APPLICANT = "applicant"
CLERK = "clerk"  # 窗口人员: files and accepts at a service-centre window
REVIEWER = "reviewer"
APPROVER = "approver"
SUPERVISOR = "supervisor"  # 监察人员: reads everything, changes nothing
ADMIN = "admin"

ROLE_CHOICES = [
    (APPLICANT, _("申请人")),
    (CLERK, _("窗口人员")),
    (REVIEWER, _("审核人员")),
    (APPROVER, _("审批人员")),
    (SUPERVISOR, _("监察人员")),
    (ADMIN, _("管理员")),
]
STAFF_ROLES = {CLERK, REVIEWER, APPROVER}
