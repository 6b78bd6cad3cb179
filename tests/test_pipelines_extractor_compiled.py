"""The extractor runs compiled (mypyc, setup.py) and from its current source.

A compiled module is an extension beside its `.py`, and Python imports the extension first:
one left over from before an edit would run the old code. `make test` rebuilds them when the
source changes; this test says so when they are missing or older than their source.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COMPILED = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["backlinks"]["compiled"]


@pytest.mark.parametrize("source", COMPILED)
def test_the_module_is_compiled_from_its_current_source(source):
    name = source.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    module = importlib.import_module(name)
    loaded = Path(module.__file__)
    assert loaded.name.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)), (
        f"{name} runs as plain Python ({loaded.name}): run `make compile` (needs mypy and a C compiler)")
    assert loaded.stat().st_mtime >= (ROOT / source).stat().st_mtime, (
        f"{loaded.name} is older than {source}: run `make compile`")
