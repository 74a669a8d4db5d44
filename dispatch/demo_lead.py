"""The demo's lead case: a construction project's wage arrears along its chain of
responsibility (工程建设领域根治欠薪).

A team leader (包工头) of a labour subcontractor took the wages of three workers of a
housing project and left. The case names the project, its construction unit, general
contractor and subcontractor and the team leader; the order to pay goes to the general
contractor (保障农民工工资支付条例 Art. 30); it is served on the contractor in person, and the
contractor pays the workers before the pay-by date. Every date, the arrears months in the
texts too, counts back from the demo's today. Everything goes through the services, as the
rest of the demo does (the service of the order through the inspection procedure's, which
that app registers: dispatch.services.rectification.register_order_service); a re-run
finds the project's case and adds nothing.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from complaints import services
from complaints.models import Case, DeskKind, PartyRole
from complaints.services import ComplainantData, EmployerData
from complaints.services.chain import PartyData, ProjectData, case_record_chain
from config import clock
from dispatch.services.rectification import (
    rectification_complied,
    rectification_order,
    rectification_serve,
)
from dispatch.services.referrals import referral_accept
from dispatch.services.routing import case_route

LEAD_PROJECT = ProjectData(
    name="滨江悦府二期住宅工程",
    location="宜昌市西陵区滨江路以北、沿江大道以西",
    code="4205022025118",
)
CONSTRUCTION_UNIT = ("宜昌滨江置业有限公司", "91420500MA49LK3Q0H")
GENERAL_CONTRACTOR = ("湖北宜建工程集团有限公司", "91420502MA4B7TR21T")
SUBCONTRACTOR = ("宜昌鑫筑劳务有限公司", "91420502MA4C8WN53U")
TEAM_LEADER = ("刘大勇", "13972061588")
WORKERS = [
    ("陈国平", "13872045561", Decimal("18600")),
    ("黄志军", "13986731204", Decimal("16200")),
    ("吴春华", "15997615832", Decimal("12900")),
]
# The days of the case, counted back from the demo's today: registered, filed, the order
# issued, served on the general contractor, and the workers paid before the pay-by date.
REGISTERED, FILED, ORDERED, SERVED, PAID = 12, 11, 9, 8, 5
PAY_WITHIN_DAYS = 7  # from the issue: due 2 days ago, after the workers were paid
# Who received the order for the general contractor, and where.
RECIPIENT = "张伟（湖北宜建工程集团有限公司滨江悦府二期项目经理）"
SERVICE_PLACE = "滨江悦府二期项目部"


def _month(day: date, back: int) -> date:
    """The first day of the month `back` months before `day`'s."""
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def arrears_period(today: date) -> tuple[date, date]:
    """The first and last day of the four months of wages owed, up to the end of the month
    before the complaint."""
    return _month(today, 4), _month(today, 0) - timedelta(days=1)


def _months_text(today: date) -> str:
    first, last = arrears_period(today)
    if first.year == last.year:
        return f"{first.year}年{first.month}月至{last.month}月"
    return f"{first.year}年{first.month}月至{last.year}年{last.month}月"


def _description(today: date) -> str:
    return (
        "我们三人在滨江悦府二期住宅工程做钢筋工，由宜昌鑫筑劳务有限公司的班组长刘大勇带班。"
        f"{_months_text(today)}的工资共47700元，总包单位已按月拨付到班组长，刘大勇领走后"
        "不再露面，至今未发给我们。"
    )


def _moment(days_ago: int, hour: int = 10) -> datetime:
    day = clock.today() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def lead_case_exists() -> bool:
    return Case.objects.filter(project__code=LEAD_PROJECT.code).exists()


def ensure_lead_case(users: dict) -> Case | None:
    """Register and carry the lead case unless its project has a case already."""
    if lead_case_exists():
        return None
    inspector, head = users["inspector"], users["inspectionhead"]
    with clock.frozen_at(_moment(REGISTERED)):
        arrears_from, arrears_to = arrears_period(clock.today())
        case = services.case_register(
            actor=users["window"],
            description=_description(clock.today()),
            complainants=[
                ComplainantData(name=name, phone=phone, owed_amount=owed, is_migrant_worker=True)
                for name, phone, owed in WORKERS
            ],
            employer=EmployerData(
                name=SUBCONTRACTOR[0],
                credit_code=SUBCONTRACTOR[1],
                address="宜昌市西陵区夷陵大道56号",
            ),
            site=LEAD_PROJECT.name,
            contractor=TEAM_LEADER[0],
            workers_affected=len(WORKERS),
            amount_claimed=sum(owed for _name, _phone, owed in WORKERS),
            arrears_from=arrears_from,
            arrears_to=arrears_to,
            is_construction=True,
            responsible_office=users["window"].office,
        ).case
        referrals = case_route(case_id=case.pk)
    inspection = next(r for r in referrals if r.desk.kind == DeskKind.INSPECTION)
    with clock.frozen_at(_moment(FILED)):
        referral_accept(referral=inspection, actor=inspector)
        services.case_accept(case=case, actor=head)
        _record_chain(case, inspector)
    with clock.frozen_at(_moment(ORDERED)):
        order = _order_general_contractor(case, inspector, users["supervisor"])
    with clock.frozen_at(_moment(SERVED, 15)):
        rectification_serve(
            order=order,
            actor=inspector,
            served_on=clock.today(),
            method="in_person",
            recipient=RECIPIENT,
            place=SERVICE_PLACE,
        )
    with clock.frozen_at(_moment(PAID, 15)):
        _paid_by_general_contractor(case, order, inspector)
    case.refresh_from_db()
    return case


def _paid_by_general_contractor(case: Case, order, inspector) -> None:
    """Each worker paid in full by the general contractor, and the order complied with."""
    for worker in case.complainants.order_by("pk"):
        services.payment_record(
            complainant=worker,
            actor=inspector,
            amount=worker.owed_amount,
            paid_on=clock.today(),
            note=f"{GENERAL_CONTRACTOR[0]}代付",
        )
    rectification_complied(order=order, actor=inspector)


def _record_chain(case: Case, actor) -> None:
    case_record_chain(
        case=case,
        actor=actor,
        project=LEAD_PROJECT,
        parties=[
            PartyData(PartyRole.CONSTRUCTION_UNIT, *CONSTRUCTION_UNIT),
            PartyData(PartyRole.GENERAL_CONTRACTOR, *GENERAL_CONTRACTOR),
            PartyData(PartyRole.SUBCONTRACTOR, *SUBCONTRACTOR),
            PartyData(PartyRole.TEAM_LEADER, TEAM_LEADER[0], phone=TEAM_LEADER[1]),
        ],
    )


def _order_general_contractor(case: Case, inspector, second):
    """The general contractor pays first what its subcontractor owes (Art. 30)."""
    lines = {worker.pk: worker.owed_amount for worker in case.complainants.order_by("pk")}
    return rectification_order(
        case=case,
        actor=inspector,
        findings=(
            "经查，宜昌鑫筑劳务有限公司班组长刘大勇领取滨江悦府二期住宅工程农民工工资后"
            f"未发放，拖欠陈国平等3名农民工{_months_text(timezone.localdate(case.registered_at))}"
            "工资共计47700元属实。"
        ),
        amount_found=sum(lines.values()),
        pay_by=clock.today() + timedelta(days=PAY_WITHIN_DAYS),
        second_inspector=second,
        lines=lines,
        addressee_role=PartyRole.GENERAL_CONTRACTOR.value,
        addressee_name=GENERAL_CONTRACTOR[0],
        addressee_credit_code=GENERAL_CONTRACTOR[1],
    )
