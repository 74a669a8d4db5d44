"""The staff roles, as Django groups created by migrations.

A role is a group; what each role may do to a case is written in complaints/workflow.py,
and which cases a user may see is decided in complaints/selectors/visibility.py. Who
approves a step's extension is data: the extension policy's `approver_role`
(dispatch.models.DeadlinePolicy), the head of the department or the arbitration
committee's chair where the law names them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    WINDOW = "window_staff", _("Window staff")
    INSPECTOR = "inspector", _("Inspector")
    DESK_OFFICER = "desk_officer", _("Desk officer")
    SUPERVISOR = "supervisor", _("Supervisor")
    # 监察机构负责人: approves filing (立案审批) and the acceptance decision on a complaint.
    INSPECTION_HEAD = "inspection_head", _("Head of the inspection body")
    DEPARTMENT_HEAD = "department_head", _("Head of department")
    ARBITRATION_CHAIR = "arbitration_chair", _("Arbitration committee chair")
    ADMINISTRATOR = "administrator", _("Administrator")


# Model permissions each role's group receives (app_label.codename).
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.WINDOW: [
        "complaints.add_case",
        "complaints.view_case",
        "complaints.add_complainant",
        "complaints.view_complainant",
        "complaints.add_consultation",
        "complaints.view_consultation",
        "complaints.view_employer",
        "complaints.add_employer",
    ],
    Role.INSPECTOR: [
        "complaints.view_case",
        "complaints.view_complainant",
        "complaints.change_complainant",
        "complaints.view_employer",
        "complaints.change_employer",
        "complaints.view_consultation",
        "complaints.view_caseevent",
    ],
    Role.DESK_OFFICER: [
        "complaints.view_case",
        "complaints.view_complainant",
        "complaints.view_employer",
        "complaints.view_caseevent",
    ],
    Role.SUPERVISOR: [
        "complaints.view_case",
        "complaints.view_complainant",
        "complaints.view_employer",
        "complaints.view_consultation",
        "complaints.view_caseevent",
    ],
    Role.INSPECTION_HEAD: [
        "complaints.view_case",
        "complaints.view_complainant",
        "complaints.view_employer",
        "complaints.view_consultation",
        "complaints.view_caseevent",
    ],
    Role.DEPARTMENT_HEAD: [
        "complaints.view_case",
        "complaints.view_complainant",
        "complaints.view_employer",
        "complaints.view_consultation",
        "complaints.view_caseevent",
    ],
    Role.ARBITRATION_CHAIR: [
        "complaints.view_case",
        "complaints.view_complainant",
        "complaints.view_employer",
        "complaints.view_consultation",
        "complaints.view_caseevent",
    ],
    Role.ADMINISTRATOR: [
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_user",
        "accounts.add_office",
        "accounts.change_office",
        "accounts.view_office",
        "complaints.add_outcome",
        "complaints.change_outcome",
        "complaints.view_outcome",
        "complaints.view_case",
        "complaints.view_caseevent",
        # The Word templates of the issued documents (complaints migration 0018).
        "complaints.add_documenttemplate",
        "complaints.change_documenttemplate",
        "complaints.delete_documenttemplate",
        "complaints.view_documenttemplate",
        "complaints.view_issueddocument",
        "complaints.view_documentoutput",
        # The wage-arrears dimensions (complaints migration 0025).
        "complaints.add_violationcategory",
        "complaints.change_violationcategory",
        "complaints.view_violationcategory",
        "complaints.add_campaign",
        "complaints.change_campaign",
        "complaints.view_campaign",
        "complaints.view_project",
        "complaints.view_caseparty",
        "complaints.view_caseviolation",
        "complaints.view_advancepayment",
        "complaints.view_advancerecovery",
        # The peak periods and the duty roster (accounts migration 0008).
        "accounts.add_peakperiod",
        "accounts.change_peakperiod",
        "accounts.delete_peakperiod",
        "accounts.view_peakperiod",
        "accounts.view_dutyshift",
    ],
}

# Who keeps an office's duty roster (值班表) on its roster page (accounts/views.py).
ROSTER_ROLES = (Role.SUPERVISOR, Role.INSPECTION_HEAD, Role.DEPARTMENT_HEAD, Role.ADMINISTRATOR)
