"""The OpenAPI 3.1 document served at /api/v1/openapi.json."""

from __future__ import annotations

from recon.cases.status import MATERIAL_ITEM_LABELS

ERRORS = {
    "type": "object",
    "properties": {"errors": {"type": "object", "additionalProperties": {"type": "string"}}},
}


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}}}


PARTY = {"type": "object", "properties": {k: {"type": "string"} for k in (
    "kind", "name", "id_number", "phone", "address", "postcode", "email", "legal_representative")}}
DATE = {"type": "string", "format": "date"}
#: GET /stats figure names (api.md "Additions (v1.1)").
STAT_FIGURES = ("received", "accepted", "closed", "mediated", "settled", "self_corrected",
                "resolved_before_acceptance", "correction_rate", "mediation_withdrawal_rate",
                "substantive_resolution_rate", "sued_after_rate", "on_time_rate", "yoy_received")
#: The intake point (接收点) where the application was handed in, and its hand-over to the bureau.
POINT = {
    "point": {"type": "string", "maxLength": 20,
              "description": "接收点编码（管理员维护的接收点名单中启用的接收点），不经接收点的不填"},
    "point_received_on": {**DATE, "description": "接收点收件日期（须填 point）"},
    "handed_over_on": {**DATE, "description": "接收点移交本机关日期（须填 point；不早于接收点收件日期）"},
    "handed_over_to": {"type": "string", "maxLength": 80, "description": "本机关接收人"},
}
APPLICATION = {
    "type": "object",
    "required": ["channel", "applicant", "respondent", "act", "request", "facts_and_reasons"],
    "properties": {
        "channel": {"enum": ["online", "onsite", "postal"]},
        "submission_token": {"type": "string", "description": "同一标识再次提交返回同一案件"},
        "applicant": PARTY,
        "agents": {"type": "array", "maxItems": 2, "items": {"type": "object", "properties": {
            k: {"type": "string"} for k in ("name", "id_number", "phone", "kind")}}},
        "third_parties": {"type": "array", "maxItems": 20, "items": {"type": "object", "properties": {
            "name": {"type": "string"}, "id_number": {"type": "string"}}}},
        "respondent": {"type": "object", "properties": {"name": {"type": "string"}}},
        "act": {"type": "object", "properties": {
            "title": {"type": "string"}, "doc_no": {"type": "string"}, "made_on": DATE,
            "known_on": DATE, "informed_of_rights": {"type": "boolean"},
            "known_on_note": {"type": "string", "maxLength": 500,
                              "description": "记不清具体哪一天的，known_on 填大致日期并在此说明"}}},
        "request": {"type": "string"},
        "facts_and_reasons": {"type": "string"},
        "litigation_filed": {"type": "boolean"},
        "normative_review": {"type": ["string", "null"]},
        "attachments": {"type": "array", "maxItems": 30, "items": {"type": "string"}},
        "postal": {"type": "object", "properties": {
            "postmark_on": DATE, "received_on": DATE, "tracking_no": {"type": "string"},
            "sender_address": {"type": "string"}, **POINT}},
        "onsite": {"type": "object", "properties": {
            "received_at": DATE, "oral": {"type": "boolean"}, "oral_statement": {"type": "string"}, **POINT}},
        "service": {"type": "object", "description": "送达方式（选填）。不提供的，按申请人地址邮寄送达，不电子送达、不发短信",
                    "properties": {
                        "address": {"type": "string", "description": "送达地址，默认申请人地址"},
                        "phone": {"type": "string", "description": "联系电话，默认申请人电话"},
                        "e_service": {"type": "boolean", "description": "申请人同意电子送达"},
                        "email": {"type": "string", "description": "电子送达的邮箱，e_service 为 true 时必填"},
                        "sms": {"type": "boolean", "description": "申请人同意接收短信通知"}}},
    },
}
DEADLINE = {"type": "object", "properties": {
    "rule": {"type": "string"}, "start_on": DATE, "due_on": {"type": ["string", "null"], "format": "date"},
    "unit": {"type": "string"}, "article": {"type": "string"}, "provisional": {"type": "boolean"},
    "state": {"enum": ["open", "met", "overdue", "paused", "cancelled"]}}}
