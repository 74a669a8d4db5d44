"""Word lists and small generators for `seed_demo`: realistic, invented Yichang data.

Every company, site and person here is made up; ID numbers and credit codes are built
with valid check characters so they pass the intake validators.
"""

import math
import random
from datetime import date, timedelta
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils import timezone

from accounts.roles import Role
from complaints.models import (
    Campaign,
    Category,
    Channel,
    FollowupMethod,
    Ground,
    Material,
    Route,
    Satisfaction,
    Status,
)
from complaints.services import ComplainantData, EmployerData
from complaints.validators import (
    CREDIT_CODE_ALPHABET,
    credit_code_check_character,
    id_check_character,
)

CITY = ("city", "宜昌市劳动保障监察局", "0717-6221234", "宜昌市西陵区沿江大道52号")
DISTRICTS = [
    ("xiling", "西陵区劳动保障监察大队", "0717-6442365", "宜昌市西陵区夷陵大道108号"),
    ("wujiagang", "伍家岗区劳动保障监察大队", "0717-6551287", "宜昌市伍家岗区中南路26号"),
    ("yiling", "夷陵区劳动保障监察大队", "0717-7823456", "宜昌市夷陵区小溪塔街道府前路8号"),
]
# Office code -> its legal identity: the acting body (行政主体) in whose name the office's
# decisions are issued, the review body (复议机关), the court, the document number prefix.
LEGAL_IDENTITY = {
    "city": ("宜昌市人力资源和社会保障局", "宜昌市人民政府", "宜昌市中级人民法院", "宜人社监"),
    "xiling": ("宜昌市西陵区人力资源和社会保障局", "宜昌市西陵区人民政府",
               "宜昌市西陵区人民法院", "西人社监"),
    "wujiagang": ("宜昌市伍家岗区人力资源和社会保障局", "宜昌市伍家岗区人民政府",
                  "宜昌市伍家岗区人民法院", "伍人社监"),
    "yiling": ("宜昌市夷陵区人力资源和社会保障局", "宜昌市夷陵区人民政府",
               "宜昌市夷陵区人民法院", "夷人社监"),
}  # fmt: skip

# username, role, office code, last name, first name
USERS = [
    ("window", Role.WINDOW, "xiling", "王", "芳"),
    ("inspector", Role.INSPECTOR, "xiling", "李", "强"),
    ("deskofficer", Role.DESK_OFFICER, "xiling", "陈", "静"),
    ("supervisor", Role.SUPERVISOR, "xiling", "张", "建华"),
    ("inspectionhead", Role.INSPECTION_HEAD, "xiling", "郑", "强"),
    ("inspectionhead2", Role.INSPECTION_HEAD, "wujiagang", "钱", "伟"),
    ("inspectionhead3", Role.INSPECTION_HEAD, "yiling", "冯", "涛"),
    ("depthead", Role.DEPARTMENT_HEAD, "xiling", "黄", "志刚"),
    ("arbchair", Role.ARBITRATION_CHAIR, "xiling", "吴", "海燕"),
    ("admin", Role.ADMINISTRATOR, "city", "刘", "洋"),
    ("inspector2", Role.INSPECTOR, "wujiagang", "赵", "磊"),
    ("inspector3", Role.INSPECTOR, "yiling", "周", "敏"),
    ("window2", Role.WINDOW, "yiling", "孙", "丽"),
]
INSPECTOR_OF = {"xiling": "inspector", "wujiagang": "inspector2", "yiling": "inspector3"}
# The head of each district's inspection body, who approves its acceptance decisions.
HEAD_OF = {"xiling": "inspectionhead", "wujiagang": "inspectionhead2", "yiling": "inspectionhead3"}
REGISTRARS = {"window": 45, "window2": 25, "inspector2": 12, "inspector3": 8, "supervisor": 5,
              "admin": 5}  # fmt: skip

