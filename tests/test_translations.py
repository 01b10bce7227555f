"""The French and Spanish catalogues are complete, not fuzzy, and compiled (issue 2, item 6)."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("fr", "es")


def source_dirs() -> list[str]:
    """The project's own apps (every installed app whose folder is in the project), the
    packages beside them (caching) and the templates: the sources makemessages reads."""
    from django.apps import apps

    own = [c.name for c in apps.get_app_configs() if Path(c.path).parent == ROOT]
    return [*own, "caching", "templates"]


def catalogue(language):
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_entry_is_empty_or_fuzzy(language):
    po = catalogue(language)
    empty = [
        e.msgid for e in po if not e.obsolete and not e.translated() and "fuzzy" not in e.flags
    ]
    fuzzy = [e.msgid for e in po if not e.obsolete and "fuzzy" in e.flags]
    assert empty == [], f"{language}: untranslated entries: {empty[:10]}"
    assert fuzzy == [], f"{language}: fuzzy entries: {fuzzy[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_po_file(language):
    mo_path = ROOT / "locale" / language / "LC_MESSAGES" / "django.mo"
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in catalogue(language):
        if entry.obsolete or entry.msgid_plural:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        assert compiled._catalog.get(key) == entry.msgstr, (
            f"{language}: {entry.msgid!r} not compiled: run make messages"
        )


@pytest.mark.skipif(
    not shutil.which("xgettext") and not os.environ.get("CI"),
    reason="GNU gettext (Debian package gettext) is needed to extract messages; make test installs it",
)
def test_every_string_in_the_code_is_in_both_catalogues(tmp_path):
    """Extract the messages afresh into a copy of the sources and compare with the catalogues."""
    for name in source_dirs():
        shutil.copytree(
            ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "migrations")
        )
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    for language in LANGUAGES:
        (tmp_path / "locale" / language / "LC_MESSAGES").mkdir(parents=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wgtu_portal.settings",
        "DJANGO_DEBUG": "true",
        "PYTHONPATH": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "fr",
            "-l",
            "es",
            "--no-obsolete",
            "-v",
            "0",
        ],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    for language in LANGUAGES:
        fresh = polib.pofile(str(tmp_path / "locale" / language / "LC_MESSAGES" / "django.po"))
        committed = {(e.msgctxt, e.msgid) for e in catalogue(language) if not e.obsolete}
        missing = sorted(e.msgid for e in fresh if (e.msgctxt, e.msgid) not in committed)
        assert missing == [], (
            f"{language}: {len(missing)} strings missing, run make messages: {missing[:15]}"
        )
