"""Dispatch models, one module per topic; this file only re-exports them."""
# ruff: noqa: F401

from dispatch.models.applications import APPLICATION_DESKS, ApplicationMaterial
from dispatch.models.calendar import CalendarYear, Holiday, HolidayKind
from dispatch.models.chasing import (
    REMIND_DAYS_BEFORE,
    REMIND_HOURS_BEFORE,
    Escalation,
    HourlyEscalation,
    Reminder,
    ReminderKind,
    SupervisionEscalation,
    SupervisionReminder,
)
from dispatch.models.deadlines import Deadline, DeadlineEnd
from dispatch.models.group_cases import (
    DEFAULT_WORKER_THRESHOLD,
    GroupCase,
    GroupCaseSetting,
    GroupReason,
)
from dispatch.models.notifications import Notification, NotificationChannel, SmsStatus
from dispatch.models.policies import DeadlinePolicy, DeadlineUnit, DeskCode
from dispatch.models.routing import (
    OPEN_REFERRAL_STATUSES,
    Desk,
    Referral,
    ReferralStatus,
    RoutingRule,
)
from dispatch.models.saved_filters import FilterPage, SavedFilter
from dispatch.models.supervision import (
    ExtensionDecision,
    ExtensionRequest,
    OrderAddressee,
    OrderLine,
    RectificationOrder,
    Supervision,
)
