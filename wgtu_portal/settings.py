"""Settings of the WGTU Portal: one module, driven by the environment (see README, "Configuration").

Debug is off unless DJANGO_DEBUG says otherwise; with debug off a secret key is required.
The database is the embedded SQLite file unless DATABASE_URL names another (PostgreSQL in production).
"""

import datetime as dt
import os
import zoneinfo
from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from wgtu_portal.env import ConfigError, env_bool, env_database, env_int, env_list, env_secret

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env_secret(
    "DJANGO_SECRET_KEY",
    debug=DEBUG,
    dev_default="django-insecure-development-only-key-never-used-with-debug-off",
)
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ConfigError(
        "DJANGO_ALLOWED_HOSTS is required when DJANGO_DEBUG is off (comma-separated host names)"
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "django_filters",
    "simple_history",
    # Background tasks (django.tasks) stored in the database: the default backend (TASKS below).
    "django_tasks_db",
    # Sign-in throttling (after the contrib apps: its migrations need auth's user table).
    "axes",
    # The portal's own apps, in layer order: each may import only those before it (and the
    # packages `caching` and `uploads`, on the ground floor beside accounts). One way, never back up:
    #   accounts, backups, caching, uploads <- states (the ledger, the one `as_of`, the composites)
    #   <- depositary, challenges, pipeline (domestic procedures) <- outreach
    #   <- meetings (cycles, reports)
    #   <- dashboard (reads every app, owns no data), bench (benchmark data and floor view)
    #   <- wgtu_portal (configuration only: settings, root URLs, middleware).
    "accounts",
    "backups",
    "states",
    "depositary",
    "challenges",
    "pipeline",
    "outreach",
    "meetings",
    "dashboard",
    "bench",
    "wgtu_portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Refreshes a session's expiry at most once a minute (instead of SESSION_SAVE_EVERY_REQUEST).
    "wgtu_portal.sessions.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # 405 for a method the view does not take (PUT, DELETE, PATCH, TRACE), before sign-in.
    "wgtu_portal.security.MethodMiddleware",
    # 404 for a path argument holding a NUL byte (PostgreSQL refuses it in a query).
    "wgtu_portal.security.NulArgumentMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Logs every 403 (user, method, path) on "wgtu.security"; needs request.user.
    "wgtu_portal.security.SecurityEventMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Background work (Django's Tasks framework, django.tasks): the depositary sync started from the
# browser, report renders on demand. WGTU_TASKS_BACKEND chooses where tasks wait and who runs them:
# "database" (default): in the portal's own database, run by `manage.py db_worker` (make run
#   starts one beside the development server; docs/depositary-sync.md for production);
# "rq": in Redis (WGTU_REDIS_URL), run by `manage.py rqworker --job-class django_tasks_rq.Job`,
#   the choice for several app servers with a Redis beside them;
# "immediate": run at once in the process that asks (the test suite's default).
TASK_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    "immediate": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
}
_tasks_backend = os.environ.get("WGTU_TASKS_BACKEND", "").strip() or "database"
if _tasks_backend not in TASK_BACKENDS:
    raise ConfigError(
        f"WGTU_TASKS_BACKEND={_tasks_backend!r} is not one of {', '.join(TASK_BACKENDS)}"
    )
TASKS = {"default": TASK_BACKENDS[_tasks_backend]}
RQ_QUEUES = {
    "default": {
        "URL": os.environ.get("WGTU_REDIS_URL", "").strip() or "redis://127.0.0.1:6379/0",
        "DEFAULT_TIMEOUT": 600,
    }
}
if _tasks_backend == "rq":
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db") + 1, "django_rq")

# The depositary sync (docs/depositary-sync.md): the UN Treaty Collection's status file of the ATT
# (MTDSG XML, chapter XXVI-8, English), fetched over HTTPS within these bounds (seconds), and how
# old the last successful check may be before the dashboard warns (days).
WGTU_DEPOSITARY_URL = (
    os.environ.get("WGTU_DEPOSITARY_URL", "").strip()
    or "https://treaties.un.org/doc/Publication/MTDSG/Volume%20II/Chapter%20XXVI/XXVI-8.en.xml"
)
WGTU_DEPOSITARY_CONNECT_TIMEOUT = env_int("WGTU_DEPOSITARY_CONNECT_TIMEOUT", default=10)
WGTU_DEPOSITARY_READ_TIMEOUT = env_int("WGTU_DEPOSITARY_READ_TIMEOUT", default=30)
WGTU_DEPOSITARY_TOTAL_TIMEOUT = env_int("WGTU_DEPOSITARY_TOTAL_TIMEOUT", default=120)
WGTU_DEPOSITARY_STALE_DAYS = env_int("WGTU_DEPOSITARY_STALE_DAYS", default=14)

ROOT_URLCONF = "wgtu_portal.urls"
WSGI_APPLICATION = "wgtu_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
                "dashboard.navigation.nav_items",
            ],
        },
    },
]

# Database: the embedded SQLite file unless DATABASE_URL says otherwise.
_db = env_database("DATABASE_URL", default_url=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers share the file: WAL lets readers run beside a writer, the busy
    # timeout waits for the lock instead of failing, and IMMEDIATE transactions take the write
    # lock up front so two writers queue instead of deadlocking on a lock upgrade.
    _db["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=20000;"
        ),
    }
    # Persistent too (one connection per worker thread): opening the file and running the
    # pragmas above on every request cost more than most pages' own queries (docs/performance.md).
    # A persistent SQLite connection holds no lock between requests (WAL, autocommit).
    _db["CONN_MAX_AGE"] = env_int("DJANGO_CONN_MAX_AGE", default=60)
