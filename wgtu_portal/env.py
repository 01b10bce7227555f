"""Strict readers for settings taken from the environment.

A bad value raises ConfigError, whose message names the variable; manage.py and wsgi.py turn it
into a one-line message on stderr instead of a traceback.
"""

import os

import dj_database_url

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


class ConfigError(Exception):
    """A setting taken from the environment is missing or malformed."""


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(
        f"{name}={raw!r} is not a boolean: use one of {', '.join(sorted(TRUE_WORDS | FALSE_WORDS))}"
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not an integer") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str, *, debug: bool, dev_default: str) -> str:
    """The secret, required when debug is off; a fixed development value only in debug."""
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if debug:
        return dev_default
    raise ConfigError(
        f"{name} is required when DJANGO_DEBUG is off (set it to a long random string)"
    )


def env_database(name: str, default_url: str) -> dict:
    raw = os.environ.get(name, "").strip() or default_url
    try:
        config = dj_database_url.parse(raw)
    except Exception as exc:  # dj-database-url raises several types for malformed URLs
        raise ConfigError(
            f"{name} cannot be parsed ({exc}); expected e.g. postgres://user@host:5432/db or sqlite:///path"
        ) from None
    engine = config.get("ENGINE", "")
    if engine not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
        raise ConfigError(
            f"{name} names an unsupported database ({engine or raw!r}): use sqlite or postgres"
        )
    if engine == "django.db.backends.sqlite3" and not config.get("NAME"):
        raise ConfigError(f"{name} has no SQLite file path")
    if engine == "django.db.backends.postgresql" and not config.get("NAME"):
        raise ConfigError(f"{name} has no PostgreSQL database name")
    return config
