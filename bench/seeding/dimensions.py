"""The wage-arrears dimensions of a case: construction or not, migrant workers, the risk of
a mass incident, the project and its chain of responsibility, the violation categories,
advance payments and the group case; and the rows around them (the employers' industry,
the projects, the campaigns).

Drawn from the seed's one random generator in the order of `CaseWriter.write_case`:
`draw` after the complainants and the claim, `write` after the timeline.
"""

from datetime import date, datetime, timedelta

from bench.seeding.dates import HISTORY_DAYS, local_day
from bench.seeding.load import copy_table
from bench.seeding.rows import (
    AdvanceRow,
    CasePartyRow,
    CaseViolationRow,
    GroupCaseRow,
    ProjectRow,
    RecoveryRow,
)
from bench.words import DISTRICT_STREETS, PLACES
from complaints.normalization import normalize_site
from dispatch import demo_data as demo

# GB/T 4754 section by a word of the employer's name (first match); the rest: none known.
INDUSTRY_WORDS = [
    ("房地产", "K"),
    ("物业", "K"),
    ("建筑", "E"),
    ("建设", "E"),
    ("路桥", "E"),
    ("装饰", "E"),
    ("劳务", "E"),
    ("餐饮", "H"),
    ("酒店", "H"),
    ("餐馆", "H"),
    ("火锅", "H"),
    ("食品", "C"),
    ("电子", "C"),
    ("机械", "C"),
    ("纺织", "C"),
    ("化工", "C"),
    ("物流", "G"),
    ("快递", "G"),
    ("货运", "G"),
    ("商贸", "F"),
    ("超市", "F"),
    ("保安", "L"),
    ("教育", "P"),
    ("服务", "O"),
]
INDUSTRY_SHARE = 0.88  # of employers with their industry recorded
PROJECTS_PER_CASE = 1 / 350  # a few hundred projects per 100,000 cases
PROJECT_WORKS = ["住宅小区", "安置房", "商业综合体", "道路改造工程", "管网工程", "学校教学楼"]
VIOLATIONS_OF = {  # case category -> the categories complained of besides (weighted)
    "wage_arrears": ["unpaid_overtime", "below_minimum_wage", "labor_contract", "social_insurance"],
    "labor_contract": ["labor_contract", "papers_deposits", "working_hours", "labor_dispatch"],
    "social_insurance": ["social_insurance", "labor_contract", "working_hours"],
    "work_injury": ["social_insurance", "labor_contract", "other"],
    "other": ["working_hours", "women_minors", "employment_agency", "other"],
}
ADVANCE_SHARE = 0.01  # of the accepted wage-arrears cases
GROUP_THRESHOLD = 10  # dispatch's default (GroupCaseSetting, seeded by its migration)


def industry_of(name: str, rng) -> str:
    """The employer's GB/T 4754 section read from its name, left empty for some."""
    return industry_words(name) if rng.random() < INDUSTRY_SHARE else ""