CHANNELS = {Channel.WALK_IN: 35, Channel.HOTLINE: 25, Channel.ONLINE: 15, Channel.PLATFORM: 12,
            Channel.AGENCY: 7, Channel.LETTER: 6}  # fmt: skip
CATEGORIES = {Category.WAGE_ARREARS: 65, Category.LABOR_CONTRACT: 12, Category.OTHER: 7,
              Category.SOCIAL_INSURANCE: 10, Category.WORK_INJURY: 6}  # fmt: skip
MATERIALS = [kind for kind in Material.values if kind != Material.OTHER]
EXTERNAL_REF_PREFIX = {Channel.HOTLINE: "12345-", Channel.PLATFORM: "HBZW", Channel.ONLINE: "WS"}

S = Status
# Final status weights by the case's age in days (below the limit): old cases are closed.
# Still worked on after 90 days is left out: the investigation limit (60 working days,
# about 85 days) would be long past, and a demo where old cases are months overdue looks
# broken, not busy. The cases 60-90 days old give a few overdue rows, as do the
# registrations of 5-60 days still waiting for a decision (5 working days).
STATUS_BY_AGE = [
    (5, {S.REGISTERED: 50, S.ACCEPTED: 30, S.IN_PROGRESS: 12, S.WITHDRAWN: 4, S.MERGED: 4}),
    (20, {S.REGISTERED: 8, S.ACCEPTED: 22, S.IN_PROGRESS: 35, S.RESOLVED: 10, S.CLOSED: 10,
          S.NOT_ACCEPTED: 5, S.WITHDRAWN: 5, S.MERGED: 5}),
    (60, {S.REGISTERED: 2, S.ACCEPTED: 6, S.IN_PROGRESS: 22, S.RESOLVED: 12, S.CLOSED: 43,
          S.NOT_ACCEPTED: 5, S.WITHDRAWN: 5, S.MERGED: 5}),
    (90, {S.ACCEPTED: 1, S.IN_PROGRESS: 8, S.RESOLVED: 8, S.CLOSED: 67, S.NOT_ACCEPTED: 6,
          S.WITHDRAWN: 6, S.MERGED: 4}),
    (10**6, {S.RESOLVED: 3, S.CLOSED: 83, S.NOT_ACCEPTED: 6, S.WITHDRAWN: 6, S.MERGED: 2}),
]  # fmt: skip
PATHS = {
    S.REGISTERED: [],
    S.ACCEPTED: ["accept"],
    S.IN_PROGRESS: ["accept", "start"],
    S.RESOLVED: ["accept", "start", "resolve"],
    S.CLOSED: ["accept", "start", "resolve", "close"],
    S.NOT_ACCEPTED: ["not_accept"],
}
# Days from the previous step: (least, most); compressed to fit recent cases.
STEP_DAYS = {"add": (0.5, 6), "transfer": (0.1, 2), "accept": (0.2, 5), "not_accept": (1, 5),
             "propose": (0.2, 3), "send_back": (0.2, 3), "ask_to_complete": (0.5, 4),
             "completed": (1, 10),
             "start": (0.5, 6), "note": (1, 12), "resolve": (3, 40), "close": (1, 8),
             "withdraw": (1, 20), "merge": (0.1, 4), "request_withdrawal": (1, 20),
             "cancel_filing": (0.5, 5), "continue_ex_officio": (0.5, 5)}  # fmt: skip

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛"
    "郝龚邵万覃向"
) + ["欧阳", "上官", "司马"]
GIVEN = {
    "M": ["伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华",
          "建国", "建军", "志强", "永红", "海波", "德明", "国庆", "文斌", "小龙", "家豪", "俊杰",
          "红兵", "卫东", "长江", "三峡", "世平", "先锋", "春生", "大山"],
    "F": ["芳", "娟", "敏", "静", "丽", "艳", "霞", "燕", "玲", "萍", "红", "梅", "琴", "慧",
          "秀英", "桂兰", "玉兰", "春燕", "晓红", "雪梅", "丽娟", "小芳", "佳怡", "欣怡", "婷婷"],
}  # fmt: skip
MINORITY_NAMES = [("阿依古丽·买买提", "F"), ("艾力·吐尔逊", "M"), ("扎西·次仁", "M")]
ID_AREA_CODES = ["420502", "420503", "420504", "420505", "420506", "420581", "420582", "420583",
                 "420525", "420526", "420527", "420528", "420529", "422801", "422822", "421302",
                 "421087", "500235", "511621", "430721"]  # fmt: skip
MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151",
                   "152", "155", "157", "158", "159", "166", "173", "176", "177", "180", "181",
                   "186", "187", "188", "189", "191", "199"]  # fmt: skip
ADDRESSES = ["宜昌市西陵区夜明珠路", "宜昌市西陵区东山大道", "宜昌市伍家岗区桔城路",
             "宜昌市伍家岗区伍临路", "宜昌市夷陵区发展大道", "宜昌市点军区江南大道",
             "湖北省秭归县茅坪镇", "湖北省长阳土家族自治县龙舟坪镇", "湖北省兴山县古夫镇",
             "湖北省远安县鸣凤镇", "湖北省枝江市马家店街道", "重庆市巫山县巫峡镇"]  # fmt: skip

KINDS = {
    "construction": {
        "sites": ["滨江花园三期工地", "东山大道改造工程", "伍家岗长江大桥连接线项目",
                  "小溪塔安置房二期项目", "江南新城二期工地", "宜昌东站片区商业综合体",
                  "西陵二路人行天桥工程", "峡州大道管网改造工程"],
        "trades": ["钢筋工", "木工", "泥瓦工", "架子工", "水电工", "小工"],
    },
    "restaurant": {"sites": ["夷陵广场店", "伍家岗万达店", "解放路店", "滨江公园店"],
                   "trades": ["服务员", "厨师", "传菜员", "洗碗工"]},
    "factory": {"sites": ["猇亭工业园厂区", "夷陵经济开发区厂房", "伍家岗工业园车间"],
                "trades": ["普工", "操作工", "质检员", "叉车司机"]},
    "logistics": {"sites": ["伍家岗物流园仓库", "花艳配送站", "宜昌东站分拨中心"],
                  "trades": ["分拣员", "快递员", "货车司机", "装卸工"]},
    "service": {"sites": ["万达广场项目部", "夷陵区门店", "城东小区服务中心"],
                "trades": ["保洁员", "保安", "收银员", "店员", "培训老师"]},
}  # fmt: skip
# name, kind, address (in 宜昌市), legal representative, phone
EMPLOYERS = [
    ("宜昌长江建筑工程有限公司", "construction", "西陵区东山大道95号", "黄德胜", "0717-6234567"),
    ("宜昌峡江建筑安装有限公司", "construction", "伍家岗区中南路18号", "覃国平", "0717-6512345"),
    ("宜昌鸿达建设工程有限公司", "construction", "夷陵区东湖大道66号", "周鸿达", ""),
    ("湖北楚宜建筑劳务有限公司", "construction", "西陵区城东大道12号", "向永刚", ""),
    ("宜昌城发路桥工程有限公司", "construction", "伍家岗区伍临路3号", "毛建华", "0717-6787878"),
    ("夷陵恒盛房地产开发有限公司", "construction", "夷陵区小溪塔街道", "邓恒盛", ""),
    ("宜昌味道江湖餐饮管理有限公司", "restaurant", "西陵区解放路40号", "林晓峰", ""),
    ("西陵区老街小龙虾餐馆", "restaurant", "西陵区二马路", "余大勇", ""),
    ("宜昌三峡人家餐饮有限公司", "restaurant", "夷陵区发展大道", "雷春梅", "0717-7812345"),
    ("伍家岗区蜀香园火锅店", "restaurant", "伍家岗区桔城路", "谭蜀香", ""),
    ("宜昌华瑞电子科技有限公司", "factory", "伍家岗区伍家岗工业园", "何志远", "0717-6598888"),
    ("宜昌精诚机械制造有限公司", "factory", "猇亭区猇亭大道", "曾精诚", ""),
    ("夷陵区金岭食品加工厂", "factory", "夷陵区经济开发区", "金岭", ""),
    ("宜昌恒通纺织服装有限公司", "factory", "夷陵区龙泉镇", "彭恒通", ""),
    ("宜昌顺达物流有限公司", "logistics", "伍家岗区物流园", "熊顺达", "0717-6533210"),
    ("宜昌捷运快递服务有限公司", "logistics", "西陵区西陵二路", "汪捷", ""),
    ("伍家岗区通衢货运代理有限公司", "logistics", "伍家岗区花艳路", "邹通", ""),
    ("宜昌万家福超市有限公司", "service", "西陵区胜利四路", "万家福", ""),
    ("宜昌悦家物业服务有限公司", "service", "夷陵区夷兴大道", "孟悦", "0717-7856789"),
    ("宜昌学府教育培训学校有限公司", "service", "西陵区学院街", "秦学府", ""),
    ("宜昌安康保安服务有限公司", "service", "伍家岗区东山开发区", "龙安康", ""),
]  # fmt: skip
CONTRACTORS = ["王建国（劳务班组长）", "宜昌恒信劳务分包有限公司", "陈家福班组",
               "湖北鑫源劳务有限公司", "张永明（包工头）", "刘大山木工班组",
               "覃老四钢筋班组"]  # fmt: skip

