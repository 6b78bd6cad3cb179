"""Build: the link extractor's modules compiled by mypyc, from their own Python source.

The extractor runs once per page of every crawl and ingest, and most of its time is Python's
own work around the parser (per link: its placement, its context window, its row). mypyc
compiles exactly these modules, unchanged and type-checked, into C extensions: same source,
same behaviour, about a fifth less time per page (README, "Performance"). Everything else
in `pyproject.toml`.

Without mypy or a C compiler, or with BACKLINKS_PURE_PYTHON=1 in the environment, the modules
stay plain Python and behave the same, only slower; the extensions are optional
(setuptools warns and goes on when one cannot be built). The list of modules is
`[tool.backlinks] compiled` in pyproject.toml, which a test reads too.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent


def compiled_modules() -> list[str]:
    return tomllib.loads((HERE / "pyproject.toml").read_text())["tool"]["backlinks"]["compiled"]


def extensions() -> list:
    if os.environ.get("BACKLINKS_PURE_PYTHON"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("backlinks: mypy not installed, the extractor stays plain Python")
        return []
    modules = mypycify(["--ignore-missing-imports", *compiled_modules()], opt_level="3")
    for module in modules:
        module.optional = True
    return modules


setup(ext_modules=extensions())
