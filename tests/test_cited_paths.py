"""Every file the code and the documents cite is in the repository.

A comment that says "see dispatch/calendar.py" or a README line that points to
`docs/decisions/0001-outbox-and-sweep.md` is only useful if the file is there. This test
reads the code and the documents and checks each path they cite.

What is read: every `*.py`, `*.html`, `*.js`, `*.sh` and `*.md` file, `Makefile`,
`pyproject.toml`, `Dockerfile`, `docker-compose.yml`, `.env.example` and `.ci/run`;
not `.venv/`, `var/`, caches, `*.egg-info/`, nor `bench/results/` (recorded outputs of
past runs).

What counts as a cited path, on each line once URLs (`scheme://...`) are removed:

1. A run of path characters (ASCII letters, digits, `_`, `.`, `-`, `/`) that starts with
   one of the repository's top folders and a slash (`complaints/services/intake.py`,
   `tests/faults/`, `.ci/run`). Trailing dots are dropped (a sentence's full stop). It
   must exist as a file or folder. Two allowances:
   - a path cut short by a wildcard or placeholder (`tests/faults/test_*.py`,
     `bench/results/<date>.json`) must match something as a prefix;
   - a name without an extension may name a migration by its number
     (`dispatch/migrations/0012`).
   A `.html` path may also be a Django template name, found under `templates/`.
2. `css/...` and `js/...` paths with an extension: static files, found under `static/`.
3. Any file name ending in `.md`. With folders (`bench/README.md`) it is found from the
   repository's root or from the citing file's folder. A bare name (`README.md`,
   `latest.md`) may also be any Markdown file of that name in the repository.
4. In Markdown files, the target of every link `[text](target)` that is not a URL: found
   from the Markdown file's folder.
5. A `.md` path followed by `#section` (a link or plain text): the section must be a
   heading of that document (GitHub's anchors: lower case, punctuation dropped, spaces
   as hyphens). A bare `#section` link is a heading of the same document.

Not paths: absolute paths (`/etc/postgresql`, `/reports/monthly/`), anything else that
does not start with a top folder (`var/broker`, `$SHOUWEN_VAR_DIR/evidence`,
`<app>/services.py`), dotted module names, and compiled catalogs (`*.mo`, built by
`make install`).

Some documents were never part of this repository and may not be cited at all, in any
folder: the names in OUTSIDE_DOCUMENTS. Their content lives in `docs/`.
"""

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TOP_FOLDERS = (
    ".ci",
    "accounts",
    "bench",
    "complaints",
    "config",
    "dispatch",
    "docs",
    "locale",
    "reports",
    "scripts",
    "static",
    "templates",
    "tests",
)
STATIC_FOLDERS = ("css", "js")
# Written in two parts so that this file does not cite them itself.
OUTSIDE_DOCUMENTS = tuple(
    name + ".md" for name in ("DEADLINES", "DESIGN", "STYLE", "PROCEDURE", "reliability")
)

READ_SUFFIXES = {".py", ".html", ".js", ".sh", ".md"}
READ_NAMES = {"Makefile", "pyproject.toml", "Dockerfile", "docker-compose.yml", ".env.example"}
READ_PATHS = {".ci/run"}
SKIP_FOLDERS = {
    ".git",
    ".venv",
    "var",
    "node_modules",
    "__pycache__",
    "staticfiles",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    ".import_linter_cache",
    ".grimp_cache",
}
SKIP_PATHS = {"bench/results"}

URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+")
TOKEN = re.compile(r"[A-Za-z0-9_./-]+")
ANCHOR = re.compile(r"#([\w-]+)")
MD_LINK = re.compile(r"\]\(([^)\s]+)\)")
CUT_SHORT = set("*<{[?")
MIGRATION_NUMBER = re.compile(r"\d{4}")
MD_NAME = re.compile(r"(?:^|/)[\w.-]*\w\.md$")


@dataclass(frozen=True)
class Citation:
    line: int
    path: str  # as written, trailing dots dropped
    anchor: str = ""  # a `#section` after a .md path
    kind: str = "path"  # "path", "md-link" (relative to the citing file), "outside"
    cut_short: bool = False  # followed by a wildcard or placeholder


def _is_repo_path(token: str) -> bool:
    first, slash, _rest = token.partition("/")
    return bool(slash) and first in TOP_FOLDERS


def _is_static_path(token: str) -> bool:
    first, slash, rest = token.partition("/")
    return bool(slash) and first in STATIC_FOLDERS and "." in rest.rsplit("/", 1)[-1]