DESCRIPTIONS = {
    Category.WAGE_ARREARS: [
        "本人在{site}做{trade}，{employer}至今拖欠{months}个月工资共{amount}元，多次讨要未果。",
        "{employer}以经营困难为由拖欠{months}个月工资约{amount}元，离职两个月仍未结清。",
        "在{employer}{site}做{trade}，老板说年底统一结算，现在联系不上，欠薪约{amount}元。",
    ],
    Category.LABOR_CONTRACT: [
        "入职{employer}已半年，单位一直未签订书面劳动合同，要求补签并支付二倍工资差额。",
        "{employer}未提前通知即解除劳动合同，也未支付经济补偿。",
        "在{employer}试用期被无故辞退，试用期长达六个月，超过法定期限。",
    ],
    Category.SOCIAL_INSURANCE: [
        "{employer}自本人入职以来未缴纳社会保险，要求补缴。",
        "{employer}按最低基数缴纳社保，与实际工资不符，要求按实际工资补缴。",
    ],
    Category.WORK_INJURY: [
        "在{site}作业时受伤，{employer}未申报工伤，医疗费用一直自行垫付。",
        "在{employer}做{trade}时手部受伤，单位拒绝申请工伤认定。",
    ],
    Category.OTHER: [
        "{employer}每天要求加班三小时以上，不支付加班费，也不安排调休。",
        "{employer}扣押本人身份证原件不予退还。",
        "{employer}招聘时收取押金五百元，离职时拒绝退还。",
    ],
}
GROUP_WAGE = (
    "{count}名工人在{site}务工，劳务班组负责人{contractor}称{employer}未拨付工程款，"
    "拖欠{months}个月工资合计约{amount}元。"
)
UNKNOWN_EMPLOYER = "一家公司（全称不详）"

