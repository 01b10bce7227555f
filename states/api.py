"""The read-only JSON API of treaty status (DESIGN.md § Public contract; described by
states/openapi.py at /api/openapi.json). Apps above add their endpoints with the same helpers
(api_view, validated, error_response) and their OpenAPI part (openapi_view).

Public and GET-only. Every bad parameter is answered with HTTP 400 and {"error": "<parameter>: …"}:
a malformed or out-of-range as_of, an unknown status or region, a parameter given twice, a
parameter the endpoint does not take, NUL bytes or an overlong value.
"""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from caching.fragments import cached
from states import selectors
from states.cache import freshness_for, ledger_version, max_age_for, status_version
from states.dates import AsOfForm, bound_form, first_error
from states.models import State
from states.openapi import openapi_document
from states.selectors import StatusQueryForm

MAX_PARAMETER_LENGTH = 100
ALLOWED_METHODS = ("GET", "HEAD")


JSON_OPTIONS = {"ensure_ascii": False}


def error_response(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, json_dumps_params=JSON_OPTIONS)


def api_view(view):
    """Public, GET/HEAD only (405 with a JSON body otherwise; no CSRF check, as nothing is
    ever written)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ALLOWED_METHODS:
            response = error_response(
                _("Method %(method)s is not allowed; use GET.") % {"method": request.method[:10]},
                status=405,
            )
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return response
        return view(request, *args, **kwargs)

    # It answers every method itself (405 in JSON): wgtu_portal.security.MethodMiddleware lets it.
    wrapped.answers_every_method = True
    return login_not_required(csrf_exempt(wrapped))


def _parameter_error(params, form_class) -> str | None:
    """Why these query parameters cannot be used with this form, or None."""
    known = form_class.base_fields
    for name in params:
        if name not in known:
            return _("%(name)s: unknown parameter; this endpoint takes %(known)s.") % {
                "name": name[:MAX_PARAMETER_LENGTH],
                "known": ", ".join(known),
            }
        values = params.getlist(name)
        if len(values) > 1:
            return _("%(name)s: give this parameter once.") % {"name": name}
        if "\x00" in values[0]:
            return _("%(name)s: the value contains a NUL byte.") % {"name": name}
        if len(values[0]) > MAX_PARAMETER_LENGTH:
            return _("%(name)s: the value is too long.") % {"name": name}
    return None


def validated(request, form_class, bind=bound_form):
    """(cleaned_data, None) or (None, a 400 response naming the parameter). `bind(form_class,
    params)` binds the form (default: bound_form, as_of today when absent)."""
    problem = _parameter_error(request.GET, form_class)
    if problem:
        return None, error_response(problem)
    form = bind(form_class, request.GET)
    if not form.is_valid():
        return None, error_response(first_error(form))
    return form.cleaned_data, None


@api_view
def status_summary(request):
    """GET /api/status/summary?as_of=YYYY-MM-DD: counts by status and by region, and when the
    record last agreed with the UN depositary (record_checked_on, differences_pending: the same
    whatever as_of); one query, two more when not cached (the counts, the freshness)."""
    cleaned, problem = validated(request, AsOfForm)
    if problem:
        return problem
    on = cleaned["as_of"]
    # Cached by the version of the ledger and of the freshness data, and the date
    # (states/cache.py): one query (the version) when cached, none for an anonymous reader within
    # PUBLIC_MAX_AGE of this process's last reading of it.
    version = status_version(max_age_for(request.user))

    def summary():
        record = freshness_for(version)
        return JsonResponse({**State.objects.counts_on(on).as_dict(), **record.as_dict()})

    return cached(version, "api-summary", (on,), summary)


@api_view
def state_list(request):
    """GET /api/states?as_of=…[&status=…][&region=…]: the states and their record as known on
    as_of, ordered by ISO code; one query."""
    cleaned, problem = validated(request, StatusQueryForm)
    if problem:
        return problem

    def response():
        rows = selectors.state_rows(
            on=cleaned["as_of"], status=cleaned["status"], region=cleaned["region"], sort="iso3"
        )
        return JsonResponse(
            [selectors.state_as_json(state) for state in rows],
            safe=False,
            json_dumps_params=JSON_OPTIONS,
        )

    # Cached by ledger version, parameters and language (the names): see states/cache.py.
    parts = (cleaned["as_of"], cleaned["status"], cleaned["region"])
    return cached(ledger_version(max_age_for(request.user)), "api-states", parts, response)


def openapi_view(*parts):
    """GET /api/openapi.json: the OpenAPI 3.1 description of this API. `parts`: functions
    returning the paths and schemas of endpoints that apps above this one add under /api/ (the
    URL configuration, which mounts them, hands them over: states imports no app above it)."""

    @api_view
    def openapi(request):
        return JsonResponse(openapi_document(parts))

    return openapi
