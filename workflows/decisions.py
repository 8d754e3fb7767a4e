"""What the holder of a task may decide, and what a completion must carry: the pure rules behind
`allowed_decisions`, the task API's `decisions` and its `input_schema` (DESIGN §4).

Decisions are listed favourable first (accept, approve, done), then the others in the order a
window clerk meets them: a supplement before a refusal. The schema is JSON Schema (draft 2020-12)
of the body of `POST /api/v1/tasks/{id}/complete/`; a client can build its form from it, and the
400 it would otherwise get names the same fields.
"""

from __future__ import annotations

OPINION_MAX_LENGTH = 2000
MATERIAL_NAME_MAX_LENGTH = 200

ORDER = ("accept", "approve", "done", "supplement", "refuse", "deny")
BY_STEP = {
    "accept": ("accept", "supplement", "refuse"),
    "review": ("done",),
    "joint_review": ("done",),
    "inspection": ("done",),
    "decide": ("approve", "deny"),
    "complete": ("done",),
}
# An immediate item (即办件) is accepted and decided at the window in one step.
IMMEDIATE_ACCEPT = ("approve", "supplement", "refuse", "deny")
# Decisions whose written reasons the law requires (行政许可法 arts. 32, 38).
REASONS_REQUIRED = {"refuse", "deny"}


def decisions_for(step: str, *, immediate: bool = False) -> list[str]:
    if step == "accept" and immediate:
        return list(IMMEDIATE_ACCEPT)
    return list(BY_STEP.get(step, ()))


def input_schema(decisions: list[str]) -> dict:
    """The completion body for a task offering `decisions`."""
    properties: dict = {
        "decision": {"type": "string", "enum": list(decisions), "title": "处理结果"},
        "opinion": {"type": "string", "maxLength": OPINION_MAX_LENGTH, "title": "办理意见"},
    }
    conditions = []
    required_reason = [d for d in decisions if d in REASONS_REQUIRED]
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