ACCEPT_NOTES = ["材料基本齐全，予以立案。", "符合立案条件，予以立案，缺失材料后续补齐。", ""]
# (ground, reasons, route): the grounds for not accepting, in turn. "No identifiable
# employer" is not among them: the complainant is asked to complete the complaint.
NOT_ACCEPT_DECISIONS = [
    (Ground.OUT_OF_TIME, "欠薪发生于两年前，此后未被发现也未被投诉，超过两年的查处时限。", ""),
    (
        Ground.NOT_INSPECTION,
        "投诉事项属于民间借贷纠纷，不属于劳动保障监察事项，告知向人民法院起诉。",
        Route.COURT,
    ),
    (
        Ground.NOT_INSPECTION,
        "该事项已由劳动人事争议仲裁委员会受理，告知按仲裁程序处理。",
        Route.ARBITRATION,
    ),
]
COMPLETION_REQUESTS = [
    "用人单位的全称和地址（或工地名称、项目名称、老板的姓名和电话）。",
    "与用人单位存在用工关系的证明（工牌、考勤记录、工友证言均可）。",
    "被拖欠工资的期间和金额的说明。",
]
OUT_OF_TIME_PROPOSAL = "投诉人称欠薪始于三年前。"
SENT_BACK_REASON = "欠薪持续至今，违法行为处于连续状态，未超过两年时限，请重新审查。"
NOTES = [
    "已电话联系用人单位负责人，约定下周一到大队接受询问。",
    "现场检查：调取考勤表和工资发放表，与投诉人陈述基本一致。",
    "已向用人单位送达《劳动保障监察询问通知书》。",
    "用人单位承认欠薪事实，表示筹措资金后分期支付。",
    "投诉人补交了考勤记录和欠条照片。",
    "总包单位项目部表示可从工程款中代发农民工工资。",
    "第一次约谈未到场，已再次送达询问通知书。",
]
RESOLVE_NOTES = ["用人单位已支付，投诉人确认收到。", "已下达责令改正决定书，单位已整改。",
                 "经调解双方达成一致。", ""]  # fmt: skip
WITHDRAW_REASONS = ["投诉人表示已与用人单位协商解决，申请撤回投诉。",
                    "投诉人电话告知工资已结清，不再投诉。",
                    "投诉人决定直接申请劳动仲裁，撤回投诉。"]  # fmt: skip
# The head's decision on a withdrawal after filing (劳动保障监察条例 Art. 18 (3)).
CANCEL_FILING_REASONS = ["经核查，用人单位已足额支付拖欠工资，违法情节轻微且已改正，撤销立案。",
                         "用人单位已改正，投诉人申请撤回投诉，撤销立案。"]  # fmt: skip
EX_OFFICIO_REASONS = ["涉及多名劳动者工资，用人单位尚未改正，依职权继续调查。",
                      "投诉人撤回投诉，但用人单位存在其他违法行为，依职权继续调查。"]  # fmt: skip
LEGAL_AID_NOTE = "已决定给予法律援助，并指派律师。"
TRANSFER_REASON = "经核实用工地点在{office}辖区，按属地管理原则移交办理。"
MERGE_REASON = "与{ticket}系同一用人单位同一事项，并案处理。"
# Outcome code -> weight; amount-less cases use the codes that need no amount.
OUTCOMES = {"paid_in_full": 55, "paid_in_part": 15, "ordered_by_decision": 10,
            "penalty_imposed": 5, "referred_to_arbitration_court": 12,
            "transferred_to_police": 3}  # fmt: skip
NO_AMOUNT_OUTCOMES = ["ordered_by_decision", "penalty_imposed", "referred_to_arbitration_court"]
FOLLOWUP_METHODS = {FollowupMethod.PHONE: 70, FollowupMethod.SMS: 10, FollowupMethod.VISIT: 8,
                    FollowupMethod.IN_PERSON: 12}  # fmt: skip
SATISFACTION = {
    Satisfaction.SATISFIED: (60, "投诉人表示问题已解决，对处理结果满意。"),
    Satisfaction.BASICALLY: (25, "投诉人表示款项已收到，但处理时间偏长。"),
    Satisfaction.DISSATISFIED: (8, "投诉人对部分支付不满意，已告知可申请劳动仲裁。"),
    Satisfaction.UNREACHABLE: (7, "三次电话回访均未接通，已发送短信告知办理结果。"),
}

