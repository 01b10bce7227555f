"""Test settings: the production module with fast, deterministic overrides (STYLE.md § 19)."""
# ruff: noqa: F405

import os

os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-only-for-the-test-suite-0123456789")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")

from wgtu_portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run at once in the test process; tests/tasks exercise the database backend with a worker
# run in-process, and the RQ backend against Redis.
TASKS = {"default": TASK_BACKENDS["immediate"]}
# The depositary sync never reaches the network in tests: a closed port on this machine (the sync
# tests serve files from their own local server).
WGTU_DEPOSITARY_URL = "http://127.0.0.1:9/XXVI-8.en.xml"
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# The manifest storage's hashed names 404 on the live server (STACK_NOTES).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# pytest gives each process (each xdist worker) a fresh folder of its own instead, unless
# WGTU_TEST_MEDIA_ROOT names one (tests/conftest.py); this default serves the subprocesses.
MEDIA_ROOT = os.environ.get("WGTU_TEST_MEDIA_ROOT", "/tmp/wgtu-test-media")  # noqa: S108
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
# Static files straight from the source folders: no collectstatic before the tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
