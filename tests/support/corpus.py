"""Where the shared corpus is (../shared/corpus: real pages, WARC files and public test
vectors nobody here wrote), and how a test that reads it steps aside where it is absent.

CI has the corpus; a fresh clone elsewhere may not. A test that needs it is skipped with
`ABSENT` as its reason (the `requires_corpus` mark, or `need_corpus()` at run time), and
tests/conftest.py reports all of them in one summary line instead of one line each.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
#: The skip reason of every test that needs the corpus (conftest.py counts them by it).
ABSENT = "the shared corpus is absent"

requires_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=ABSENT)


def need_corpus(*parts: str) -> Path:
    """The corpus path `parts`; skips the calling test where it is absent."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(ABSENT)
    return path
