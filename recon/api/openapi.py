"""The OpenAPI 3.1 document served at /api/v1/openapi.json."""

from __future__ import annotations

ERRORS = {
    "type": "object",
    "properties": {"errors": {"type": "object", "additionalProperties": {"type": "string"}}},
}


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}}}


def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "recon 行政复议 API", "version": "1.0.0"},
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Errors": ERRORS,
                "CaseSummary": {
                    "type": "object",
                    "properties": {
                        "case_no": {"type": "string"}, "status": {"type": "string"},
                        "procedure": {"type": ["string", "null"]}, "channel": {"type": "string"},
                        "version": {"type": "integer"}, "filed_on": {"type": "string", "format": "date"},
                        "received_on": {"type": "string", "format": "date"},
                        "accepted_on": {"type": ["string", "null"], "format": "date"},
                        "deemed_accepted": {"type": "boolean"},
                        "closed_on": {"type": ["string", "null"], "format": "date"},
                        "closure": {"type": ["string", "null"]}, "respondent": {"type": "string"},
                    },
                },
            },
        },
        "security": [{"bearer": []}],
        "paths": {
            "/auth/token": {
                "post": {
                    "summary": "签发接口令牌",
                    "security": [],
                    "requestBody": {"content": {"application/json": {"schema": {
                        "type": "object", "required": ["username", "password"],
                        "properties": {"username": {"type": "string"}, "password": {"type": "string"}},
                    }}}},
                    "responses": {
                        "200": {"description": "令牌", "content": {"application/json": {"schema": {
                            "type": "object",
                            "properties": {"token": {"type": "string"},
                                           "expires_at": {"type": "string", "format": "date-time"},
                                           "role": {"type": "string"}},
                        }}}},
                        "401": _error("用户名或密码不正确，或账号已锁定"),
                        "422": _error("缺少字段"),
                    },
                }
            },
            "/cases": {
                "get": {
                    "summary": "案件列表（工作人员）",
                    "parameters": [
                        {"name": n, "in": "query", "schema": {"type": t}}
                        for n, t in (("status", "string"), ("handler", "string"),
                                     ("due_before", "string"), ("page", "integer"),
                                     ("per_page", "integer"))
                    ],
                    "responses": {
                        "200": {"description": "分页列表", "content": {"application/json": {"schema": {
                            "type": "object",
                            "properties": {
                                "items": {"type": "array",
                                          "items": {"$ref": "#/components/schemas/CaseSummary"}},
                                "page": {"type": "integer"}, "per_page": {"type": "integer"},
                                "total": {"type": "integer"},
                            },
                        }}}},
                        "401": _error("未提供有效令牌"),
                        "403": _error("该角色无权查看"),
                        "422": _error("参数无效"),
                    },
                }
            },
        },
    }
