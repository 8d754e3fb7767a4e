"""What the holder of a task may decide, and what a completion must carry: the pure rules behind
`allowed_decisions`, the task API's `decisions` and its `input_schema` (DESIGN §4).

Decisions are listed favourable first (accept, approve, done), then the others in the order a
window clerk meets them: a supplement before a refusal. The schema is JSON Schema (draft 2020-12)
of the body of `POST /api/v1/tasks/{id}/complete/`; a client can build its form from it, and the
400 it would otherwise get names the same fields.
"""

from __future__ import annotations

from backend.cases import receipts
from backend.catalog.step_types import CERTIFY, DELIVER, default_send_back_target
from backend.certificates import rules as certificate_rules

OPINION_MAX_LENGTH = 2000
MATERIAL_NAME_MAX_LENGTH = 200

ORDER = ("accept", "approve", "recommend_approve", "done", "supplement", "refuse", "deny", "recommend_deny",
         "send_back")
BY_STEP = {
    "accept": ("accept", "supplement", "refuse"),
    "decide": ("approve", "deny"),
    # 承办 and 审核 recommend (建议准予 / 建议不予); the decision may overrule only in writing.
    "handle": ("recommend_approve", "recommend_deny"),
    "check": ("recommend_approve", "recommend_deny"),
}
RECOMMENDATIONS = {"recommend_approve": "approve", "recommend_deny": "deny"}
# Every other step type (catalog.step_types): its holder records an opinion and passes the file on.
DEFAULT = ("done",)
# An immediate item (即办件) is accepted and decided at the window in one step.
IMMEDIATE_ACCEPT = ("approve", "supplement", "refuse", "deny")
# Decisions whose written reasons the law requires (行政许可法 arts. 32, 38), and a send-back, whose
# reason the earlier level must read.
REASONS_REQUIRED = {"refuse", "deny", "send_back", "recommend_deny"}
# What 制证 and 送达 take beyond the decision and opinion (backend/certificates): a certificate's
# holder, scope and validity; a delivery's method, date, recipient and proof. `proof` is a file, so a
# completion carrying it is sent as multipart/form-data; every other field also travels in JSON.
STEP_FIELDS = {
    CERTIFY: ("holder", "scope", "valid_from", "valid_until"),
    DELIVER: ("delivery_method", "delivered_on", "recipient", "tracking_number", "confirmation", "proof"),
}
STEP_INPUT = frozenset(name for fields in STEP_FIELDS.values() for name in fields)
FILE_FIELDS = frozenset({"proof"})  # sent as files (multipart), never as text


def overrules(decision: str, recommendation: str | None) -> bool:
    """A decision against the latest recommendation (建议准予 → 不予, 建议不予 → 准予)."""
    return decision in ("approve", "deny") and recommendation in ("approve", "deny") and decision != recommendation


def decisions_for(step: str, *, immediate: bool = False, can_send_back: bool = False) -> list[str]:
    if step == "accept" and immediate:
        return list(IMMEDIATE_ACCEPT)
    if step == "accept":
        return list(BY_STEP["accept"])
    return list(BY_STEP.get(step, DEFAULT)) + (["send_back"] if can_send_back else [])


