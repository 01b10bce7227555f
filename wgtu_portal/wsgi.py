"""WSGI entry point (gunicorn wgtu_portal.wsgi)."""

import os
import sys

from django.core.wsgi import get_wsgi_application

from wgtu_portal.env import ConfigError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wgtu_portal.settings")

try:
    application = get_wsgi_application()
except ConfigError as exc:
    sys.exit(f"Configuration error: {exc}")
