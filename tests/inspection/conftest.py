"""Fixtures of the inspection procedure's tests: a wage case of two workers filed on
2026-03-04 by the head of the inspection body, its inspector 赵强 (`officer`) and a second
inspector (`second`), both holding inspection cards; an order to pay them (`order`), posted
at the absconded employer's premises (`served`), the transfer report on it (`report`), its
approval (`approved`) and the transfer to the police (`transfer`)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints import services as complaints_services
from complaints.services import ComplainantData, evidence_add
from config import clock
from dispatch import services as dispatch_services
from inspection.services.transfer import (
    transfer_make,
    transfer_report_approve,
    transfer_report_propose,
)
from tests.builders import second_inspector, serve_order

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int = 10, minute: int = 0):
    """The clock frozen at that moment of 2026 in the bureau's time zone."""
    return clock.frozen_at(datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI))


@pytest.fixture
def filed(register_case, officer, inspection_head):
    """Two workers owed 5,000 and 3,000 yuan; registered and routed 03-02, the inspection
    desk's referral accepted by 赵强 and the case accepted and filed by the head on 03-04."""
    with at(3, 2):
        case = register_case(
            complainants=[
                ComplainantData(name="张三", phone="13800138000", owed_amount=Decimal("5000")),
                ComplainantData(name="李四", phone="13900139000", owed_amount=Decimal("3000")),
            ]
        )
        referral = dispatch_services.case_route(case_id=case.pk)[0]
    with at(3, 4):
        dispatch_services.referral_accept(referral=referral, actor=officer)
        complaints_services.case_accept(case=case, actor=inspection_head)
    case.refresh_from_db()
    return case


@pytest.fixture
def second(district, officer):
    """孙明, a second inspector of the district with an inspection card."""
    return second_inspector(district, officer)


# The pay-by date of the `order` fixture.
PAY_BY = date(2026, 3, 13)


@pytest.fixture(autouse=True)
def _evidence_in_tmp(settings, tmp_path):
    """Photos of a service and other evidence are written under the test's own folder."""
    settings.EVIDENCE_ROOT = tmp_path / "evidence"


@pytest.fixture
def order(filed, officer, second):
    """The order to pay both workers (5,000 and 3,000 yuan), issued on 03-05 to pay by
    03-13, not yet served."""
    zhang, li = filed.complainants.order_by("pk")
    with at(3, 5):
        return dispatch_services.rectification_order(
            case=filed,
            actor=officer,
            findings="查实拖欠两名工人2025年10-12月工资共8000元",
            amount_found=Decimal("8000"),
            pay_by=PAY_BY,
            second_inspector=second,
            lines={zhang.pk: Decimal("5000"), li.pk: Decimal("3000")},
        )


# A photo as a phone takes it (a PNG header): the proof of a posting.
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + bytes(64)
POLICE = "宜昌市公安局西陵区分局"


@pytest.fixture
def served(filed, order, officer):
    """The order posted at the absconded employer's premises on 03-06, with a photo."""
    with at(3, 6, 9):
        photo = evidence_add(
            case=filed,
            actor=officer,
            upload=SimpleUploadedFile("posted.png", PNG),
            kind="photo",
            description="指令书张贴照片",
        )
        serve_order(
            order,
            officer,
            served_on=date(2026, 3, 6),
            method="posting",
            recipient="",
            place="公司大门",
            proof=photo,
        )
    order.refresh_from_db()
    return order


def propose(filed, officer, second, served_order, when=(3, 16), **fields):
    arguments = {"second_inspector": second, "order": served_order, "reasons": "用人单位负责人逃匿"}
    with at(*when):
        return transfer_report_propose(case=filed, actor=officer, **(arguments | fields))


@pytest.fixture
def report(filed, served, officer, second):
    return propose(filed, officer, second, served)


@pytest.fixture
def approved(report, inspection_head):
    with at(3, 17, 10):
        return transfer_report_approve(step=report, actor=inspection_head, note="同意移送")


@pytest.fixture
def transfer(filed, approved, officer, second):
    with at(3, 17, 15):
        return transfer_make(
            case=filed, actor=officer, second_inspector=second, police_body=POLICE, note=""
        )
