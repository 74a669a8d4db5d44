"""The Simplified Chinese catalog ships complete, correct and compiled.

1. Every entry of locale/zh_Hans/LC_MESSAGES/django.po is translated, none is fuzzy, and
   each translation keeps exactly the placeholders of its source string.
2. No user-facing string in the code is missing from it: makemessages is run on a copy of
   the sources and every message it finds must be translated in the shipped catalog.
3. Django really uses it: the compiled .mo answers gettext in zh-hans.
"""

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = BASE_DIR / "locale"
PO_PATH = LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
# The directories whose strings ship (DEVELOPERS.md, "Project layout").
SOURCE_DIRS = ("accounts", "complaints", "dispatch", "config", "templates")

# printf-style placeholders: %(name)s, %s, %d, %(count)d, %.2f ... ("%%" is removed first).
# No space flag, so the "% o" of "50% off" is not taken for a placeholder.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0+-]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa]")
CJK = re.compile(r"[\u3400-\u9fff]")


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text.replace("%%", "")))


def label(entry: polib.POEntry) -> str:
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return f"{context}{entry.msgid!r}"


def live_entries(catalog: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in catalog if not entry.obsolete]


def translations_of(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


@pytest.fixture(scope="session")
def catalog() -> polib.POFile:
    assert PO_PATH.is_file(), f"{PO_PATH} is missing: run makemessages (DEVELOPERS.md)"
    return polib.pofile(str(PO_PATH))


# --- 1. The shipped catalog ------------------------------------------------------------


def test_catalog_header(catalog):
    # polib keeps the header's flags as a list (["fuzzy"]) when it reads a file.
    flags = catalog.metadata_is_fuzzy
    fuzzy = "fuzzy" in flags if isinstance(flags, list) else bool(flags)
    assert not fuzzy, "the header is still marked fuzzy"
    assert catalog.metadata.get("Language") == "zh_Hans"
    assert "charset=UTF-8" in catalog.metadata.get("Content-Type", "")
    plural_forms = catalog.metadata.get("Plural-Forms", "").replace(" ", "")
    assert plural_forms.startswith("nplurals=1;plural=0"), plural_forms


def test_catalog_is_complete(catalog):
    untranslated = [
        label(entry)
        for entry in live_entries(catalog)
        if not all(text.strip() for text in translations_of(entry))
    ]
    assert not untranslated, f"{len(untranslated)} untranslated entries:\n" + "\n".join(
        untranslated
    )


def test_catalog_has_no_fuzzy_entry(catalog):
    fuzzy = [label(entry) for entry in live_entries(catalog) if "fuzzy" in entry.flags]
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries (check, then drop the flag):\n" + "\n".join(
        fuzzy
    )


def test_plural_entries_have_one_form(catalog):
    """Chinese has one plural form: msgstr[0] and nothing else (nplurals=1)."""
    wrong = [
        label(entry)
        for entry in live_entries(catalog)
        if entry.msgid_plural and sorted(entry.msgstr_plural) != [0]
    ]
    assert not wrong, "plural entries need exactly msgstr[0]:\n" + "\n".join(wrong)


def test_translations_keep_the_placeholders(catalog):
    mismatched = []
    for entry in live_entries(catalog):
        if entry.msgid_plural:
            source, target = entry.msgid_plural, entry.msgstr_plural.get(0, "")
        else:
            source, target = entry.msgid, entry.msgstr
        if target and placeholders(source) != placeholders(target):
            mismatched.append(
                f"{label(entry)}: {sorted(placeholders(source).elements())} "
                f"!= {sorted(placeholders(target).elements())} in {target!r}"
            )
    assert not mismatched, "placeholders differ:\n" + "\n".join(mismatched)


def test_placeholder_pattern():
    assert placeholders("%(count)s of %(total)d, %s and %.2f; 100%% done") == Counter(
        ["%(count)s", "%(total)d", "%s", "%.2f"]
    )
    assert placeholders("50% off") == Counter()


# --- 2. Nothing user-facing is missing from the catalog -------------------------------


@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="xgettext (GNU gettext, Debian package gettext) is not installed: "
    "makemessages cannot extract the source strings",
)
def test_every_source_message_is_translated(tmp_path, catalog):
    for name in SOURCE_DIRS:
        if (BASE_DIR / name).is_dir():
            shutil.copytree(
                BASE_DIR / name,
                tmp_path / name,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
            )
    (tmp_path / "locale").mkdir()
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "zh_Hans", "--no-location"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"
    extracted = polib.pofile(str(tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))

    shipped = {(entry.msgctxt, entry.msgid): entry for entry in live_entries(catalog)}
    missing, untranslated = [], []
    for entry in live_entries(extracted):
        if not entry.msgid:
            continue
        found = shipped.get((entry.msgctxt, entry.msgid))
        if found is None:
            missing.append(label(entry))
        elif not all(text.strip() for text in translations_of(found)):
            untranslated.append(label(entry))
    assert len(live_entries(extracted)) > 100, "makemessages found suspiciously few strings"
    assert not missing and not untranslated, (
        f"{len(missing)} source strings are not in {PO_PATH.relative_to(BASE_DIR)} and "
        f"{len(untranslated)} are there untranslated. Run makemessages and translate them "
        "(DEVELOPERS.md, Translations).\nMissing:\n"
        + "\n".join(missing)
        + "\nUntranslated:\n"
        + "\n".join(untranslated)
    )


# --- 3. The compiled catalog is what Django uses ----------------------------------------


@pytest.fixture(scope="session")
def compiled_catalog(catalog) -> Path:
    """The .mo that `make install` compiles; compiled here only if missing or stale."""
    if not MO_PATH.exists() or MO_PATH.stat().st_mtime < PO_PATH.stat().st_mtime:
        # Write beside and rename: parallel test workers never see a half-written file.
        partial = MO_PATH.with_name(f"{MO_PATH.name}.{os.getpid()}.tmp")
        catalog.save_as_mofile(str(partial))
        os.replace(partial, MO_PATH)
        # Forget catalogs Django may have loaded before the .mo existed.
        trans_real._translations = {}
        trans_real._default = None
    return MO_PATH


def test_django_translates_to_chinese(compiled_catalog):
    with translation.override("zh-hans"):
        cases = translation.gettext("Cases")
        counted = translation.ngettext("%(counter)s case", "%(counter)s cases", 3) % {"counter": 3}
    assert cases != "Cases" and CJK.search(cases), (
        f"gettext('Cases') in zh-hans gave {cases!r}; catalog {compiled_catalog} "
        f"exists={compiled_catalog.exists()}, LOCALE_PATHS={settings.LOCALE_PATHS}"
    )
    assert CJK.search(counted) and "3" in counted, counted


def test_english_stays_english(compiled_catalog):
    with translation.override("en"):
        assert translation.gettext("Cases") == "Cases"
