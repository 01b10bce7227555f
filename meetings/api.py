"""GET /api/conferences[?as_of=YYYY-MM-DD]: the Conferences of States Parties as public JSON
(DESIGN.md § Contract additions), with the treaty-status API's helpers: GET only, every bad
parameter answered 400 with {"error": "<parameter>: …"}. Described in /api/openapi.json by
openapi_part, which the URL configuration hands to states.api.openapi_view."""

from django import forms
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from caching.versions import data_version
from meetings.models import Conference, ConferenceFormat
from meetings.titles import conference_name
from meetings.translated import version
from states.api import JSON_OPTIONS, api_view, validated
from states.cache import cached, max_age_for
from states.dates import AsOfField
from states.openapi import BAD_REQUEST, DATE, NOT_ALLOWED, as_of_parameter, error_response


class ConferenceQueryForm(forms.Form):
    """?as_of=YYYY-MM-DD: only the conferences opened on or before that day (absent: all)."""

    as_of = AsOfField(label=_("As of"))


def _unbound_default(form_class, params):
    """Bind without a default date: no as_of means every conference."""
    return form_class(params)


def conference_as_json(conference: Conference) -> dict:
    """The conference in English (name and place, whatever the reader's language), with its
    French and Spanish name and place under `translations` (a place not translated: null)."""
    return {
        "number": conference.number,
        "name": conference_name(conference.number, "en"),
        "opening": conference.opening.isoformat() if conference.opening else None,
        "closing": conference.closing.isoformat() if conference.closing else None,
        "place": version(conference, "place", "en") or None,
        "format": conference.format or None,
        "translations": {
            code: {
                "name": conference_name(conference.number, code),
                "place": version(conference, "place", code) or None,
            }
            for code in ("fr", "es")
        },
    }


def conference_list_json(as_of=None) -> list[dict]:
    """Every conference by number, or those opened on or before `as_of`. One query."""
    conferences = Conference.objects.order_by("number")
    if as_of is not None:
        conferences = conferences.opened_by(as_of)
    return [conference_as_json(c) for c in conferences]


@api_view
def conference_list(request):
    """GET /api/conferences[?as_of=…]: cached by the conferences' data version (one query when
    cached; none for an anonymous reader within states.cache.PUBLIC_MAX_AGE)."""
    cleaned, problem = validated(request, ConferenceQueryForm, bind=_unbound_default)
    if problem:
        return problem
    as_of = cleaned["as_of"]
    version = data_version(Conference, max_age=max_age_for(request.user))
    return cached(
        version,
        "api-conferences",
        (as_of,),
        lambda: JsonResponse(
            conference_list_json(as_of), safe=False, json_dumps_params=JSON_OPTIONS
        ),
    )


def openapi_part() -> dict:
    """The path and schema of /api/conferences for the OpenAPI document."""
    nullable_date = {"type": ["string", "null"], "format": "date"}
    as_of = as_of_parameter()
    as_of["description"] = (
        "Only the conferences that opened on or before this day (YYYY-MM-DD). Default: every "
        "conference recorded, those still to come (and those whose dates are to be fixed) "
        "included."
    )
    return {
        "paths": {
            reverse("api:conferences"): {
                "get": {
                    "operationId": "listConferences",
                    "summary": "The Conferences of States Parties, by number",
                    "parameters": [as_of],
                    "responses": {
                        "200": {
                            "description": "The conferences, ordered by number.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Conference"},
                                    }
                                }
                            },
                        },
                        "400": error_response(BAD_REQUEST),
                        "405": error_response(NOT_ALLOWED),
                    },
                }
            }
        },
        "schemas": {
            "ConferenceFormat": {"type": "string", "enum": list(ConferenceFormat.values)},
            "Conference": {
                "type": "object",
                "required": [
                    "number",
                    "name",
                    "opening",
                    "closing",
                    "place",
                    "format",
                    "translations",
                ],
                "additionalProperties": False,
                "properties": {
                    "number": {"type": "integer", "minimum": 1, "examples": [12]},
                    "name": {"type": "string", "examples": ["CSP12"]},
                    "opening": {
                        **nullable_date,
                        "description": "First day; null while the dates are to be fixed.",
                        "examples": [DATE["examples"][0]],
                    },
                    "closing": {**nullable_date, "description": "Last day (inclusive)."},
                    "place": {"type": ["string", "null"], "examples": ["Geneva"]},
                    "format": {
                        "oneOf": [
                            {"$ref": "#/components/schemas/ConferenceFormat"},
                            {"type": "null"},
                        ]
                    },
                    "translations": {
                        "type": "object",
                        "description": "The name and place in French and Spanish (the ATT's "
                        "acronyms: CEP in French, CEEP in Spanish); a place not translated "
                        "is null.",
                        "required": ["fr", "es"],
                        "additionalProperties": False,
                        "properties": {
                            code: {"$ref": "#/components/schemas/ConferenceTranslation"}
                            for code in ("fr", "es")
                        },
                    },
                },
            },
            "ConferenceTranslation": {
                "type": "object",
                "required": ["name", "place"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string", "examples": ["CEP12"]},
                    "place": {"type": ["string", "null"], "examples": ["Genève"]},
                },
            },
        },
    }