class DimensionWriter:
    """The dimensions of each case, with the projects of the run (written before the cases:
    `write_projects`)."""

    def __init__(self, ctx, rng, out, pools, n: int, now: datetime):
        self.ctx, self.rng, self.out, self.now = ctx, rng, out, now
        self.categories = dict(ctx.violation_categories)
        builders = [
            index
            for index, employer in enumerate(pools.employers, start=1)
            if industry_words(employer["name"]) == "E"
        ]
        developers = [
            index
            for index, employer in enumerate(pools.employers, start=1)
            if "房地产" in employer["name"]
        ] or builders
        self.projects = [
            self.draw_project(index, builders, developers)
            for index in range(1, max(20, int(n * PROJECTS_PER_CASE)) + 1)
        ]

    def draw_project(self, index: int, builders: list, developers: list) -> dict:
        rng = self.rng
        district = rng.choice(list(DISTRICT_STREETS))
        street = rng.choice(DISTRICT_STREETS[district])
        name = f"{rng.choice(PLACES)}{rng.choice(PROJECT_WORKS)}{rng.randint(1, 9)}期项目"
        return {
            "id": index,
            "name": name,
            "location": f"宜昌市{street}",
            "code": f"4205{index:08d}" if rng.random() < 0.6 else "",
            "contractor": rng.choice(builders),
            "unit": rng.choice(developers) if rng.random() < 0.4 else None,
        }

    def write_projects(self, cursor) -> int:
        created = self.now - timedelta(days=HISTORY_DAYS + 1)
        rows = [
            ProjectRow(
                id=project["id"],
                name=project["name"],
                normalized_name=normalize_site(project["name"]),
                location=project["location"],
                code=project["code"],
                created_at=created,
            )
            for project in self.projects
        ]
        copy_table(cursor, rows)
        return len(rows)

    # --- drawn before the complainants are written -------------------------------------

    def draw(self, case) -> None:
        """Construction, the migrant workers, the risk and the project."""
        rng = self.rng
        wages = case.category == "wage_arrears"
        if case.kind == "construction":
            case.is_construction = rng.random() < (0.95 if wages else 0.6)
        else:  # renovation and fitting-out work for employers of other trades
            case.is_construction = rng.random() < (0.12 if wages else 0.04)
        migrant_share = 0.9 if case.is_construction else 0.7 if wages else 0.1
        case.migrants = frozenset(
            person.id for person in case.people if rng.random() < migrant_share
        )
        risk = 0.25 if case.size >= GROUP_THRESHOLD else 0.03 if case.size >= 5 else 0.0
        case.mass_incident_risk = wages and rng.random() < risk
        if case.is_construction and rng.random() < 0.8:
            case.project_id = self.projects[int(len(self.projects) * rng.random())]["id"]

    # --- written after the timeline ----------------------------------------------------

    def write(self, case) -> None:
        self.write_parties(case)
        self.write_violations(case)
        wages = case.category == "wage_arrears" and "accept" in case.steps
        if wages and self.rng.random() < ADVANCE_SHARE:
            self.write_advances(case)
        if case.size >= GROUP_THRESHOLD or case.mass_incident_risk:
            self.write_group_case(case)

    def write_parties(self, case) -> None:
        """The project's general contractor and construction unit (sometimes), the case's
        employer as the subcontractor, and often a team leader."""
        rng, parties = self.rng, []
        if case.project_id:
            project = self.projects[case.project_id - 1]
            parties.append(("general_contractor", project["contractor"]))
            if project["unit"] and project["unit"] != project["contractor"]:
                parties.append(("construction_unit", project["unit"]))
            if case.employer_id and case.employer_id != project["contractor"]:
                parties.append(("subcontractor", case.employer_id))
        for role, employer_id in parties:
            self.party(case, role, employer_id=employer_id)
        if case.is_construction and rng.random() < 0.6:
            phone = f"13{rng.randrange(10**9):09d}" if rng.random() < 0.7 else ""
            self.party(case, "team_leader", name=demo.person_name(rng, "M"), phone=phone)

    def party(self, case, role: str, employer_id=None, name: str = "", phone: str = ""):
        row = CasePartyRow(
            id=self.out.new_id(CasePartyRow),
            role=role,
            person_name=name,
            person_phone=phone,
            case_id=case.id,
            employer_id=employer_id,
        )
        self.out.add(row)

    def write_violations(self, case) -> None:
        """1-3 categories complained of (unpaid wages on every wage-arrears case), found on
        most closed cases the inspectors filed."""
        rng = self.rng
        codes = ["wages_unpaid"] if case.category == "wage_arrears" else []
        others = VIOLATIONS_OF.get(case.category, VIOLATIONS_OF["other"])
        for code in rng.sample(others, k=rng.choice([0, 0, 1, 1, 2]) + (not codes)):
            if code not in codes:
                codes.append(code)
        filed = case.status == "closed" and any(kind == "inspection" for kind, _ in case.desks)
        found = filed and "resolve" in case.steps and rng.random() < 0.85
        inspector = self.ctx.inspector_of.get(case.office.pk) or self.ctx.users["inspector"]
        for code in codes:
            self.out.add(
                CaseViolationRow(
                    id=self.out.new_id(CaseViolationRow),
                    complained=True,
                    found=found,
                    found_at=case.steps["resolve"] if found else None,
                    case_id=case.id,
                    found_by_id=inspector.pk if found else None,
                    category_id=self.categories[code],
                )
            )

    def head_of(self, case):
        username = demo.HEAD_OF.get(case.office.code, "depthead")
        return self.ctx.users.get(username) or self.ctx.users["depthead"]

    def write_advances(self, case) -> None:
        """Advances to the first workers owed, approved by the office's head; recovered
        from the employer later on about half the cases."""
        rng, today = self.rng, local_day(self.now)
        head, inspector = self.head_of(case), self.ctx.users["inspector"]
        source = "guarantee_deposit" if case.is_construction and rng.random() < 0.4 else None
        paid_at = case.steps["accept"] + timedelta(days=rng.uniform(1, 20))
        if paid_at >= self.now:
            return
        total = 0
        for person in case.people[: rng.randint(1, 3)]:
            if not person.owed:
                continue
            total += person.owed
            self.out.summary.advances += 1
            self.out.add(
                AdvanceRow(
                    id=self.out.new_id(AdvanceRow),
                    source=source or "emergency_fund",
                    amount=f"{person.owed:.2f}",
                    paid_on=local_day(paid_at),
                    recorded_at=paid_at,
                    approved_by_id=head.pk,
                    complainant_id=person.id,
                    recorded_by_id=inspector.pk,
                )
            )
        recovered_on = local_day(paid_at) + timedelta(days=rng.randint(20, 150))
        if total and rng.random() < 0.5 and recovered_on < today:
            self.write_recovery(case, total * rng.choice([1, 1, 0.6]), recovered_on)

    def write_recovery(self, case, amount: float, recovered_on: date) -> None:
        self.out.add(
            RecoveryRow(
                id=self.out.new_id(RecoveryRow),
                amount=f"{amount:.2f}",
                recovered_on=recovered_on,
                recorded_at=datetime.combine(recovered_on, self.now.timetz()),
                case_id=case.id,
                recorded_by_id=self.ctx.users["inspector"].pk,
            )
        )

    def write_group_case(self, case) -> None:
        """Declared at intake; reported upward by the office's head within two days, but
        for the last days' group cases."""
        declared = case.moment + timedelta(minutes=1)
        reported = declared + timedelta(hours=self.rng.uniform(2, 44))
        if reported >= self.now - timedelta(days=1):
            reported = None
        self.out.summary.group_cases += 1
        self.out.add(
            GroupCaseRow(
                id=self.out.new_id(GroupCaseRow),
                reason="workers" if case.size >= GROUP_THRESHOLD else "risk",
                workers=case.size,
                threshold=GROUP_THRESHOLD,
                declared_at=declared,
                reported_at=reported,
                case_id=case.id,
                reported_by_id=self.head_of(case).pk if reported else None,
            )
        )


def industry_words(name: str) -> str:
    return next((section for word, section in INDUSTRY_WORDS if word in name), "")


def write_campaigns(cursor, today: date, now: datetime) -> int:
    """The winter campaign (根治欠薪冬季专项行动, 15 November to the end of January) of each
    year of the seed's history."""
    history_start = today - timedelta(days=HISTORY_DAYS)
    campaigns = [
        (f"{year}年冬季根治欠薪专项行动", date(year, 11, 15), date(year + 1, 1, 31))
        for year in range(history_start.year, today.year + 1)
        if history_start <= date(year, 11, 15) <= today
    ]
    for name, starts, ends in campaigns:
        cursor.execute(
            "INSERT INTO complaints_campaign (name, starts_on, ends_on, construction_only, "
            "description, created_at) VALUES (%s, %s, %s, false, '', %s)",
            [name, starts, ends, now],
        )
    return len(campaigns)