# topic, category, answer
CONSULTATIONS = [
    ("试用期工资标准", Category.LABOR_CONTRACT, "试用期工资不得低于转正工资的80%及当地最低工资。"),
    ("未签劳动合同怎么办", Category.LABOR_CONTRACT, "满一个月不满一年未签合同可主张二倍工资。"),
    ("宜昌最低工资标准", Category.WAGE_ARREARS, "告知现行月最低工资标准及执行时间。"),
    ("辞职后工资何时结清", Category.WAGE_ARREARS, "解除劳动关系时用人单位应一次付清工资。"),
    ("社保断缴影响", Category.SOCIAL_INSURANCE, "告知医保、养老保险断缴的影响及补缴途径。"),
    ("工伤认定申请时限", Category.WORK_INJURY, "用人单位30日内、个人一年内可申请工伤认定。"),
    ("加班费计算方法", Category.OTHER, "工作日150%、休息日200%、法定节假日300%。"),
    ("农民工工资专用账户", Category.WAGE_ARREARS, "介绍工程建设领域工资专用账户和代发制度。"),
    ("如何投诉欠薪", Category.WAGE_ARREARS, "告知可到窗口、拨打12345或网上投诉，材料可后补。"),
    ("劳动仲裁流程", Category.OTHER, "介绍仲裁申请材料、时效及仲裁委地址。"),
]

EMPLOYER_KIND = {name: kind for name, kind, *_rest in EMPLOYERS}


def weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def person_name(rng: random.Random, sex: str) -> str:
    if rng.random() < 0.02:
        return rng.choice([name for name, name_sex in MINORITY_NAMES if name_sex == sex])
    return rng.choice(SURNAMES) + rng.choice(GIVEN[sex])


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def id_number(rng: random.Random, sex: str) -> str:
    """A GB 11643 number: area, birth date, sequence (odd for men), check character."""
    birth = date(1965, 1, 1) + timedelta(days=rng.randrange(365 * 39))
    sequence = rng.randrange(10, 100) * 10 + rng.choice(
        (1, 3, 5, 7, 9) if sex == "M" else (0, 2, 4, 6, 8)
    )
    first17 = f"{rng.choice(ID_AREA_CODES)}{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_character(first17)


def credit_code(name: str, individual: bool) -> str:
    """A stable GB 32100 code per employer name: 91 (company) or 92 (individual), Yichang."""
    rng = random.Random(name)
    body = "".join(rng.choice(CREDIT_CODE_ALPHABET) for _ in range(9))
    first17 = ("92" if individual else "91") + "4205" + rng.choice(["00", "02", "03", "06"]) + body
    return first17 + credit_code_check_character(first17)


def new_employer(rng: random.Random) -> tuple[EmployerData | None, str]:
    """An employer as the worker names it (some with the code, some with details), its kind."""
    if rng.random() < 0.05:  # zero threshold: the worker cannot name the company
        return None, rng.choice(list(KINDS))
    position = rng.randrange(len(EMPLOYERS))
    name, kind, address, legal, phone = EMPLOYERS[position]
    has_code = position % 3 and rng.random() < 0.7
    code = credit_code(name, not name.endswith("公司")) if has_code else ""
    if rng.random() < 0.5:
        return EmployerData(name=name, credit_code=code), kind
    details = {"address": f"宜昌市{address}", "legal_representative": legal, "phone": phone}
    return EmployerData(name=name, credit_code=code, **details), kind


def complainants(rng: random.Random, size: int, category: str) -> list[ComplainantData]:
    """`size` workers, the first reachable by phone; wage cases carry each one's amount."""
    people = []
    for index in range(size):
        sex = "M" if rng.random() < 0.7 else "F"
        national_id = id_number(rng, sex) if rng.random() < 0.4 else ""
        wages = category == Category.WAGE_ARREARS
        person = ComplainantData(
            name=person_name(rng, sex),
            phone=mobile(rng) if index == 0 or rng.random() < 0.8 else "",
            id_number=national_id,
            sex=sex if national_id or rng.random() < 0.7 else "",
            address=rng.choice(ADDRESSES) if rng.random() < 0.5 else "",
            owed_amount=Decimal(rng.randrange(15, 500) * 100) if wages else None,
            is_representative=size > 1 and index == 0,
        )
        people.append(person)
    return people


