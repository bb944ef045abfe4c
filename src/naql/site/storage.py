"""Static files with hashed names, that still work before ``collectstatic`` has run.

Why not strict: tests and a first ``naql serve`` would fail on a file that is not collected
yet; falling back to the plain name (which whitenoise serves from the app folders, as
``WHITENOISE_USE_FINDERS`` is on) costs only cache-busting until ``collectstatic`` runs.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage  # type: ignore[import-untyped]


class StaticStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    """Hashed, compressed static files; unhashed names when a file is not collected yet."""

    manifest_strict = False

    def stored_name(self, name: str) -> str:
        """The hashed name from the manifest, or ``name`` itself before collection."""
        try:
            return str(super().stored_name(name))
        except ValueError:
            return name
