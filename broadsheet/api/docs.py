"""``/api/v1/docs``: the OpenAPI document rendered as a plain page on the server.

Swagger UI and ReDoc need inline styles, ``data:`` images or ``eval``, all of which the
site's Content-Security-Policy refuses; this page needs no script at all, and is made from
the same generated document as ``/api/v1/openapi.json``, so it cannot drift from it.
"""

from __future__ import annotations

from django.shortcuts import render

from .routes import api

REF = "#/components/schemas/"


def page(request):
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    schemas = document.get("components", {}).get("schemas", {})
    context = {
        "document": document,
        "operations": list(_operations(document)),
        "schemas": [_schema(name, schema) for name, schema in sorted(schemas.items())],
    }
    return render(request, "api/docs.html", context)


def _operations(document: dict):
    for path, methods in document.get("paths", {}).items():
        for method, operation in methods.items():
            yield {
                "method": method.upper(),
                "path": path,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": [_parameter(p) for p in operation.get("parameters", [])],
                "responses": [
                    {"status": status, "type": type_of(_json_schema(response))}
                    for status, response in operation.get("responses", {}).items()
                ],
            }


def _parameter(parameter: dict) -> dict:
    schema = parameter.get("schema", {})
    return {
        "name": parameter["name"],
        "where": parameter.get("in", ""),
        "required": parameter.get("required", False),
        "type": type_of(schema),
        "description": parameter.get("description") or schema.get("description", ""),
    }


def _json_schema(response: dict) -> dict:
    return response.get("content", {}).get("application/json", {}).get("schema", {})


def _schema(name: str, schema: dict) -> dict:
    required = set(schema.get("required", []))
    fields = [
        {
            "name": field,
            "type": type_of(spec),
            "required": field in required,
            "description": spec.get("description", ""),
        }
        for field, spec in schema.get("properties", {}).items()
    ]
    return {"name": name, "description": schema.get("description", ""), "fields": fields}


def type_of(schema: dict) -> str:
    """A schema as a short type: ``PageSummary``, ``list[PageRef]``, ``string | null``."""
    if "$ref" in schema:
        return schema["$ref"].removeprefix(REF)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " | ".join(type_of(s) for s in schema[key])
    if "const" in schema:
        return (
            repr(schema["const"]).lower()
            if isinstance(schema["const"], bool)
            else repr(schema["const"])
        )
    if "enum" in schema:
        return " | ".join(repr(v) for v in schema["enum"])
    if schema.get("type") == "array":
        return f"list[{type_of(schema.get('items', {}))}]"
    extra = f" ({schema['pattern']})" if "pattern" in schema else ""
    return f"{schema.get('type', 'any')}{extra}"
