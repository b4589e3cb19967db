"""The service's OpenAPI 3.1 document, built from the JSON Schemas ppsp publishes.

The documents a client sends or receives (a record, a province, funding plans) are described by
the same schemas as ``ppsp schema`` prints, each under ``components.schemas`` with its own
``$id``, so that the references inside it resolve within it.

>>> doc = openapi_document()
>>> doc["openapi"], sorted(doc["components"]["schemas"])[:2]
('3.1.0', ['Error', 'ppsp.funding'])
"""

from __future__ import annotations

from typing import Any

from ppsp.__about__ import __version__
from ppsp.formats.schema import KINDS, schema

__all__ = ["openapi_document"]

_ERROR = {
    "type": "object",
    "description": (
        "A refusal (format ppsp.error): its code, its message in Indonesian and English, each"
        " problem with its code, path, value and both texts, and a refused step with its criteria."
    ),
    "required": ["format", "version", "code", "message", "problems"],
    "properties": {
        "format": {"const": "ppsp.error"},
        "version": {"const": 1},
        "code": {"type": "string"},
        "file": {"type": ["string", "null"]},
        "message": {"type": "object", "properties": {"id": {}, "en": {}}},
        "problems": {"type": "array", "items": {"type": "object"}},
        "step": {"type": ["object", "null"]},
    },
}

_ANY = {"type": "object", "description": "See docs/cli.md for the document's fields."}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema_: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema_}}}


def _refusals(*statuses: int) -> dict[str, Any]:
    said = {
        400: "invalid input",
        401: "no token, or an unknown one",
        403: "the token does not cover the region, or may not write",
        404: "no such region",
        409: "the stored history moved on since the version given",
        413: "the request is too large",
        422: "the step is refused: its unmet criteria",
    }
    return {str(s): _json(_ref("Error"), said[s]) for s in statuses}


_REGION = {
    "name": "region",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "description": "a Kemendagri code (62.03), a name or a short name",
}
_ON = {
    "name": "on",
    "in": "query",
    "schema": {"type": "string"},
    "description": "the date, e.g. 2025-12-31 (default: today in the region's time zone)",
}
_LANG = {
    "name": "lang",
    "in": "query",
    "schema": {"enum": ["id", "en"]},
    "description": "the language of the response's Content-Language (bodies carry both)",
}
_READ = _refusals(400, 401, 403, 404)


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document of the service (a new dict on each call)."""
    components = {kind: schema(kind) for kind in KINDS}
    components["Error"] = _ERROR
    event_request = {
        "type": "object",
        "required": ["event", "expected_version"],
        "additionalProperties": False,
        "properties": {
            "event": {"$ref": f"{components['ppsp.record']['$id']}#/$defs/Event"},
            "expected_version": {
                "type": "integer",
                "minimum": 0,
                "description": "the number of events the writer read",
            },
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ppsp",
            "version": __version__,
            "description": (
                "PPSP / SSK implementation: where each regency stands, and why. Reads need a"
                " token that covers the region when the service has tokens; writes always do"
                " (Authorization: Bearer <token>)."
            ),
        },
        "components": {
            "schemas": components,
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"token": []}, {}],  # reads are open on a service without tokens
        "paths": {
            "/health": {
                "get": {
                    "summary": "the service is up",
                    "security": [],
                    "responses": {"200": _json(_ANY, "status and version")},
                }
            },
            "/regions": {
                "get": {
                    "summary": "every region the service knows",
                    "security": [],
                    "responses": {"200": _json(_ANY, "the regions")},
                }
            },
            "/schemas/{kind}": {
                "get": {
                    "summary": "the JSON Schema of a document kind",
                    "security": [],
                    "parameters": [
                        {
                            "name": "kind",
                            "in": "path",
                            "required": True,
                            "schema": {"enum": list(KINDS)},
                        }
                    ],
                    "responses": {
                        "200": _json({"type": "object"}, "a JSON Schema"),
                        **_refusals(404),
                    },
                }
            },
            "/regions/{region}/record": {
                "get": {
                    "summary": "a regency's sealed record, its version and head",
                    "parameters": [_REGION],
                    "responses": {
                        "200": _json(_ANY, "region, name, version, head, record"),
                        **_READ,
                    },
                }
            },
            "/regions/{region}/assessment": {
                "get": {
                    "summary": "where the regency stands on a date, and why (ppsp.assessment)",
                    "parameters": [_REGION, _ON, _LANG],
                    "responses": {"200": _json(_ANY, "a ppsp.assessment document"), **_READ},
                }
            },
            "/regions/{region}/events": {
                "post": {
                    "summary": "record an event, if the record is still at the version read",
                    "security": [{"token": []}],
                    "parameters": [_REGION],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": event_request}},
                    },
                    "responses": {
                        "201": _json(_ANY, "region, version, head"),
                        **_refusals(400, 401, 403, 404, 409, 413, 422),
                    },
                }
            },
            "/report": {
                "get": {
                    "summary": "the province report of the regencies the token covers",
                    "parameters": [_ON, _LANG],
                    "responses": {
                        "200": _json(_ANY, "a ppsp.province-report document"),
                        **_refusals(400, 401),
                    },
                }
            },
            "/funding/check": {
                "post": {
                    "summary": "check funding plans against the funding rules",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref("ppsp.funding")}},
                    },
                    "responses": {
                        "200": _json(_ANY, "a ppsp.funding-check document"),
                        **_refusals(400, 401, 403, 413),
                    },
                }
            },
        },
    }
