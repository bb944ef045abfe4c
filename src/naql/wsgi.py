"""WSGI entry point for gunicorn: ``gunicorn naql.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naql.settings")
application = get_wsgi_application()