else:
    # Persistent connections, checked before reuse so a restarted database is survived; the
    # check costs no round trip while the server has said nothing (wgtu_portal/postgresql).
    _db["ENGINE"] = "wgtu_portal.postgresql"
    _db["CONN_MAX_AGE"] = env_int("DJANGO_CONN_MAX_AGE", default=60)
    _db["CONN_HEALTH_CHECKS"] = True
    _db.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in protection (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one user name,
# or from one address, that account or address is refused for the cool-off time, even with the
# right password; each refused attempt starts the cool-off again. The one backend checks the
# lockout, then the password (Django's ModelBackend).
AUTHENTICATION_BACKENDS = ["wgtu_portal.security.LoginAttemptBackend"]
AXES_FAILURE_LIMIT = env_int("WGTU_LOCKOUT_FAILURES", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("WGTU_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one: per account and per address
AXES_RESET_ON_SUCCESS = True
# Failed sign-ins and lockouts are kept (AccessFailureLog) beside the sign-ins (AccessLog): the
# audit trail (/audit/) shows them. `purge_sign_in_records` (daily, docs/email-and-audit.md)
# deletes those older than WGTU_SIGN_IN_RECORDS_DAYS, and throttling counters past their cool-off.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
WGTU_SIGN_IN_RECORDS_DAYS = env_int("WGTU_SIGN_IN_RECORDS_DAYS", default=90)
AXES_LOCKOUT_CALLABLE = "wgtu_portal.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.network.client_ip"
# Behind a reverse proxy: how many proxies append to X-Forwarded-For (0: use REMOTE_ADDR).
WGTU_TRUSTED_PROXIES = env_int("WGTU_TRUSTED_PROXIES", default=0)

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
# Password-reset e-mails: at most this many per account and per client address in a window
# (accounts.services.password_reset_allowed); every request gets the same answer.
WGTU_PASSWORD_RESET_PER_ACCOUNT = env_int("WGTU_PASSWORD_RESET_PER_ACCOUNT", default=3)
WGTU_PASSWORD_RESET_PER_ADDRESS = env_int("WGTU_PASSWORD_RESET_PER_ADDRESS", default=10)
WGTU_PASSWORD_RESET_WINDOW = dt.timedelta(hours=24)

# Caches: local memory in each worker process. Entries are keyed by the versions of the data they
# show (caching/versions.py), so no worker ever serves a stale one and nothing needs a shared
# cache. "default" holds fragments and values; "pages" whole pages (caching/pages.py), kept apart
# so that large pages never push the small fragments out. MAX_ENTRIES bounds each worker's memory.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "wgtu-default",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "wgtu-pages",
        "OPTIONS": {"MAX_ENTRIES": env_int("WGTU_PAGE_CACHE_ENTRIES", default=500)},
    },
}

# Sessions end after two hours without activity (to within a minute): the database sessions of
# wgtu_portal.sessions record when they were last saved, and its middleware saves one again (a
# fresh expiry) only when that is a minute old, so most requests write nothing
# (SESSION_SAVE_EVERY_REQUEST stays off).
SESSION_ENGINE = "wgtu_portal.sessions"
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_AGE", default=2 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Internationalisation: English, French and Spanish, the ATT's working languages here.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Treaty-style dates in each language ("24 September 2013"), times with their zone named.
FORMAT_MODULE_PATH = ["wgtu_portal.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# The joining pipeline: a state at the same stage of its domestic procedure for more than this
# many months is shown as stalled (the pipeline page, the dashboard, the internal report).
PIPELINE_STALLED_MONTHS = env_int("WGTU_PIPELINE_STALLED_MONTHS", default=12)
if PIPELINE_STALLED_MONTHS < 1:
    raise ConfigError("WGTU_PIPELINE_STALLED_MONTHS must be a number of months, 1 or more")
# Uploaded documents and attachments (validated by content in the apps).
MAX_UPLOAD_BYTES = env_int("WGTU_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)

# The time zone meetings' start and end times are given in, named next to them on pages and in
# reports (an IANA name; a typo stops start-up).
WGTU_MEETING_TIME_ZONE = os.environ.get("WGTU_MEETING_TIME_ZONE", "").strip() or "Europe/Zurich"
try:
    zoneinfo.ZoneInfo(WGTU_MEETING_TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ConfigError(
        f"WGTU_MEETING_TIME_ZONE={WGTU_MEETING_TIME_ZONE!r} is not a time zone (e.g. Europe/Zurich)"
    ) from None

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: the console in development; SMTP from the environment in production.
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "wgtu-portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if DEBUG and not os.environ.get("DJANGO_EMAIL_HOST"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
                "port": env_int("DJANGO_EMAIL_PORT", default=587),
                "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", default=True),
                "timeout": 20,
            },
        }
    }

# The portal's address as its readers reach it, for the links in e-mails (send_digests): no other
# link is ever put in an e-mail.
WGTU_PORTAL_URL = (
    os.environ.get("WGTU_PORTAL_URL", "").strip().rstrip("/") or "http://127.0.0.1:8000"
)
if not WGTU_PORTAL_URL.startswith(("https://", "http://")):
    raise ConfigError("WGTU_PORTAL_URL must start with https:// or http://")

# Security headers. A Content Security Policy with no inline script or style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Sign-ins, failures, lockouts, sign-outs and 403s (wgtu_portal/security.py).
        "wgtu.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # django-axes writes one line per attempt; the portal's own lines above say it once.
        "axes": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
