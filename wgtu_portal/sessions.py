"""Sessions expire after SESSION_COOKIE_AGE without activity, without a write on every request.

Django's SESSION_SAVE_EVERY_REQUEST keeps an idle timeout by saving the session (a write
transaction: savepoint, UPDATE, release) on every page. Here instead:

- the session engine (SESSION_ENGINE = "wgtu_portal.sessions": the database backend) stamps the
  moment of every save into the session's data: each save also sets a fresh expiry date;
- SessionRefreshMiddleware marks a session modified (so SessionMiddleware saves it: a fresh expiry
  date in the database and a fresh cookie) only when that stamp is REFRESH_SECONDS old or more.

Inactivity expiry keeps working to within REFRESH_SECONDS; most requests write nothing. Place the
middleware right after SessionMiddleware: its response step then runs last before the save.
"""

from django.contrib.sessions.backends import db
from django.utils import timezone

# The session key holding the POSIX time (whole seconds) of the session's last save.
SAVED_AT_KEY = "_wgtu_saved_at"
REFRESH_SECONDS = 60


def _now() -> int:
    return int(timezone.now().timestamp())


class SessionStore(db.SessionStore):
    """The database session store, which records in the data when it was last saved."""

    def save(self, must_create=False):
        self._get_session(no_load=must_create)[SAVED_AT_KEY] = _now()
        super().save(must_create=must_create)


def needs_refresh(session, now: int) -> bool:
    """True when the session's expiry was last set REFRESH_SECONDS or more ago (or when)."""
    saved_at = session.get(SAVED_AT_KEY)
    return not isinstance(saved_at, int) or now - saved_at >= REFRESH_SECONDS


class SessionRefreshMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session this request read and that holds something (a signed-in user, messages):
        # never create one for an anonymous visitor, never load one just to refresh it.
        if (
            session is None
            or session.modified
            or response.status_code == 500
            or not session.accessed
            or session.is_empty()
        ):
            return response
        if needs_refresh(session, _now()):
            session.modified = True
        return response
