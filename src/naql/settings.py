"""naql's one settings module, and the only code that reads the environment.

Every setting below has a default and a line of help in ``SETTINGS_HELP``; a test checks that
each one is documented in the README. Values come from ``NAQL_*`` variables (and
``DATABASE_URL``) so that one process, a container or a systemd unit configure it alike.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SETTINGS_HELP: dict[str, str] = {
    "NAQL_HOME": "data folder: the SQLite database, the generated secret key, logs (default ./.naql)",
    "DATABASE_URL": "PostgreSQL URL (postgres://user:pass@host:port/db); SQLite in NAQL_HOME when unset",
    "NAQL_SITE_NAME": "the site's name, shown in the header and in attribution texts (default نقل)",
    "NAQL_BASE_URL": "the public address of the site, for feeds, sitemaps and emails",
    "NAQL_SECRET_KEY": "signing key for sessions and email links; generated into NAQL_HOME when unset",
    "NAQL_SMTP_URL": "smtp://host:port or smtps://user:pass@host:port for outgoing mail",
    "NAQL_FROM_EMAIL": "the From address of subscriber emails",
    "NAQL_DEBUG": "1 to show Django's debug pages (never in production)",
    "NAQL_USER_AGENT": "the User-Agent naql fetches with; include a contact URL",
    "NAQL_ATTRIBUTION_INTRO": "template shown before a republished article ({site}, {title}, {source}, {source_url}, {published})",
    "NAQL_ATTRIBUTION_OUTRO": "template shown after a republished article (same placeholders)",
    "NAQL_HOST_DELAY": "minimum seconds between two requests to the same host (default 1.0)",
    "NAQL_LOG_LEVEL": "log level: DEBUG, INFO, WARNING (default INFO)",
    "NAQL_LEASE_SECONDS": "how long a worker may hold claimed work before another may take it over (default 120)",
    "NAQL_BATCH_SIZE": "how many rows a worker claims at once per stage (default 50)",
    "NAQL_HIJRI_DATES": "1 to show Hijri dates beside Gregorian ones on the site (default 0)",
    "NAQL_ARABIC_DIGITS": "1 to write numbers with Arabic-Indic digits (٠١٢…) on the site (default 1)",
    "NAQL_DEMO": "1 when serving the offline demo: shows the notice that the articles belong to their outlets",
}


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


NAQL_HOME = Path(_env("NAQL_HOME", "./.naql")).resolve()
NAQL_HOME.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Use NAQL_SECRET_KEY, or a key generated once into NAQL_HOME so restarts keep sessions."""
    if os.environ.get("NAQL_SECRET_KEY"):
        return os.environ["NAQL_SECRET_KEY"]
    path = NAQL_HOME / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env("NAQL_DEBUG", "0") == "1"
ALLOWED_HOSTS = ["*"]

NAQL_SITE_NAME = _env("NAQL_SITE_NAME", "نقل")
NAQL_BASE_URL = _env("NAQL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
NAQL_USER_AGENT = _env("NAQL_USER_AGENT", "naql/0.1 (+https://github.com/naql/naql)")
NAQL_HOST_DELAY = float(_env("NAQL_HOST_DELAY", "1.0"))
NAQL_DEMO = _env("NAQL_DEMO", "0") == "1"
NAQL_HIJRI_DATES = _env("NAQL_HIJRI_DATES", "0") == "1"
NAQL_ARABIC_DIGITS = _env("NAQL_ARABIC_DIGITS", "1") == "1"
NAQL_LEASE_SECONDS = float(_env("NAQL_LEASE_SECONDS", "120"))
NAQL_BATCH_SIZE = int(_env("NAQL_BATCH_SIZE", "50"))
NAQL_ATTRIBUTION_INTRO = _env(
    "NAQL_ATTRIBUTION_INTRO",
    "ننقل لكم في موقع {site} موضوع ({title}) نتمنى لكم الفائدة ونشكر المصدر الأصلي {source} على النشر.",
)
NAQL_ATTRIBUTION_OUTRO = _env(
    "NAQL_ATTRIBUTION_OUTRO",
    "موقع {site} ينقل الأخبار من مصادرها، والمصدر الأصلي {source} هو المعني بكل ما ورد في مقال {title}.",
)
NAQL_SMTP_URL = _env("NAQL_SMTP_URL", "smtp://127.0.0.1:1025")
DEFAULT_FROM_EMAIL = _env("NAQL_FROM_EMAIL", "naql@localhost")


def _smtp(url: str) -> dict[str, object]:
    """Split ``smtp://host:port`` / ``smtps://user:pass@host:port`` into Django's EMAIL_* values."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ImproperlyConfigured(
            f"NAQL_SMTP_URL must start with smtp:// or smtps://, not {parts.scheme!r}"
        )
    return {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or (465 if parts.scheme == "smtps" else 25),
        "user": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "ssl": parts.scheme == "smtps",
    }


_SMTP = _smtp(NAQL_SMTP_URL)
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = str(_SMTP["host"])
EMAIL_PORT = int(str(_SMTP["port"]))
EMAIL_HOST_USER = str(_SMTP["user"])
EMAIL_HOST_PASSWORD = str(_SMTP["password"])
EMAIL_USE_SSL = bool(_SMTP["ssl"])
EMAIL_TIMEOUT = 30

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "naql.sources",
    "naql.news",
    "naql.search",
    "naql.subscriptions",
    "naql.site",
    "naql.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "naql.site.middleware.PageCacheMiddleware",  # cached public pages, before sessions and CSRF
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "naql.urls"
WSGI_APPLICATION = "naql.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "naql.site.context.site",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(NAQL_HOME / "naql.sqlite3"),
            "OPTIONS": {
                # WAL lets the web read while a worker writes; IMMEDIATE takes the write lock at
                # BEGIN so two writers queue on the busy timeout instead of failing mid-transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية"), ("en", "English")]
LOCALE_PATHS = [Path(__file__).parent / "locale"]
TIME_ZONE = "Asia/Riyadh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = NAQL_HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns (an error under the tests) when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "naql.site.storage.StaticStorage"},
}
WHITENOISE_USE_FINDERS = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"kv": {"()": "naql.logs.KeyValueFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "kv"}},
    "loggers": {"naql": {"handlers": ["stderr"], "level": _env("NAQL_LOG_LEVEL", "INFO")}},
}