CASE_BODY = {"allOf": [{"$ref": "#/components/schemas/CaseSummary"}, {"type": "object", "properties": {
    "handler": {"type": ["string", "null"]},
    "deadlines": {"type": "array", "items": DEADLINE},
    "timeline": {"type": "array", "items": {"type": "object", "properties": {
        "at": {"type": "string", "format": "date-time"}, "kind": {"type": "string"},
        "summary": {"type": "string"}}}},
    "documents": {"type": "array", "items": {"type": "object", "properties": {
        k: {"type": "string"} for k in ("kind", "number", "issued_at", "url", "verification_code")}}},
    "mediation": {"type": "object"},
}}]}


def _json(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "recon 行政复议 API", "version": "1.0.0"},
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Errors": ERRORS,
                "Application": APPLICATION,
                "Case": CASE_BODY,
                "StatFigure": {
                    "type": "object",
                    "properties": {
                        "value": {"type": ["number", "null"],
                                  "description": "件数；比率为 0–1 的小数，分母为 0 时为 null"},
                        "numerator": {"type": ["integer", "null"]},
                        "denominator": {"type": ["integer", "null"]},
                        "formula": {"type": "string"},
                    },
                },
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
            "/applications": {
                "post": {
                    "summary": "提交行政复议申请（申请人仅限 online；窗口人员三种渠道）",
                    "requestBody": _json({"$ref": "#/components/schemas/Application"}),
                    "responses": {
                        "201": {"description": "已登记", **_json({"allOf": [
                            {"$ref": "#/components/schemas/Case"},
                            {"type": "object", "properties": {
                                "query_code": {"type": "string"},
                                "timely": {"type": ["boolean", "null"]},
                                "receipt_url": {"type": "string"},
                                "related_cases": {"type": "array", "items": {"type": "object", "properties": {
                                    "case_no": {"type": "string"}, "reason": {"type": "string"}}}},
                            }}]})},
                        "200": {"description": "同一 submission_token 已登记过，返回原案件"},
                        "400": _error("请求体不是 JSON 对象"),
                        "401": _error("未提供有效令牌"),
                        "403": _error("该角色不能通过此渠道提交"),
                        "422": _error("字段有误，键为字段路径，如 applicant.id_number"),
                    },
                }
            },
            "/uploads": {
                "post": {
                    "summary": "上传附件（PDF、JPG、PNG，按内容识别；单个不超过 20 MB）",
                    "requestBody": {"content": {"multipart/form-data": {"schema": {
                        "type": "object", "properties": {"file": {"type": "string", "format": "binary"},
                                                         "item": {"enum": list(MATERIAL_ITEM_LABELS),
                                                                  "default": "evidence"}}}}}},
                    "responses": {
                        "201": {"description": "已保存", **_json({"type": "object", "properties": {
                            "id": {"type": "string"}, "sha256": {"type": "string"},
                            "size": {"type": "integer"}, "content_type": {"type": "string"}}})},
                        "422": _error("文件类型或大小不符合要求，或材料类别（item）无效"),
                    },
                }
            },
            "/cases/{case_no}": {
                "get": {
                    "summary": "案件详情（申请人只能查看本人案件）",
                    "parameters": [{"name": "case_no", "in": "path", "required": True,
                                    "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "案件", **_json({"$ref": "#/components/schemas/Case"})},
                                  "404": _error("案件不存在或无权查看")},
                }
            },
            "/documents/{document_id}.pdf": {
                "get": {
                    "summary": "下载已签发文书（每次内容相同）",
                    "parameters": [{"name": "document_id", "in": "path", "required": True,
                                    "schema": {"type": "integer"}}],
                    "responses": {"200": {"description": "PDF", "content": {"application/pdf": {}}},
                                  "404": _error("文书不存在或无权查看")},
                }
            },
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
            "/stats": {
                "get": {
                    "summary": "统计指标（复议机构负责人）：各指标的数值、分子、分母和计算公式",
                    "parameters": [{"name": n, "in": "query", "required": True,
                                    "schema": {"type": "string", "format": "date"}} for n in ("from", "to")],
                    "responses": {
                        "200": {"description": "统计期间内的指标", **_json({
                            "type": "object",
                            "properties": {
                                "from": DATE, "to": DATE,
                                "definition_version": {"type": "integer",
                                                       "description": "所用统计口径的版本（0 为系统默认）"},
                                "figures": {"type": "object", "properties": {
                                    name: {"$ref": "#/components/schemas/StatFigure"} for name in STAT_FIGURES}},
                            }})},
                        "401": _error("未提供有效令牌"),
                        "403": _error("该角色无权查看"),
                        "422": _error("缺少 from 或 to，或日期无效"),
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
