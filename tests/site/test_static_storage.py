"""collectstatic compresses a static file again only when its compressed copies are stale."""

from __future__ import annotations

import os
from pathlib import Path

from naql.site.storage import StaticStorage

CSS = "body { color: #123456; margin: 0 auto; }\n" * 200


def _compressed(storage: StaticStorage, *names: str) -> set[str]:
    return {copy for _, copy in storage.compress_files(list(names))}


def test_current_copies_are_kept_and_stale_or_missing_ones_made_again(tmp_path: Path) -> None:
    (tmp_path / "site.css").write_text(CSS)
    storage = StaticStorage(location=str(tmp_path))
    assert _compressed(storage, "site.css") == {"site.css.gz", "site.css.br"}
    assert _compressed(storage, "site.css") == set()  # nothing changed: nothing redone

    later = os.stat(tmp_path / "site.css.br").st_mtime_ns + 10**9
    os.utime(tmp_path / "site.css", ns=(later, later))  # copied anew by collectstatic
    assert _compressed(storage, "site.css") == {"site.css.gz", "site.css.br"}

    (tmp_path / "site.css.gz").unlink()
    assert _compressed(storage, "site.css") == {"site.css.gz", "site.css.br"}


def test_a_file_named_by_its_hash_keeps_its_copies_when_rewritten(tmp_path: Path) -> None:
    (tmp_path / "site.0123456789ab.css").write_text(CSS)
    storage = StaticStorage(location=str(tmp_path))
    storage.hashed_files = {"site.css": "site.0123456789ab.css"}
    assert len(_compressed(storage, "site.0123456789ab.css")) == 2
    later = os.stat(tmp_path / "site.0123456789ab.css.br").st_mtime_ns + 10**9
    os.utime(tmp_path / "site.0123456789ab.css", ns=(later, later))  # the same bytes rewritten
    assert _compressed(storage, "site.0123456789ab.css") == set()