def _anchor_after(text: str, end: int) -> str:
    found = ANCHOR.match(text, end)
    return found.group(1) if found else ""


def _markdown_links(number: int, line: str) -> list[Citation]:
    found = []
    for match in MD_LINK.finditer(line):
        target = match.group(1)
        if URL.match(target) or target.startswith("mailto:"):
            continue
        path, _hash, anchor = target.partition("#")
        found.append(Citation(number, path, anchor, kind="md-link"))
    return found


def citations(text: str, *, markdown: bool = False) -> list[Citation]:
    """The paths `text` cites, by the rules in this module's docstring."""
    found = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = URL.sub(" ", raw)
        if markdown:
            found += _markdown_links(number, line)
        for match in TOKEN.finditer(line):
            token = match.group().rstrip(".")
            if not token or token.startswith("/"):
                continue
            name = token.rsplit("/", 1)[-1]
            if name in OUTSIDE_DOCUMENTS:
                found.append(Citation(number, token, kind="outside"))
                continue
            if token.endswith(".mo"):
                continue
            if token.startswith("./"):
                token = token[2:]
            is_md = MD_NAME.search(token) is not None
            if not (_is_repo_path(token) or _is_static_path(token) or is_md):
                continue
            after = match.end()
            cut_short = after < len(line) and line[after] in CUT_SHORT
            anchor = _anchor_after(line, after) if is_md else ""
            found.append(Citation(number, token, anchor, cut_short=cut_short))
    return found


def _slug(heading: str) -> str:
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def headings(path: Path) -> set[str]:
    """The anchors of a Markdown document's headings, as GitHub makes them."""
    anchors, seen, fenced = set(), {}, False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if fenced or not re.match(r"#{1,6} ", line):
            continue
        slug = _slug(line.lstrip("#"))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def _exists(candidate: Path, citation: Citation) -> bool:
    if citation.cut_short:
        return any(candidate.parent.glob(candidate.name + "*"))
    if candidate.exists():
        return True
    name = candidate.name
    return (
        "." not in name
        and MIGRATION_NUMBER.fullmatch(name) is not None
        and any(candidate.parent.glob(name + "_*"))
    )


def _walk(root: Path, *, skip_paths=SKIP_PATHS):
    """Every file under `root`, outside the folders this test skips."""
    for folder, subfolders, names in os.walk(root):
        here = Path(folder)
        subfolders[:] = sorted(
            name
            for name in subfolders
            if name not in SKIP_FOLDERS
            and not name.endswith(".egg-info")
            and (here / name).relative_to(root).as_posix() not in skip_paths
        )
        for name in sorted(names):
            yield here / name


@cache
def _markdown_files(root: Path) -> dict[str, list[Path]]:
    found = {}
    for path in _walk(root, skip_paths=()):  # recorded results are files of the repository
        if path.suffix == ".md":
            found.setdefault(path.name, []).append(path)
    return found


def _candidates(citation: Citation, source: Path, root: Path) -> list[Path]:
    path = citation.path
    if citation.kind == "md-link":
        return [source.parent / path] if path else [source]
    places = [root / path]
    if path.endswith(".html"):
        places.append(root / "templates" / path)
    if _is_static_path(path):
        places.append(root / "static" / path)
    if path.endswith(".md"):
        places.append(source.parent / path)
        if "/" not in path:
            places += _markdown_files(root).get(path, [])
    return places


def _problem(citation: Citation, source: Path, root: Path) -> str | None:
    """What is wrong with one citation, or None."""
    if citation.kind == "outside":
        return f"cites {citation.path}, a document outside this repository"
    places = _candidates(citation, source, root)
    target = next((place for place in places if _exists(place, citation)), None)
    if target is None:
        return f"cites missing path {citation.path}"
    if not (citation.anchor and target.suffix == ".md" and target.is_file()):
        return None
    if citation.anchor in headings(target):
        return None
    return f"cites missing section {citation.path}#{citation.anchor}"


def problems_of(source: Path, root: Path) -> list[str]:
    """'file:line cites ...' for each citation in `source` that does not hold."""
    text = source.read_text(encoding="utf-8", errors="replace")
    where = source.relative_to(root)
    found = []
    for citation in citations(text, markdown=source.suffix == ".md"):
        problem = _problem(citation, source, root)
        if problem is not None:
            found.append(f"{where}:{citation.line} {problem}")
    return found


def files_to_read(root: Path) -> list[Path]:
    """The code and documents whose citations are checked."""
    return [
        path
        for path in _walk(root)
        if path.suffix in READ_SUFFIXES
        or path.name in READ_NAMES
        or path.relative_to(root).as_posix() in READ_PATHS
    ]


