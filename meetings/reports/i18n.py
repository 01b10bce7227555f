"""Render in the reader's language, not the request's (STYLE.md § 14)."""

import contextlib

from django.utils import translation


@contextlib.contextmanager
def language(code: str):
    """Activate `code` for the block and restore the language that was active before it."""
    previous = translation.get_language()
    translation.activate(code)
    try:
        yield
    finally:
        if previous is None:
            translation.deactivate_all()
        else:
            translation.activate(previous)