def description(rng: random.Random, category: str, kind: str, values: dict) -> str:
    count = values["count"]
    if category == Category.WAGE_ARREARS and count > 1 and kind == "construction":
        return GROUP_WAGE.format(**values)
    text = rng.choice(DESCRIPTIONS[category]).format(**values)
    return f"{count}名职工共同反映：{text}" if count > 1 else text


def arrears(rng: random.Random, category: str, registered: date) -> dict:
    if category != Category.WAGE_ARREARS or rng.random() < 0.2:
        return {}
    end = registered - timedelta(days=rng.randint(0, 45))
    return {"arrears_from": end - timedelta(days=rng.randint(28, 300)), "arrears_to": end}


def case_fields(rng: random.Random, plan, number: int, target=None) -> dict:
    """Keyword arguments of `case_register` for `plan`; a duplicate repeats `target`'s facts."""
    employer, kind = new_employer(rng)
    site = rng.choice(KINDS[kind]["sites"]) if rng.random() < 0.8 else ""
    if target is not None:
        known, site = target.employer, target.site
        employer = EmployerData(known.name, known.credit_code) if known else None
        kind = EMPLOYER_KIND.get(known.name if known else "", "construction")
    contractor = rng.choice(CONTRACTORS) if kind == "construction" and rng.random() < 0.6 else ""
    people = complainants(rng, plan.size, plan.category)
    owed = [person.owed_amount for person in people if person.owed_amount is not None]
    amount = sum(owed, Decimal(0)) if owed else None
    values = {"employer": employer.name if employer else UNKNOWN_EMPLOYER,
              "site": site or rng.choice(KINDS[kind]["sites"]),
              "trade": rng.choice(KINDS[kind]["trades"]), "count": plan.size,
              "contractor": contractor or "包工头", "months": rng.randint(1, 8),
              "amount": f"{amount:,.0f}" if amount else "若干"}  # fmt: skip
    prefix, day = EXTERNAL_REF_PREFIX.get(plan.channel), timezone.localdate(plan.moment)
    return {
        "description": description(rng, plan.category, kind, values),
        "complainants": people,
        "channel": plan.channel,
        "category": plan.category,
        "employer": employer,
        "site": site,
        "contractor": contractor,
        "workers_affected": plan.size if plan.size > 1 else None,
        "amount_claimed": amount,
        "responsible_office": plan.office,
        "missing_materials": rng.sample(MATERIALS, k=rng.choice([0, 0, 1, 2, 3])),
        "external_ref": f"{prefix}{day:%Y%m%d}{number:05d}" if prefix else "",
        **arrears(rng, plan.category, day),
    }


def closing(rng: random.Random, claimed: Decimal | None, outcomes: dict) -> dict:
    """Outcome, amount and follow-up for `case_close` (without the follow-up time)."""
    code = weighted(rng, OUTCOMES) if claimed else rng.choice(NO_AMOUNT_OUTCOMES)
    fallback = next(item for item in outcomes.values() if not item.requires_amount)
    outcome, amount = outcomes.get(code, fallback), None
    if outcome.requires_amount:
        amount = (claimed * rng.randint(30, 80) / 100).quantize(Decimal("0.01"))
    elif outcome.code == "paid_in_full":
        amount = claimed
    satisfaction = weighted(rng, {key: weight for key, (weight, _) in SATISFACTION.items()})
    return {
        "outcome": outcome,
        "outcome_amount": amount,
        "followup_method": weighted(rng, FOLLOWUP_METHODS),
        "followup_result": SATISFACTION[satisfaction][1],
        "satisfaction": satisfaction,
    }


