"""The inspection procedure in the demo: after `seed_demo`, a few filed cases of each
district are taken further through the procedure's services, back-dated, so the case
pages, the head's queue and the dashboard show every part of it.

`python manage.py seed_procedure_demo` (run by `make run` after seed_demo) is idempotent:
a district with a transfer report on one of its cases is left as it is (seed_demo itself
files and closes cases, but proposes no transfer).

Per district, the oldest open filed cases, in turn:
1. transferred: an order posted at the absconded employer's site with a photo, unpaid past
   its pay-by date; the transfer report approved, the case transferred, the police's answer
   recorded, a handling decision with 加付赔偿金;
2. a transfer report waiting for the head (in the head's queue, its 3 days running);
3. an inquiry notice served, an inquiry record, an order served and waiting to be paid;
4. an order issued and waiting to be served.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Office, User
from accounts.roles import Role
from complaints.models import DeskKind, Status
from config import clock
from config.broker import publishing_suspended
from dispatch import demo_data
from dispatch.models import RectificationOrder, Referral, ReferralStatus
from dispatch.services.rectification import rectification_order
from inspection.models import Step, StepKind
from inspection.services import handling, investigation, transfer
from inspection.services.service import document_serve, document_serve_with_upload

# A photo as a phone takes it (a PNG): the proof of the posting.
PHOTO = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + bytes(64)
OLD_ENOUGH = timedelta(days=31)  # the chains below span 30 days after the filing


class ProcedureDemo:
    def __init__(self, office: Office, inspector: User, second: User, head: User):
        self.office, self.inspector, self.second, self.head = office, inspector, second, head
        self.today = clock.today()  # the day the scenarios count back from

    def _moment(self, days_ago: int, hour: int = 10) -> datetime:
        day = self.today - timedelta(days=days_ago)
        return timezone.make_aware(datetime.combine(day, time(hour)))

    def order(self, case, *, days_ago: int, pay_in: int) -> RectificationOrder:
        lines = {
            worker.pk: worker.owed_amount or Decimal("3000")
            for worker in case.complainants.order_by("pk")
        }
        with clock.frozen_at(self._moment(days_ago)):
            return rectification_order(
                case=case,
                actor=self.inspector,
                findings="经查，用人单位拖欠投诉人工资属实。",
                amount_found=sum(lines.values()),
                pay_by=clock.today() + timedelta(days=pay_in),
                second_inspector=self.second,
                lines=lines,
            )

    def serve_in_person(self, document, *, days_ago: int) -> None:
        with clock.frozen_at(self._moment(days_ago, 15)):
            document_serve(
                document=document, actor=self.inspector, method="in_person",
                served_on=clock.today(), recipient="法定代表人 王某", place="用人单位办公室",
                proof=None, note="",
            )  # fmt: skip

    def post_at_site(self, order: RectificationOrder, *, days_ago: int) -> None:
        with clock.frozen_at(self._moment(days_ago, 15)):
            document_serve_with_upload(
                document=order.case.documents.get(number=order.number), actor=self.inspector,
                upload=SimpleUploadedFile("张贴现场.png", PHOTO, content_type="image/png"),
                method="posting", served_on=clock.today(), recipient="",
                place="项目部大门", note="负责人逃匿，张贴送达并拍照。",
            )  # fmt: skip

    def propose_transfer(self, case, order, *, days_ago: int):
        with clock.frozen_at(self._moment(days_ago)):
            return transfer.transfer_report_propose(
                case=case, actor=self.inspector, second_inspector=self.second, order=order,
                reasons="指令书送达后逾期仍未支付，用人单位负责人逃匿，涉嫌拒不支付劳动报酬罪。",
            )  # fmt: skip

    def transferred(self, case) -> None:
        order = self.order(case, days_ago=30, pay_in=10)
        self.post_at_site(order, days_ago=29)
        report = self.propose_transfer(case, order, days_ago=12)
        with clock.frozen_at(self._moment(11, 9)):
            transfer.transfer_report_approve(step=report, actor=self.head, note="同意移送。")
        with clock.frozen_at(self._moment(11, 16)):
            transfer.transfer_make(
                case=case, actor=self.inspector, second_inspector=self.second,
                police_body=f"{self.office.name}公安分局", note="",
            )  # fmt: skip
        with clock.frozen_at(self._moment(8)):
            transfer.police_answer_record(
                case=case, actor=self.inspector, outcome="filed", answered_on=clock.today(),
                reference="公（经）立字〔2026〕18号", note="",
            )  # fmt: skip
        with clock.frozen_at(self._moment(5)):
            handling.handling_decision_issue(
                case=case, actor=self.inspector, second_inspector=self.second, order=order,
                rate=75, pay_within_days=15, facts="逾期未按指令书支付工资。",
                evidence="询问笔录、工资表、送达回证、张贴照片。",
            )  # fmt: skip

    def awaiting_head(self, case) -> None:
        order = self.order(case, days_ago=25, pay_in=10)
        self.post_at_site(order, days_ago=24)
        self.propose_transfer(case, order, days_ago=1)

    def investigated(self, case) -> None:
        with clock.frozen_at(self._moment(12)):
            notice = investigation.inquiry_notice_issue(
                case=case, actor=self.inspector, second_inspector=self.second,
                addressee=case.employer.name if case.employer_id else "用人单位",
                appear_at=self._moment(9, 9), place="劳动保障监察大队询问室",
                bring=["工资发放记录", "考勤记录", "劳动合同"],
            )  # fmt: skip
        self.serve_in_person(notice.document, days_ago=11)
        with clock.frozen_at(self._moment(9, 11)):
            investigation.inquiry_record_enter(
                case=case, actor=self.inspector, second_inspector=self.second,
                person_name="王某", person_role="法定代表人", started_at=self._moment(9, 9),
                ended_at=self._moment(9, 10), place="劳动保障监察大队询问室",
                exchanges=[("是否拖欠投诉人工资？", "是，因资金周转困难尚未支付。")],
            )  # fmt: skip
        order = self.order(case, days_ago=4, pay_in=14)
        self.serve_in_person(case.documents.get(number=order.number), days_ago=3)

    def to_be_served(self, case) -> None:
        self.order(case, days_ago=1, pay_in=15)


def _filed_referrals(office: Office) -> list[Referral]:
    """The office's inspection referrals taken on, of open cases filed long enough ago for
    the chains above, oldest filing first."""
    return list(
        Referral.objects.filter(
            desk__office=office,
            desk__kind=DeskKind.INSPECTION,
            status__in=[ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS],
            officer__isnull=False,
            case__status__in=[Status.ACCEPTED, Status.IN_PROGRESS],
            case__accepted_at__lte=clock.now() - OLD_ENOUGH,
        )
        .select_related("case__employer", "officer")
        .order_by("case__accepted_at", "id")
    )


class Command(BaseCommand):
    help = "Take a few demo cases of each district through the inspection procedure."

    def handle(self, *args, **options):
        done = 0
        with publishing_suspended():  # back-dated history: nobody is told of it now
            for code, inspector_name in demo_data.INSPECTOR_OF.items():
                office = Office.objects.filter(code=code).first()
                done_before = Step.objects.filter(
                    case__responsible_office=office, kind=StepKind.TRANSFER_REPORT
                )
                if office is None or done_before.exists():
                    continue
                done += self.take_further(office, inspector_name, demo_data.HEAD_OF[code])
        self.stdout.write(f"Inspection procedure: {done} demo cases taken further.")

    def take_further(self, office: Office, inspector_name: str, head_name: str) -> int:
        """Each scenario on the next filed case, by the inspector working it and a second
        inspector of the office (a supervisor, else the head), the head approving."""
        head = User.objects.get(username=head_name)
        supervisor = User.objects.filter(office=office, groups__name=Role.SUPERVISOR).first()
        demo = ProcedureDemo(office, User.objects.get(username=inspector_name), head, head)
        scenarios = (demo.transferred, demo.awaiting_head, demo.investigated, demo.to_be_served)
        for scenario, referral in zip(scenarios, _filed_referrals(office), strict=False):
            demo.inspector = referral.officer
            demo.second = supervisor if supervisor and supervisor != referral.officer else head
            with transaction.atomic():  # a scenario is taken whole or not at all
                scenario(referral.case)
        return min(len(scenarios), len(_filed_referrals(office)))
