"""The README documents what the code has: every command (generated reference), every signal
of the audit (generated table), every column of both tables, every backlinks setting."""

from __future__ import annotations

import re
from pathlib import Path

from analysis.audit import reference as signals_reference
from analysis.value import reference as value_reference
from crawler.cli import reference
from pipelines.dataset import schema

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_command_reference_matches_the_commands():
    start, end = README.index(reference.BEGIN), README.index(reference.END) + len(reference.END)
    assert README[start:end] == reference.markdown(), "run: python -m crawler.cli.reference"


def test_the_table_of_signals_matches_the_signals():
    start = README.index(signals_reference.BEGIN)
    end = README.index(signals_reference.END) + len(signals_reference.END)
    assert README[start:end] == signals_reference.markdown(), "run: python -m analysis.audit.reference"


def test_the_table_of_link_value_settings_matches_the_settings():
    start = README.index(value_reference.BEGIN)
    end = README.index(value_reference.END) + len(value_reference.END)
    assert README[start:end] == value_reference.markdown(), "run: python -m analysis.value.reference"
    from dataclasses import fields

    from analysis.value.settings import ValueSettings

    assert [f.name for f in fields(ValueSettings) if f"| `{f.name}` |" not in README[start:end]] == []


def test_every_column_of_the_datasets_is_documented():
    documented = set(re.findall(r"`([a-z_0-9]+)`", README))
    for table in (schema.LINKS, schema.PAGES, schema.ROBOTS):
        missing = [name for name in table.names if name not in documented]
        assert missing == []


def test_every_backlinks_setting_is_documented():
    settings = Path(__file__).resolve().parents[1] / "crawler" / "settings.py"
    names = set(re.findall(r"^(BACKLINKS_[A-Z_]+)", settings.read_text(), re.M))
    internal = {"BACKLINKS_PROGRESS", "BACKLINKS_PROGRESS_INTERVAL", "BACKLINKS_DATA_DIR",
                "BACKLINKS_CRAWL_ID"}
    missing = sorted(n for n in names - internal if n not in README)
    assert missing == []
