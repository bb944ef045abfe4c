"""Static files with hashed names, that still work before ``collectstatic`` has run.

Why not strict: tests and a first ``naql serve`` would fail on a file that is not collected
yet; falling back to the plain name (which whitenoise serves from the app folders, as
``WHITENOISE_USE_FINDERS`` is on) costs only cache-busting until ``collectstatic`` runs.
"""

import os
from collections.abc import Iterable, Iterator

from whitenoise.storage import CompressedManifestStaticFilesStorage  # type: ignore[import-untyped]

_COMPRESSED = (".gz", ".br")
_STAMP_ROUNDING_NS = 1_000_000


class StaticStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    """Hashed, compressed static files; unhashed names when a file is not collected yet."""

    manifest_strict = False

    def stored_name(self, name: str) -> str:
        """The hashed name from the manifest, or ``name`` itself before collection."""
        try:
            return str(super().stored_name(name))
        except ValueError:
            return name

    def compress_files(self, paths: Iterable[str]) -> Iterator[tuple[str, str]]:
        """Compress the files whose gzip and brotli copies are not already there and current.

        Why: whitenoise compresses every file again at every ``collectstatic``, which
        ``naql run`` and ``naql serve`` do at each start: ~7.5 s of CPU (brotli at its highest
        quality) to write the same bytes again. A copy is current when the file's name holds
        its content's hash (collectstatic rewrites such CSS and JS files every time, with the
        same bytes) or when it bears the file's own mtime (whitenoise stamps it so; a file
        collectstatic copies anew is newer). A file whitenoise left with one copy (the other
        did not shrink it) is compressed again, as before."""
        hashed = set(self.hashed_files.values())
        stale = [p for p in paths if not self._copies_current(p, p in hashed)]
        yield from super().compress_files(stale)

    def _copies_current(self, name: str, hashed: bool) -> bool:
        path = self.path(name)
        try:
            made = os.stat(path).st_mtime_ns
            copies = [os.stat(path + ext).st_mtime_ns for ext in _COMPRESSED]
        except OSError:  # the file or a copy is missing
            return False
        # whitenoise stamps a copy with its file's mtime, through a float: allow its rounding.
        return hashed or min(copies) >= made - _STAMP_ROUNDING_NS