def input_schema(decisions: list[str], *, send_back_targets: list[dict] | None = None,
                 recommendation: str | None = None, step: str = "", holder: str = "",
                 materials: list[dict] | None = None) -> dict:
    """The completion body for a task offering `decisions`; `send_back_targets`: the earlier steps
    a send-back may return to ({"position", "step"}), the nearest last; `recommendation`: the
    latest 承办/审核 recommendation ("approve" or "deny"), which a decision overrules only with
    a written reason; `step`: the task's step type, for what 制证 and 送达 take (`holder`: the
    certificate holder proposed, the applicant); `materials`: at acceptance, the guide's materials
    ({"id", "name", "required"}) the checklist ticks (`received_materials`; omitted, the files
    uploaded count as received)."""
    properties: dict = {
        "decision": {"type": "string", "enum": list(decisions), "title": "处理结果"},
        "opinion": {"type": "string", "maxLength": OPINION_MAX_LENGTH, "title": "办理意见"},
    }
    conditions = []
    required_reason = [d for d in decisions if d in REASONS_REQUIRED or overrules(d, recommendation)]
    if required_reason:
        conditions.append({
            "if": {"properties": {"decision": {"enum": required_reason}}},
            "then": {"required": ["opinion"], "properties": {"opinion": {"minLength": 1}}},
        })
    if "supplement" in decisions:
        properties["missing_materials"] = {
            "type": "array", "title": "需补正的全部材料（一次性告知）",
            "items": {"type": "string", "minLength": 1, "maxLength": MATERIAL_NAME_MAX_LENGTH},
        }
        conditions.append({
            "if": {"properties": {"decision": {"const": "supplement"}}},
            "then": {"required": ["missing_materials"], "properties": {"missing_materials": {"minItems": 1}}},
        })
    if "send_back" in decisions and send_back_targets:
        properties["send_back_to"] = {
            "type": "integer", "enum": [t["position"] for t in send_back_targets], "title": "退回至环节（顺序号）",
            "default": default_send_back_target({t["position"]: t["step"] for t in send_back_targets}),
        }
    # `materials` is given only at acceptance, where these decisions accept the application.
    accepting = [d for d in decisions if d in ("accept", "approve", "deny")]
    if materials and accepting:
        properties["received_materials"] = {
            "type": "array", "title": "已收材料（受理核验）",
            "items": {"type": "object", "required": ["requirement"], "additionalProperties": False, "properties": {
                "requirement": {"type": "integer", "enum": [m["id"] for m in materials]},
                "form": {"type": "string", "enum": list(receipts.FORMS)},
                "copies": {"type": "integer", "minimum": 1, "maximum": receipts.MAX_COPIES},
                "medium": {"type": "string", "enum": list(receipts.MEDIA)},
            }},
        }
        required_ids = [m["id"] for m in materials if m["required"]]
        if required_ids:
            conditions.append({
                "if": {"properties": {"decision": {"enum": accepting}}, "required": ["received_materials"]},
                "then": {"properties": {"received_materials": {"allOf": [
                    {"contains": {"properties": {"requirement": {"const": i}}}} for i in required_ids]}}},
            })
    required = ["decision"]
    if decisions and step == CERTIFY:
        required += _certify_fields(properties, holder)
    elif decisions and step == DELIVER:
        required += _deliver_fields(properties, conditions)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": False,
    }
    if conditions:
        schema["allOf"] = conditions
    return schema


def _certify_fields(properties: dict, holder: str) -> list[str]:
    properties.update({
        "holder": {"type": "string", "maxLength": certificate_rules.HOLDER_MAX_LENGTH, "title": "持证人",
                   "default": holder, "description": "不填为申请人"},
        "scope": {"type": "string", "minLength": 1, "maxLength": certificate_rules.SCOPE_MAX_LENGTH,
                  "title": "许可范围（证书载明的许可事项和内容）"},
        "valid_from": {"type": "string", "format": "date", "title": "有效期起（不早于决定日期）"},
        "valid_until": {"type": ["string", "null"], "format": "date", "title": "有效期至（不填为长期有效）"},
    })
    return ["scope", "valid_from"]


def _deliver_fields(properties: dict, conditions: list) -> list[str]:
    methods = list(certificate_rules.METHODS)
    properties.update({
        "delivery_method": {"type": "string", "enum": methods, "title": "送达方式（窗口领取、邮寄、电子送达）"},
        "delivered_on": {"type": "string", "format": "date",
                         "title": "送达日期（签收日期，不晚于今天、不早于决定日期）"},
        "recipient": {"type": "string", "minLength": 1, "maxLength": certificate_rules.RECIPIENT_MAX_LENGTH,
                      "title": "签收人"},
        "tracking_number": {"type": "string", "maxLength": certificate_rules.TRACKING_MAX_LENGTH,
                            "pattern": "^[A-Za-z0-9 -]*$", "title": "邮件运单号（邮寄送达）"},
        "confirmation": {"type": "string", "maxLength": certificate_rules.CONFIRMATION_MAX_LENGTH,
                         "title": "送达确认信息（电子送达：平台回执号或申请人确认记录）"},
        "proof": {"type": "string", "contentMediaType": "application/octet-stream",
                  "title": "送达回证扫描件（PDF、JPEG 或 PNG；以 multipart/form-data 上传）"},
    })
    conditions.extend([
        {"if": {"properties": {"delivery_method": {"const": certificate_rules.POST}}, "required": ["delivery_method"]},
         "then": {"required": ["tracking_number", "proof"], "properties": {"tracking_number": {"minLength": 1}}}},
        {"if": {"properties": {"delivery_method": {"const": certificate_rules.WINDOW}},
                "required": ["delivery_method"]},
         "then": {"required": ["proof"]}},
        {"if": {"properties": {"delivery_method": {"const": certificate_rules.ELECTRONIC}},
                "required": ["delivery_method"]},
         "then": {"required": ["confirmation"], "properties": {"confirmation": {"minLength": 1}}}},
    ])
    return ["delivery_method", "delivered_on", "recipient"]
