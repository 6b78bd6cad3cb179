"""Putting an imported source in place: written whole in a temporary directory, then renamed
over the previous import, so that a failed import leaves the previous one as it was."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pipelines.dataset.location import fsync_dir


def replace_dir(tmp: Path, final: Path) -> None:
    """Put the complete directory `tmp` in place of `final` (if any) by renames."""
    old = final.parent / f".{final.name}.old-{os.getpid()}"
    if final.exists():
        final.rename(old)
    tmp.rename(final)
    fsync_dir(final.parent)
    shutil.rmtree(old, ignore_errors=True)
