"""Static files with hashed names, that still work before ``collectstatic`` has run.

Why not strict: tests and a first ``naql serve`` would fail on a missing manifest entry;
falling back to the plain name costs only cache-busting until ``collectstatic`` runs.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files; unhashed names when the manifest is absent."""

    manifest_strict = False
