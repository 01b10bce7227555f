"""Security events and sign-in protection (issue 9, item 2).

- Every sign-in, failed sign-in, lockout, sign-out and permission denial (HTTP 403) is logged on
  the logger "wgtu.security", one line each, with the user (or the user name tried), the client
  address, and for a 403 the method and path. Passwords are never logged.
- django-axes throttles failed sign-ins (settings: AXES_*). LoginAttemptBackend is its lockout
  check; lockout_response is the page a locked-out person sees (HTTP 429, with when to try again);
  client_ip tells axes the client's address, behind WGTU_TRUSTED_PROXIES reverse proxies.

The signal receivers are connected when this module is imported, which happens before any
sign-in: it holds the authentication backend and a middleware.
"""

import logging

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from accounts.network import client_ip
from accounts.roles import load_access

log = logging.getLogger("wgtu.security")

# Longest user name written to the log (what was typed, so possibly anything).
MAX_LOGGED_NAME = 150


def _client(request) -> str:
    return (client_ip(request) if request is not None else None) or "-"


def _name(value) -> str:
    """A user name as typed, quoted and cut short, so it cannot forge a log line."""
    return repr(str(value or "")[:MAX_LOGGED_NAME])


class LoginAttemptBackend(AxesStandaloneBackend, ModelBackend):
    """The portal's one authentication backend: django-axes's lockout check, then Django's
    user name and password check. A locked-out account or address is refused before any
    password is checked (the right password included).

    One backend, not two: views that sign a user in without naming a backend (accepting an
    invitation) need a single one. Without a request (management commands, the test client's
    login()) there is no client to throttle: only the password is checked.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None:
            # Raises PermissionDenied (so authenticate() fails) while locked out.
            AxesStandaloneBackend.authenticate(
                self, request, username=username, password=password, **kwargs
            )
        return ModelBackend.authenticate(
            self, request, username=username, password=password, **kwargs
        )

    def get_all_permissions(self, user_obj, obj=None):
        """ModelBackend's answer and its per-request cache on the user, read together with the
        user's role in one query (accounts.roles.load_access) instead of three."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            load_access(user_obj)
        return user_obj._perm_cache


def lockout_response(request, original_response=None, credentials=None):
    """The page shown while sign-in is locked: what happened and when to try again (429)."""
    cool_off = get_cool_off(request)
    context = {
        "title": gettext("Sign-in paused"),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
        "retry_at": timezone.now() + cool_off if cool_off else None,
    }
    response = render(
        request,
        "registration/locked_out.html",
        context,
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


@receiver(user_logged_in, dispatch_uid="wgtu.security.signed_in")
def log_sign_in(sender, request, user, **kwargs):
    log.info("sign-in user=%s id=%s ip=%s", _name(user.get_username()), user.pk, _client(request))


@receiver(user_login_failed, dispatch_uid="wgtu.security.sign_in_failed")
def log_sign_in_failure(sender, credentials, request=None, **kwargs):
    locked = getattr(request, "axes_locked_out", False)
    log.warning(
        "sign-in failed user=%s ip=%s%s",
        _name(credentials.get("username")),
        _client(request),
        " (locked out)" if locked else "",
    )


@receiver(user_locked_out, dispatch_uid="wgtu.security.locked_out")
def log_lockout(sender, request, username, ip_address, **kwargs):
    log.warning("lockout user=%s ip=%s", _name(username), ip_address or "-")


@receiver(user_logged_out, dispatch_uid="wgtu.security.signed_out")
def log_sign_out(sender, request, user, **kwargs):
    name = _name(user.get_username()) if user is not None else "-"
    log.info("sign-out user=%s ip=%s", name, _client(request))


class SecurityEventMiddleware:
    """Logs every permission denial (HTTP 403: a role without access, a failed CSRF check)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            user = getattr(request, "user", None)
            signed_in = user is not None and user.is_authenticated
            log.warning(
                "permission denied user=%s method=%s path=%s ip=%s",
                _name(user.get_username()) if signed_in else "anonymous",
                request.method[:10],
                repr(request.get_full_path()[:500]),
                _client(request),
            )
        return response


# The methods a page may take: every view answers GET/HEAD (and OPTIONS) or POST, nothing else.
STANDARD_METHODS = ("GET", "HEAD", "POST", "OPTIONS")


def view_methods(view_func) -> tuple[str, ...] | None:
    """The HTTP methods `view_func` takes: among STANDARD_METHODS, a class-based view's own
    handlers (Django's form views also map PUT to POST: the portal never takes PUT); None for a
    view that answers every method itself (the JSON API)."""
    if getattr(view_func, "answers_every_method", False):
        return None
    view_class = getattr(view_func, "view_class", None)
    if view_class is None:
        return STANDARD_METHODS
    handlers = {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}
    if "GET" in handlers:
        handlers.add("HEAD")
    return tuple(m for m in STANDARD_METHODS if m in handlers)


class MethodMiddleware:
    """HTTP 405 (with Allow) for a method the view does not take — PUT, DELETE, PATCH, TRACE
    on a page — before sign-in is asked for and before the view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in STANDARD_METHODS:
            return None
        allowed = view_methods(view_func)
        if allowed is None or request.method in allowed:
            return None
        response = HttpResponseNotAllowed(sorted(set(allowed)))
        response.content = gettext("Method %(method)s is not allowed here.") % {
            "method": request.method[:10]
        }
        response["Content-Type"] = "text/plain; charset=utf-8"
        return response


class NulArgumentMiddleware:
    """HTTP 404 for a URL whose path arguments hold a NUL byte (/challenges/%00x/): no record is
    named so, and PostgreSQL refuses the byte in a query (a server error in every view that looks
    an argument up). Forms already refuse it in their values."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if any("\x00" in str(value) for value in (*view_args, *view_kwargs.values())):
            raise Http404(gettext("No page has this address."))
        return None
