"""The violation categories the bureau's returns count (an administrator may add more)."""

from django.db import migrations

CATEGORIES = [
    ("wages_unpaid", "Unpaid or docked wages", "拖欠或克扣工资"),
    ("below_minimum_wage", "Pay below the minimum wage", "低于当地最低工资标准支付工资"),
    ("unpaid_overtime", "Unpaid overtime", "未支付加班工资"),
    ("labor_contract", "Labor contract", "劳动合同"),
    ("working_hours", "Working hours and rest", "工作时间和休息休假"),
    ("social_insurance", "Social insurance", "社会保险"),
    ("women_minors", "Protection of women workers and minors", "女职工和未成年工特殊劳动保护"),
    ("child_labor", "Child labor", "使用童工"),
    ("papers_deposits", "Confiscated papers or deposits", "扣押证件或收取押金"),
    ("labor_dispatch", "Labor dispatch", "劳务派遣"),
    ("employment_agency", "Employment agencies", "职业中介"),
    ("other", "Other", "其他"),
]


def seed(apps, schema_editor):
    category = apps.get_model("complaints", "ViolationCategory")
    for position, (code, name_en, name_zh) in enumerate(CATEGORIES, start=1):
        category.objects.update_or_create(
            code=code,
            defaults={"name_en": name_en, "name_zh": name_zh, "ordering": position * 10},
        )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0022_wage_arrears_chain")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
