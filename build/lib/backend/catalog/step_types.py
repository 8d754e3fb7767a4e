"""The step types an administrator composes a process from, and the pure rules about them.

受理 accept · 承办 handle (the handling officer drafts an opinion) · 审核 check (section chief) ·
审批 authorize (deputy head) · 签发 sign (head) — any number of these sign-off levels, each with its
own department, role and budget — · 审查 review · 联合审查 joint_review (parallel; consecutive
joint reviews are one group, joined before the next step) · 现场核查/勘验 inspection · 专家评审
expert_review · 听证 hearing · 检验检测检疫鉴定 testing · 公示 publicity · 集体讨论 collective ·
决定 decide · 制证 certify · 送达 deliver · 办结 complete.
"""

from __future__ import annotations

ACCEPT, HANDLE, CHECK, AUTHORIZE, SIGN = "accept", "handle", "check", "authorize", "sign"
REVIEW, JOINT_REVIEW, INSPECTION = "review", "joint_review", "inspection"
EXPERT_REVIEW, HEARING, TESTING = "expert_review", "hearing", "testing"
PUBLICITY, COLLECTIVE = "publicity", "collective"
DECIDE, CERTIFY, DELIVER, COMPLETE = "decide", "certify", "deliver", "complete"

# Sign-off levels: an opinion, then pass on or send back to an earlier step.
SIGN_OFF = (HANDLE, CHECK, AUTHORIZE, SIGN, REVIEW, COLLECTIVE)
# 行政许可法 art. 45: time for hearings, tenders, auctions, testing, inspection and quarantine,
# appraisal and expert review is not counted in the time limit. The case clock stops for the step;
# the step runs on its own clock.
SPECIAL_PROCEDURES = (HEARING, EXPERT_REVIEW, TESTING)
# How a step's budget is counted: working days, or — for a 公示 notice period only — calendar days.
WORKING_DAYS, CALENDAR_DAYS = "working", "calendar"
# Steps that occur at most once in a process.
SINGLE = (ACCEPT, DECIDE, CERTIFY, DELIVER, COMPLETE)


def stops_case_clock(step: str) -> bool:
    return step in SPECIAL_PROCEDURES


def counts_toward_limit(step: str) -> bool:
    return not stops_case_clock(step)


def may_send_back(step: str) -> bool:
    """A sign-off level or the decision may return the file to an earlier step."""
    return step in SIGN_OFF or step == DECIDE


def send_back_targets(steps: list[str], position: int) -> list[int]:
    """The earlier positions a step at `position` may send the file back to: any step after
    acceptance that is not part of a joint review group (the group is re-run from its start)."""
    targets = []
    for at in range(1, position):
        if steps[at] == JOINT_REVIEW and at > 0 and steps[at - 1] == JOINT_REVIEW:
            continue  # inside a group: its first member stands for it
        targets.append(at)
    return targets


def default_send_back_target(targets: dict[int, str]) -> int:
    """Of {position: step type}, where a send-back goes unless its holder names another: the
    nearest sign-off level, else the nearest step (never a hearing while a level exists)."""
    levels = [at for at, step in targets.items() if may_send_back(step)]
    return max(levels or targets)


def joint_group_end(steps: list[str], start: int) -> int:
    """The position after the joint review group starting at `start`."""
    end = start
    while end < len(steps) and steps[end] == JOINT_REVIEW:
        end += 1
    return end
