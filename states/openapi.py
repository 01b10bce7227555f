"""The OpenAPI 3.1 description of the public API, built from the models' own choices so the enums
can never drift from what the API accepts. The treaty-status endpoints are described here; the
apps above add theirs as parts (functions returning {"paths": …, "schemas": …}) that the URL
configuration hands to states.api.openapi_view."""

from django.urls import reverse

from states.models import Region, Status, TreatyAction

DATE = {"type": "string", "format": "date", "examples": ["2018-05-31"]}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
# An empty value (?as_of=) means the same as leaving the parameter out.
EMPTY = {"type": "string", "maxLength": 0}


def as_of_parameter():
    return {
        "name": "as_of",
        "in": "query",
        "required": False,
        "description": (
            "The date on which the status is computed (YYYY-MM-DD, any calendar day). Default, "
            "when the parameter is absent or empty: today (UTC). Only events dated on or before "
            "it are taken into account."
        ),
        "allowEmptyValue": True,
        "schema": {"anyOf": [{**DATE, "pattern": r"^\d{4}-\d{2}-\d{2}$"}, EMPTY]},
    }


def _counts_schema():
    return {
        "type": "object",
        "required": list(Status.values),
        "additionalProperties": False,
        "properties": {
            status.value: {"type": "integer", "minimum": 0, "description": str(status.label)}
            for status in Status
        },
    }


def error_response(description):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


BAD_REQUEST = (
    "A parameter is malformed, out of range, not one of the allowed values, repeated, "
    "unknown to this endpoint, too long or contains a NUL byte. The message names it."
)
NOT_ALLOWED = "Only GET (and HEAD) are allowed."


def openapi_document(parts=()) -> dict:
    """The OpenAPI 3.1 document (a JSON-serialisable dict), with the paths and schemas of each
    of `parts` (functions returning {"paths": {...}, "schemas": {...}})."""
    document = _treaty_status_document()
    for part in parts:
        added = part()
        document["paths"].update(added.get("paths", {}))
        document["components"]["schemas"].update(added.get("schemas", {}))
    return document


def _treaty_status_document() -> dict:
    summary_path = reverse("api:summary")
    states_path = reverse("api:states")
    bad_request = error_response(BAD_REQUEST)
    not_allowed = error_response(NOT_ALLOWED)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ATT WGTU Portal: treaty status API",
            "version": "1.0.0",
            "description": (
                "Public, read-only status of the Arms Trade Treaty for every state, on any date. "
                "Status on a date D: state_party (the treaty is in force for the state on or "
                "before D), ratified_not_in_force (instrument deposited, not yet in force), "
                "signatory (signed, nothing deposited), non_signatory. Entry into force follows "
                "Art. 22: 24 December 2014 for every instrument deposited on or before that "
                "day, otherwise the 90th day after the deposit. A state whose withdrawal "
                "(Art. 25) has taken effect is no longer a state_party."
            ),
        },
        "servers": [{"url": "/"}],
        "paths": {
            summary_path: {
                "get": {
                    "operationId": "statusSummary",
                    "summary": "Counts of states by status, overall and by ATT region",
                    "parameters": [as_of_parameter()],
                    "responses": {
                        "200": {
                            "description": "The counts on as_of.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Summary"}
                                }
                            },
                        },
                        "400": bad_request,
                        "405": not_allowed,
                    },
                }
            },
            states_path: {
                "get": {
                    "operationId": "listStates",
                    "summary": "Every state with its status and ATT record on a date",
                    "description": (
                        "Ordered by ISO code. Names are in the request's language (English by "
                        "default; French or Spanish through Accept-Language)."
                    ),
                    "parameters": [
                        as_of_parameter(),
                        {
                            "name": "status",
                            "in": "query",
                            "required": False,
                            "description": (
                                "Only the states with this status on as_of (empty: any status)."
                            ),
                            "allowEmptyValue": True,
                            "schema": {"anyOf": [{"$ref": "#/components/schemas/Status"}, EMPTY]},
                        },
                        {
                            "name": "region",
                            "in": "query",
                            "required": False,
                            "description": "Only the states of this ATT region (empty: all).",
                            "allowEmptyValue": True,
                            "schema": {"anyOf": [{"$ref": "#/components/schemas/Region"}, EMPTY]},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "The states matching the filters.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/State"},
                                    }
                                }
                            },
                        },
                        "400": bad_request,
                        "405": not_allowed,
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Status": {"type": "string", "enum": list(Status.values)},
                "Region": {"type": "string", "enum": list(Region.values)},
                "DepositType": {"type": "string", "enum": list(TreatyAction.DEPOSIT_KINDS)},
                "Counts": _counts_schema(),
                "Summary": {
                    "type": "object",
                    "required": [
                        "as_of",
                        *Status.values,
                        "by_region",
                        "record_checked_on",
                        "differences_pending",
                    ],
                    "additionalProperties": False,
                    "properties": {
                        "as_of": DATE,
                        **_counts_schema()["properties"],
                        "record_checked_on": {
                            **NULLABLE_DATE,
                            "description": (
                                "The day the portal's record was last compared with the UN "
                                "depositary's status file (the latest successful sync), or null "
                                "if it never was. The same whatever as_of."
                            ),
                        },
                        "differences_pending": {
                            "type": "integer",
                            "minimum": 0,
                            "description": (
                                "Differences that comparison found which still await the "
                                "Secretariat's review (0 when it found none or never ran)."
                            ),
                        },
                        "by_region": {
                            "type": "object",
                            "required": list(Region.values),
                            "additionalProperties": False,
                            "properties": {
                                region: {"$ref": "#/components/schemas/Counts"}
                                for region in Region.values
                            },
                        },
                    },
                },
                "State": {
                    "type": "object",
                    "required": [
                        "iso3",
                        "name",
                        "region",
                        "status",
                        "signature_date",
                        "deposit_date",
                        "deposit_type",
                        "entry_into_force_date",
                    ],
                    "additionalProperties": False,
                    "properties": {
                        "iso3": {
                            "type": "string",
                            "pattern": "^[A-Z]{3}$",
                            "description": "ISO 3166-1 alpha-3 code.",
                        },
                        "name": {"type": "string"},
                        "region": {"$ref": "#/components/schemas/Region"},
                        "status": {"$ref": "#/components/schemas/Status"},
                        "signature_date": {
                            **NULLABLE_DATE,
                            "description": "Date of signature, if on or before as_of.",
                        },
                        "deposit_date": {
                            **NULLABLE_DATE,
                            "description": (
                                "Date the instrument of ratification, acceptance, approval or "
                                "accession was deposited, if on or before as_of."
                            ),
                        },
                        "deposit_type": {
                            "oneOf": [
                                {"$ref": "#/components/schemas/DepositType"},
                                {"type": "null"},
                            ]
                        },
                        "entry_into_force_date": {
                            **NULLABLE_DATE,
                            "description": (
                                "Art. 22 date for the deposit known on as_of; later than as_of "
                                "when the status is ratified_not_in_force."
                            ),
                        },
                    },
                },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "string",
                            "description": "What is wrong, starting with the parameter's name.",
                        }
                    },
                },
            }
        },
    }
