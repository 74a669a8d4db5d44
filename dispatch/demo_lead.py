"""The demo's lead case: a construction project's wage arrears along its chain of
responsibility (工程建设领域根治欠薪).

A team leader (包工头) of a labour subcontractor took the wages of three workers of a
housing project and left. The case names the project, its construction unit, general
contractor and subcontractor and the team leader; the order to pay goes to the general
contractor (保障农民工工资支付条例 Art. 30), which pays the workers. Everything goes through
the services, as the rest of the demo does; a re-run finds the project's case and adds
nothing.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from complaints import services
from complaints.models import Case, DeskKind, PartyRole
from complaints.services import ComplainantData, EmployerData
from complaints.services.chain import PartyData, ProjectData, case_record_chain
from config import clock
from dispatch.services.rectification import rectification_order
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
DESCRIPTION = (
    "我们三人在滨江悦府二期住宅工程做钢筋工，由宜昌鑫筑劳务有限公司的班组长刘大勇带班。"
    "2025年8月至11月的工资共47700元，总包单位已按月拨付到班组长，刘大勇领走后不再露面，"
    "至今未发给我们。"
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
    with clock.frozen_at(_moment(12)):
        case = services.case_register(
            actor=users["window"],
            description=DESCRIPTION,
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
            is_construction=True,
            responsible_office=users["window"].office,
        ).case
        referrals = case_route(case_id=case.pk)
    inspection = next(r for r in referrals if r.desk.kind == DeskKind.INSPECTION)
    with clock.frozen_at(_moment(11)):
        referral_accept(referral=inspection, actor=inspector)
        services.case_accept(case=case, actor=head)
        _record_chain(case, inspector)
    with clock.frozen_at(_moment(9)):
        _order_general_contractor(case, inspector, users["supervisor"])
    with clock.frozen_at(_moment(3, 15)):
        for worker in case.complainants.order_by("pk"):
            services.payment_record(
                complainant=worker,
                actor=inspector,
                amount=worker.owed_amount,
                paid_on=clock.today(),
                note=f"{GENERAL_CONTRACTOR[0]}代付",
            )
    case.refresh_from_db()
    return case


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


def _order_general_contractor(case: Case, inspector, second) -> None:
    """The general contractor pays first what its subcontractor owes (Art. 30)."""
    lines = {worker.pk: worker.owed_amount for worker in case.complainants.order_by("pk")}
    rectification_order(
        case=case,
        actor=inspector,
        findings=(
            "经查，宜昌鑫筑劳务有限公司班组长刘大勇领取滨江悦府二期住宅工程农民工工资后"
            "未发放，拖欠陈国平等3名农民工2025年8月至11月工资共计47700元属实。"
        ),
        amount_found=sum(lines.values()),
        pay_by=clock.today() + timedelta(days=5),
        second_inspector=second,
        lines=lines,
        addressee_role=PartyRole.GENERAL_CONTRACTOR.value,
        addressee_name=GENERAL_CONTRACTOR[0],
        addressee_credit_code=GENERAL_CONTRACTOR[1],
    )
