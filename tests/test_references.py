"""Every file a docstring or a comment cites exists: a reader who follows
`pipelines/dataset/manifest.py` or `analysis/sql/links.sql` finds it.

A citation is a path-like word ending in a source or documentation extension, in a Python
docstring or comment or an SQL comment. It is looked up from the repository's root and from
the citing file's folder and each folder above it (a module cites its sibling by its name
alone). `../shared/...` is outside the repository, on purpose; paths with
placeholders (`<crawl_id>`, `*`, `{level}`) and URLs name no file of ours.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXTENSIONS = ("py", "sql", "md", "toml", "yaml", "yml", "cfg")
#: A word that ends in one of the extensions, with the characters a path is made of.
CITATION = re.compile(r"[\w./:<>*{}$~-]+\.(?:" + "|".join(EXTENSIONS) + r")(?![\w/])")
OUTSIDE = "../shared/"
PLACEHOLDERS = ("<", "*", "{", "$", "~")
PACKAGES = ("crawler", "pipelines", "analysis", "tests")


def sources() -> list[Path]:
    """The Python and SQL files of the packages, the tests and the build."""
    found = [ROOT / "setup.py"]
    for top in PACKAGES:
        found += sorted(p for p in (ROOT / top).rglob("*")
                        if p.suffix in (".py", ".sql") and "__pycache__" not in p.parts)
    return found


def python_prose(source: str) -> list[tuple[int, str]]:
    """(line, text) of each comment and docstring of a Python module."""
    prose = [(tok.start[0], tok.string) for tok in tokenize.generate_tokens(io.StringIO(source).readline)
             if tok.type == tokenize.COMMENT]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                prose.append((body[0].lineno, body[0].value.value))
    return prose


def sql_prose(source: str) -> list[tuple[int, str]]:
    return [(n, line.split("--", 1)[1]) for n, line in enumerate(source.splitlines(), 1) if "--" in line]


def citations(path: Path) -> list[tuple[int, str]]:
    """(line, path) of each file `path` cites in its docstrings and comments."""
    source = path.read_text(encoding="utf-8")
    prose = python_prose(source) if path.suffix == ".py" else sql_prose(source)
    found = [(line + text.count("\n", 0, match.start()), match.group().rstrip(".:"))
             for line, text in prose for match in CITATION.finditer(text)]
    return [(line, cited) for line, cited in found if "://" not in cited and not cited.startswith("/")
            and not any(p in cited for p in PLACEHOLDERS)]


def exists(cited: str, citing: Path) -> bool:
    if cited.startswith(OUTSIDE):
        return True
    folder = citing.parent
    while True:
        if (folder / cited).exists():
            return True
        if folder == ROOT:
            return False
        folder = folder.parent


def test_the_citation_pattern_finds_paths_and_skips_what_names_no_file():
    text = ("see pipelines/dataset/manifest.py, `build/ranks.sql` and DESIGN.md (../shared/DESIGN.md); "
            "not https://example.com/x.py nor DATA/crawls/<crawl_id>.json or analysis/sql/<question>.sql")
    found = [m.rstrip(".:") for m in CITATION.findall(text)]
    kept = [m for m in found if "://" not in m and not any(p in m for p in PLACEHOLDERS)]
    assert kept == ["pipelines/dataset/manifest.py", "build/ranks.sql", "DESIGN.md", "../shared/DESIGN.md"]
    assert not exists("build/ranks.sql", ROOT / "analysis" / "graph" / "build.py")
    assert exists("traps.py", ROOT / "crawler" / "localweb" / "generator.py")
    assert exists("../shared/DESIGN.md", ROOT / "README.md")


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_cited_in_docstrings_and_comments_exists(path):
    missing = [f"line {line}: {cited}" for line, cited in citations(path) if not exists(cited, path)]
    assert not missing, "; ".join(missing)
