"""The API schema tells the truth about refusals: every operation documents the JSON error
answers the exception handler gives (400 bad input, 401/403 not allowed, 404 not found or out
of scope, 409 conflict), so a client — and schemathesis in the test suite — knows them."""

from __future__ import annotations

ERROR_SCHEMA = {
    "type": "object",
    "description": "A refusal a person can act on: `detail` says what, `field` names the input.",
    "properties": {
        "detail": {"type": "string"},
        "field": {"type": "string", "nullable": True},
        "errors": {"type": "array", "items": {}},
    },
    "additionalProperties": True,
}
ERRORS = {
    "400": "The input is malformed or breaks a rule; the body names the field.",
    "401": "Not logged in.",
    "403": "Not allowed for this account.",
    "404": "No such object, or it is outside the account's scope.",
    "405": "Method not allowed.",
    "406": "Only JSON is offered.",
    "409": "The state changed meanwhile, or a duplicate.",
    "415": "Unsupported media type.",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: add the error answers to every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR_SCHEMA)
    ref = {"$ref": "#/components/schemas/Error"}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, text in ERRORS.items():
                if code in responses:
                    continue
                # validation errors of a serializer are {field: [messages]}: any object
                schema = {"type": "object", "additionalProperties": True} if code == "400" else ref
                responses[code] = {
                    "description": text,
                    "content": {"application/json": {"schema": schema}},
                }
    return result
