"""Start-up configuration from the environment (issue 2, item 2)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wgtu_portal.env import ConfigError, env_bool, env_database

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "example.org"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_DEBUG": "yes please"}, "DJANGO_DEBUG"),
        ({"DJANGO_DEBUG": "true", "DATABASE_URL": "not a url at all"}, "DATABASE_URL"),
        ({"DJANGO_DEBUG": "true", "DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL"),
        ({"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 60}, "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_bad_configuration_stops_start_up_with_one_line_naming_the_variable(env, variable):
    result = run_manage("check", **env)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]
    assert "Traceback" not in result.stderr


def test_good_production_configuration_passes_check_deploy(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "k" * 40,
        DJANGO_ALLOWED_HOSTS="wgtu.example.org",
        DJANGO_EMAIL_HOST="smtp.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("1", True), ("On", True), ("no", False), ("0", False), ("", False)],
)
def test_env_bool_reads_the_usual_words(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG", default=False) is expected


@pytest.mark.parametrize("raw", ["yes please", "2", "tru", "FALSE!"])
def test_env_bool_refuses_anything_else(monkeypatch, raw):
    monkeypatch.setenv("X_FLAG", raw)
    with pytest.raises(ConfigError, match="X_FLAG"):
        env_bool("X_FLAG", default=False)


def test_database_url_defaults_to_sqlite_and_reads_postgres(monkeypatch):
    monkeypatch.delenv("X_DB", raising=False)
    assert (
        env_database("X_DB", "sqlite:////tmp/x.sqlite3")["ENGINE"] == "django.db.backends.sqlite3"
    )
    monkeypatch.setenv("X_DB", "postgres://postgres@127.0.0.1:5432/wgtu")
    config = env_database("X_DB", "sqlite:////tmp/x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql" and config["NAME"] == "wgtu"


def test_sqlite_is_configured_for_concurrent_use():
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        assert db["CONN_HEALTH_CHECKS"] is True and db["CONN_MAX_AGE"] > 0
        return
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert db["OPTIONS"]["timeout"] >= 5
    # Persistent: connecting and running the pragmas on every request is slower than most pages.
    assert db["CONN_MAX_AGE"] > 0
