"""Word pools for the bench seed: Chinese employers, people, texts; built once per seed.

The seed draws from these pools instead of composing every value, so a million cases
stay fast. The demo's word lists (dispatch/demo_data.py) are reused;
employer names are composed (place + trade name + industry + legal form) so a big seed
has tens of thousands of distinct employers for the substring search to dig through.
Every text is free of tabs, newlines and backslashes: it goes into COPY as it is.
"""

import random

from complaints.normalization import normalize_employer_name, normalize_site
from dispatch import demo_data as demo

PLACES = [
    "宜昌",
    "西陵",
    "伍家岗",
    "夷陵",
    "点军",
    "猇亭",
    "枝江",
    "当阳",
    "宜都",
    "远安",
    "兴山",
    "秭归",
    "长阳",
    "五峰",
    "三峡",
    "峡江",
    "楚天",
    "荆楚",
    "鄂西",
    "清江",
]
# Characters of trade names (字号), paired at random: 恒达, 鑫源, 长盛, ...
TRADE_CHARS = list(
    "恒达鑫源长盛宏图华瑞金顺通泰丰安康联创博远天成兴隆嘉祥永利新宇鼎福佳和"
    "中建誉诚信凯旋铭辉汇众腾飞盈东方正锦程"
)
INDUSTRIES = [
    ("建筑工程", "construction"),
    ("建筑劳务", "construction"),
    ("建设工程", "construction"),
    ("路桥工程", "construction"),
    ("装饰工程", "construction"),
    ("房地产开发", "construction"),
    ("餐饮管理", "restaurant"),
    ("酒店管理", "restaurant"),
    ("食品加工", "factory"),
    ("电子科技", "factory"),
    ("机械制造", "factory"),
    ("纺织服装", "factory"),
    ("化工", "factory"),
    ("物流", "logistics"),
    ("快递服务", "logistics"),
    ("货运代理", "logistics"),
    ("物业服务", "service"),
    ("保安服务", "service"),
    ("商贸", "service"),
    ("教育培训", "service"),
]
LEGAL_FORMS = ["有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司", "厂", "店"]
DISTRICT_STREETS = {
    "xiling": [
        "西陵区东山大道",
        "西陵区夷陵大道",
        "西陵区解放路",
        "西陵区胜利四路",
        "西陵区学院街",
    ],
    "wujiagang": ["伍家岗区中南路", "伍家岗区伍临路", "伍家岗区桔城路", "伍家岗区花艳路"],
    "yiling": ["夷陵区发展大道", "夷陵区东湖大道", "夷陵区小溪塔街道", "夷陵区夷兴大道"],
}
NOTE_TEXTS = demo.NOTES + demo.ACCEPT_NOTES[:2] + demo.RESOLVE_NOTES[:3]


class Pools:
    """Deterministic pools for one seed: employers, names, ID numbers, descriptions."""

    def __init__(self, rng: random.Random, employer_count: int):
        self.rng = rng
        self.names = {sex: [demo.person_name(rng, sex) for _ in range(4000)] for sex in "MF"}
        self.id_numbers = {sex: [demo.id_number(rng, sex) for _ in range(6000)] for sex in "MF"}
        self.employers = self._employers(employer_count)
        self.sites = {
            kind: [(site, normalize_site(site)) for site in values["sites"]]
            for kind, values in demo.KINDS.items()
        }
        self.descriptions = self._descriptions()

    def _employers(self, count: int) -> list[dict]:
        """`count` distinct employers: the demo's 21 first, then composed names."""
        rng, seen, employers = self.rng, set(), []
        for name, kind, address, legal, phone in demo.EMPLOYERS:
            seen.add(name)
            employers.append(self._employer(name, kind, f"宜昌市{address}", legal, phone))
        while len(employers) < count:
            industry, kind = rng.choice(INDUSTRIES)
            trade = rng.choice(TRADE_CHARS) + rng.choice(TRADE_CHARS)
            if rng.random() < 0.3:
                trade += rng.choice(TRADE_CHARS)
            name = f"{rng.choice(PLACES)}{trade}{industry}{rng.choice(LEGAL_FORMS)}"
            if name in seen:
                continue
            seen.add(name)
            district = rng.choice(list(DISTRICT_STREETS))
            street = rng.choice(DISTRICT_STREETS[district])
            address = f"宜昌市{street}{rng.randint(1, 300)}号" if rng.random() < 0.6 else ""
            legal = demo.person_name(rng, "M") if rng.random() < 0.4 else ""
            phone = f"0717-{rng.randint(6000000, 7999999)}" if rng.random() < 0.2 else ""
            employers.append(self._employer(name, kind, address, legal, phone))
        return employers

    def _employer(self, name, kind, address, legal, phone) -> dict:
        has_code = self.rng.random() < 0.5
        individual = not name.endswith("公司")
        return {
            "name": name,
            "normalized": normalize_employer_name(name),
            "credit_code": demo.credit_code(name, individual) if has_code else "",
            "address": address,
            "legal": legal,
            "phone": phone,
            "kind": kind,
            "district": next(
                (
                    code
                    for code, streets in DISTRICT_STREETS.items()
                    if any(street[:3] in address for street in streets)
                ),
                None,
            ),
        }

    def _descriptions(self) -> dict:
        """A few hundred filled-in descriptions per (category, group?) to draw from."""
        rng, pool = self.rng, {}
        for category, templates in demo.DESCRIPTIONS.items():
            for group in (False, True):
                texts = []
                for _ in range(200):
                    employer = rng.choice(self.employers)
                    kind = employer["kind"]
                    values = {
                        "employer": employer["name"],
                        "site": rng.choice(demo.KINDS[kind]["sites"]),
                        "trade": rng.choice(demo.KINDS[kind]["trades"]),
                        "months": rng.randint(1, 8),
                        "amount": f"{rng.randrange(3, 400) * 1000:,}",
                        "contractor": rng.choice(demo.CONTRACTORS),
                        "count": rng.randint(2, 40) if group else 1,
                    }
                    if group and category == "wage_arrears" and kind == "construction":
                        texts.append(demo.GROUP_WAGE.format(**values))
                    else:
                        text = rng.choice(templates).format(**values)
                        texts.append(f"{values['count']}名职工共同反映：{text}" if group else text)
                pool[(category, group)] = texts
        return pool


def check_copy_safe(*texts: str) -> None:
    """COPY's text format needs no escaping for these; fail loudly if a pool changes."""
    for text in texts:
        if any(char in text for char in "\t\n\r\\"):
            raise ValueError(f"text not safe for COPY: {text!r}")