# --- The matcher itself, on made-up text ---------------------------------------------------

# Made-up paths are joined at run time, so that this file cites none of them.
MISSING_PY = "complaints/" + "no_such_module.py"
OUTSIDE = OUTSIDE_DOCUMENTS[0]


def paths(text: str, **options) -> list[str]:
    return [citation.path for citation in citations(text, **options)]


def test_what_counts_as_a_cited_path():
    assert paths("see " + "complaints/services/" + "intake.py.") == [
        "complaints/services/intake.py"
    ]
    assert paths("`" + "tests/faults/" + "test_redis_outages.py::test_x`") == [
        "tests/faults/test_redis_outages.py"
    ]
    assert paths("bench/" + "README.md " + '"Gaps"; ' + "README" + ".md") == [
        "bench/README.md",
        "README.md",
    ]
    assert paths("{% static 'js/" + "intake.js' %}") == ["js/intake.js"]
    # URLs, absolute paths, runtime files, placeholders and module names are not cited paths.
    not_paths = (
        "http://example.com/complaints" + "/x.py",
        "/etc/" + "postgresql and /reports/" + "monthly/",
        "var/" + "broker, $SHOUWEN_VAR_DIR/" + "evidence",
        "<app>/" + "services.py",
        "complaints." + "selectors.among",
        "locale/zh_Hans/LC_MESSAGES/" + "django.mo",
    )
    for text in not_paths:
        assert paths(text) == [], text


def test_outside_documents_are_flagged_in_any_folder():
    found = citations("see reference/" + OUTSIDE_DOCUMENTS[-1] + " and " + OUTSIDE)
    assert [(c.path, c.kind) for c in found] == [
        ("reference/" + OUTSIDE_DOCUMENTS[-1], "outside"),
        (OUTSIDE, "outside"),
    ]


def test_sections_and_markdown_links_are_read():
    record = "decisions/" + "0001-outbox" + ".md"
    other = "docs/" + "x" + ".md"
    found = citations(f"[a]({record}#context) and {other}#counting-rules", markdown=True)
    assert [(c.path, c.anchor, c.kind) for c in found] == [
        (record, "context", "md-link"),
        (record, "context", "path"),
        (other, "counting-rules", "path"),
    ]
    assert citations("[b](#counting-rules)", markdown=True) == [
        Citation(1, "", "counting-rules", kind="md-link")
    ]


def test_the_check_reports_file_line_and_what_is_missing(tmp_path):
    (tmp_path / "complaints").mkdir()
    (tmp_path / "complaints" / "real.py").write_text("")
    (tmp_path / "complaints" / "migrations").mkdir()
    (tmp_path / "complaints" / "migrations" / "0007_search.py").write_text("")
    (tmp_path / "templates" / "complaints").mkdir(parents=True)
    (tmp_path / "templates" / "complaints" / "page.html").write_text("")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / ("rules" + ".md")).write_text("# Rules\n\n## Counting rules\n")
    source = tmp_path / "complaints" / "cites.py"
    source.write_text(
        "\n".join(
            [
                "# complaints/" + "real.py and complaints/" + "page.html",
                "# complaints/migrations/" + "0007 and tests/" + "*.py",
                "# " + MISSING_PY,
                "# docs/" + "rules" + ".md#counting-rules, docs/" + "rules" + ".md#chasing",
                "# " + OUTSIDE + ' "Counting rules"',
                "# tests/" + "README",
            ]
        )
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_a.py").write_text("")
    where = "complaints/" + "cites.py"
    assert problems_of(source, tmp_path) == [
        f"{where}:3 cites missing path {MISSING_PY}",
        f"{where}:4 cites missing section docs/" + "rules" + ".md#chasing",
        f"{where}:5 cites {OUTSIDE}, a document outside this repository",
        f"{where}:6 cites missing path tests/" + "README",
    ]


def test_headings_become_github_anchors(tmp_path):
    document = tmp_path / ("d" + ".md")
    document.write_text(
        "# 0001: The outbox\n## Each app's rooms\n```\n# not a heading\n```\n## Notes\n## Notes\n"
    )
    assert headings(document) == {"0001-the-outbox", "each-apps-rooms", "notes", "notes-1"}


# --- The repository ---------------------------------------------------------------------------


def test_every_cited_path_exists():
    found = [problem for path in files_to_read(ROOT) for problem in problems_of(path, ROOT)]
    assert found == [], "\n" + "\n".join(found)
