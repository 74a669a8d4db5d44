"""Seeded texts in the installation's language: a Chinese installation gets Chinese ones.

0002, 0004 and 0006 seeded English routing-rule names ("Wage arrears to labor
inspection"), statutory citations written "若干规定 Art. 18" and chinesecalendar's English
holiday names ("Spring Festival"); a clerk of a Chinese installation saw them on the case
page (why a desk has the case, the limit's legal basis), in the routing rules and in the
calendar. For an installation whose settings.LANGUAGE_CODE is Chinese they are rewritten
here, each row only while it still holds the seeded text (what an administrator changed
stays), and the referrals' stored reason "rule:<name>" follows its rule's new name. An
English installation keeps the texts as seeded. Reversible: the same tables backwards.

Frozen copies: migrations must not import code that changes later.
"""

from django.conf import settings
from django.db import migrations

# Seeded name -> Chinese name; keywords as seeded -> keywords for a Chinese installation
# (the English keyword matched English descriptions, which a Chinese bureau does not get).
RULE_NAMES = {
    "Wage arrears to labor inspection": "拖欠工资：转劳动保障监察",
    "Labor contract to labor inspection": "劳动合同：转劳动保障监察",
    "Social insurance to the social insurance desk": "社会保险：转社会保险",
    "Work injury to work injury and legal aid": "工伤：转工伤认定和法律援助",
    "Arbitration requests to arbitration": "仲裁申请：转劳动人事争议仲裁",
    "Legal aid requests to legal aid": "法律援助申请：转法律援助",
    "Everything else to labor inspection": "其他事项：转劳动保障监察",
}
RULE_KEYWORDS = {
    "仲裁,arbitration": "仲裁",
    "法律援助,legal aid": "法律援助",
}
# Citations as seeded -> as a Chinese document writes them (《法规名》第十八条).
BASES = {
    "关于实施《劳动保障监察条例》若干规定 Art. 18":
        "《关于实施〈劳动保障监察条例〉若干规定》第十八条",
    "劳动保障监察条例 Art. 17": "《劳动保障监察条例》第十七条",
    "劳动保障监察条例 Art. 26": "《劳动保障监察条例》第二十六条",
    "劳动争议调解仲裁法 Art. 29": "《劳动争议调解仲裁法》第二十九条",
    "劳动争议调解仲裁法 Art. 43": "《劳动争议调解仲裁法》第四十三条",
    "工伤认定办法 Art. 8": "《工伤认定办法》第八条",
    "工伤保险条例 Art. 20": "《工伤保险条例》第二十条",
    "法律援助法 Art. 43": "《法律援助法》第四十三条",
    "劳动保障监察条例, 社会保险法": "《劳动保障监察条例》《社会保险法》",
    "行政处罚法 Arts. 61, 85": "《行政处罚法》第六十一条、第八十五条",
    "国务院令310 Art. 5": "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）第五条",
}  # fmt: skip
# chinesecalendar's names (and 0002's own for 2026) -> the names of the State Council's notices.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
SOURCES = {"State Council notice 2025": "国务院办公厅通知（国办发明电〔2025〕7号）"}


def _chinese_installation() -> bool:
    return settings.LANGUAGE_CODE.lower().startswith("zh")


def _rewrite(apps, forward: bool) -> None:
    def pairs(table: dict) -> list[tuple[str, str]]:
        return list(table.items()) if forward else [(new, old) for old, new in table.items()]

    RoutingRule = apps.get_model("dispatch", "RoutingRule")
    Referral = apps.get_model("dispatch", "Referral")
    DeadlinePolicy = apps.get_model("dispatch", "DeadlinePolicy")
    Holiday = apps.get_model("dispatch", "Holiday")
    CalendarYear = apps.get_model("dispatch", "CalendarYear")
    for old, new in pairs(RULE_NAMES):
        rules = RoutingRule.objects.filter(name=old)
        Referral.objects.filter(rule__in=rules, reason=f"rule:{old}").update(reason=f"rule:{new}")
        rules.update(name=new)
    for old, new in pairs(RULE_KEYWORDS):
        RoutingRule.objects.filter(keywords=old).update(keywords=new)
    for old, new in pairs(BASES):
        DeadlinePolicy.objects.filter(basis=old).update(basis=new)
    for old, new in pairs(HOLIDAY_NAMES):
        Holiday.objects.filter(name=old).update(name=new)
    for old, new in pairs(SOURCES):
        Holiday.objects.filter(source=old).update(source=new)
        CalendarYear.objects.filter(source=old).update(source=new)


def to_installation_language(apps, schema_editor):
    if _chinese_installation():
        _rewrite(apps, forward=True)


def back_to_seeded(apps, schema_editor):
    if _chinese_installation():
        _rewrite(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [("dispatch", "0011_referral_open_next_due_index")]

    operations = [migrations.RunPython(to_installation_language, back_to_seeded)]
