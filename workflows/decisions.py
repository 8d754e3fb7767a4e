"""What the holder of a task may decide, and what a completion must carry: the pure rules behind
`allowed_decisions`, the task API's `decisions` and its `input_schema` (DESIGN §4).

Decisions are listed favourable first (accept, approve, done), then the others in the order a
window clerk meets them: a supplement before a refusal. The schema is JSON Schema (draft 2020-12)
of the body of `POST /api/v1/tasks/{id}/complete/`; a client can build its form from it, and the
400 it would otherwise get names the same fields.
"""

from __future__ import annotations

from backend.cases import receipts
from backend.catalog.step_types import default_send_back_target

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
                 recommendation: str | None = None, materials: list[dict] | None = None) -> dict:
    """The completion body for a task offering `decisions`; `send_back_targets`: the earlier steps
    a send-back may return to ({"position", "step"}), the nearest last; `recommendation`: the
    latest 承办/审核 recommendation ("approve" or "deny"), which a decision overrules only with
    a written reason; `materials`: at acceptance, the guide's materials ({"id", "name", "required"})
    the checklist ticks (`received_materials`; omitted, the files uploaded count as received)."""
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
    accepting = [d for d in decisions if d in ("accept", "approve")]
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
        required = [m["id"] for m in materials if m["required"]]
        if required:
            conditions.append({
                "if": {"properties": {"decision": {"enum": accepting}}, "required": ["received_materials"]},
                "then": {"properties": {"received_materials": {"allOf": [
                    {"contains": {"properties": {"requirement": {"const": i}}}} for i in required]}}},
            })
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["decision"],
        "properties": properties,
        "additionalProperties": False,
    }
    if conditions:
        schema["allOf"] = conditions
    return schema