def consultation_fields(rng: random.Random) -> dict:
    topic, category, answer = rng.choice(CONSULTATIONS)
    channels = {Channel.WALK_IN: 5, Channel.HOTLINE: 4, Channel.ONLINE: 1}
    return {
        "topic": topic,
        "category": category,
        "answer": answer,
        "channel": weighted(rng, channels),
        "contact_name": person_name(rng, rng.choice("MF")) if rng.random() < 0.6 else "",
        "contact_phone": mobile(rng) if rng.random() < 0.5 else "",
    }


# A specimen seal (样章) per demo office: red ring, the acting body's name along the top, a
# star in the middle, and 样章 / SPECIMEN across it, so no print of the demo passes for a
# real document. An SVG written here: no image library, nothing downloaded.
SEAL_RED = "#d7000f"
SPECIMEN_SEAL = """<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" \
viewBox="0 0 200 200" font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, SimSun, sans-serif">
<title>样章 SPECIMEN</title>
<defs><path id="arc" d="M 32.3,124.6 A 72,72 0 1 1 167.7,124.6"/></defs>
<circle cx="100" cy="100" r="94" fill="none" stroke="{red}" stroke-width="5"/>
<text fill="{red}" font-size="{size}" text-anchor="middle">\
<textPath href="#arc" startOffset="50%" textLength="255" lengthAdjust="spacing">{name}</textPath>\
</text>
<polygon fill="{red}" points="{star}"/>
<text x="100" y="162" fill="{red}" font-size="20" text-anchor="middle">样章</text>
<g transform="rotate(-18 100 100)">
<rect x="34" y="88" width="132" height="25" fill="#fff" fill-opacity="0.85"/>
<text x="100" y="107" fill="{red}" font-size="17" font-weight="bold" text-anchor="middle">\
样章 SPECIMEN</text>
</g>
</svg>
"""


def specimen_seal_svg(name: str) -> bytes:
    """The specimen seal of the body called `name`, as SVG bytes."""
    points = []
    for index in range(10):  # a five-pointed star: outer and inner corners in turn
        radius = 22 if index % 2 == 0 else 9
        angle = math.radians(-90 + 36 * index)
        points.append(f"{100 + radius * math.cos(angle):.1f},{76 + radius * math.sin(angle):.1f}")
    size = min(22, 250 // max(len(name), 1))
    svg = SPECIMEN_SEAL.format(red=SEAL_RED, size=size, star=" ".join(points), name=escape(name))
    return svg.encode("utf-8")


WINTER_CAMPAIGN = "冬季根治欠薪专项行动"
WINTER_CAMPAIGN_TEXT = (
    "岁末年初集中排查化解欠薪问题，重点是工程建设领域，确保农民工按时足额拿到工资返乡过年。"
)


def winter_campaign_period(today: date) -> tuple[date, date]:
    """The winter campaign around `today`: 15 November to 15 February (before the Spring
    Festival) when `today` is in that season, else from four weeks ago for twelve weeks."""
    if today.month >= 11 and today >= date(today.year, 11, 15):
        return date(today.year, 11, 15), date(today.year + 1, 2, 15)
    if today.month <= 2 and today <= date(today.year, 2, 15):
        return date(today.year - 1, 11, 15), date(today.year, 2, 15)
    start = today - timedelta(weeks=4)
    return start, start + timedelta(weeks=12)


def ensure_winter_campaign(today: date) -> Campaign:
    """The city-wide winter campaign on wage arrears (reports/campaigns.py reports on it)."""
    first, last = winter_campaign_period(today)
    campaign, _created = Campaign.objects.get_or_create(
        name=WINTER_CAMPAIGN,
        defaults={"starts_on": first, "ends_on": last, "description": WINTER_CAMPAIGN_TEXT},
    )
    return campaign
