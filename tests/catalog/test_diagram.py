"""The process diagram's layout, from plain step dicts (the shape a case freezes at filing): steps
one after another, a joint review group as parallel lanes joined before the next step, special
procedures flagged, and a case's position laid over it."""

from backend.catalog import diagram


def steps(*types, budget=1, department_id=1):
    return [{"step": s, "department_id": department_id, "role": "reviewer", "budget_days": budget} for s in types]


def run(position, status="done", used=None, send_back_to=None):
    return {"position": position, "status": status, "used_days": used, "send_back_to": send_back_to}


def state(*runs, **more):
    return {"runs": list(runs), "held": [], "finished": False, "waiting": False, "public": False, **more}


def statuses(d):
    return [n.status for n in d.nodes]


def test_sequential_steps_are_one_column_each():
    d = diagram.layout(steps("accept", "handle", "check", "decide", "complete"), departments={1: "市场监督管理局"})
    assert d.columns == 5 and d.rows == 1
    assert [s.number for s in d.stages] == [1, 2, 3, 4, 5]
    assert [(n.label, n.department, n.budget_days) for n in d.nodes][:2] == [
        ("受理", "市场监督管理局", 1), ("承办", "市场监督管理局", 1)]
    assert not any(s.parallel for s in d.stages)
    assert d.counted_days == 5 and not d.has_state and statuses(d) == [""] * 5
    assert d.summary.startswith("办理流程共 5 步：1. 受理（市场监督管理局，1 个工作日）；2. 承办")


def test_a_joint_group_of_three_departments_is_three_parallel_lanes_then_a_join():
    rows = steps("accept") + [{"step": "joint_review", "department": name, "budget_days": days}
                              for name, days in (("市场监督管理局", 2), ("消防救援大队", 5), ("生态环境分局", 3))]
    rows += steps("decide", "complete")
    d = diagram.layout(rows, departments={1: "行政审批局"})
    assert d.columns == 4 and d.rows == 3
    group = d.stages[1]
    assert group.parallel and group.lanes == 3 and group.number == 2
    assert [(n.position, n.lane, n.department) for n in group.nodes] == [
        (1, 0, "市场监督管理局"), (2, 1, "消防救援大队"), (3, 2, "生态环境分局")]
    assert group.budget_days == 5
    assert d.stages[2].nodes[0].step == "decide" and d.stages[2].number == 3  # the join comes before the decision
    assert d.counted_days == 1 + 5 + 1 + 1  # the group counts as its longest lane
    assert "由市场监督管理局、消防救援大队、生态环境分局同时进行，全部完成后进入下一步" in d.summary


def test_a_special_procedure_is_flagged_and_not_counted():
    d = diagram.layout(steps("accept", "check", "hearing", "decide", budget=3))
    hearing = d.nodes[2]
    assert hearing.special and not any(n.special for n in d.nodes if n is not hearing)
    assert d.has_special and d.counted_days == 9
    assert "听证（3 个工作日，不计入法定时限）" in d.summary


def test_an_empty_process_has_no_stages():
    d = diagram.layout([])
    assert d.stages == () and d.columns == 0 and d.rows == 0 and d.counted_days == 0
    assert d.summary == "尚未配置办理流程。"
    assert diagram.layout([], state=state()).current == []


def test_a_case_shows_done_current_and_pending_steps_with_used_days():
    d = diagram.layout(steps("accept", "handle", "check", "decide", budget=2),
                       state=state(run(0, used=1), run(1, used=3), run(2, "open", used=1)))
    assert statuses(d) == ["done", "done", "current", "pending"]
    assert [n.used_days for n in d.nodes] == [1, 3, 1, None]
    assert d.nodes[1].over_budget and not d.nodes[2].over_budget
    assert [n.label for n in d.current] == ["审核"]
    assert d.summary.endswith("当前环节：审核。")


def test_after_a_send_back_the_later_steps_are_to_do_again_but_a_held_hearing_is_not():
    types = ("accept", "handle", "check", "hearing", "authorize", "decide")
    runs = [run(0, used=0), run(1, used=1), run(2, used=1), run(3, used=5), run(4, used=1, send_back_to=2),
            run(2, "open", used=1)]
    d = diagram.layout(steps(*types), state=state(*runs, held=[3]))
    assert statuses(d) == ["done", "done", "current", "done", "pending", "pending"]
    assert d.nodes[2].runs == 2 and d.nodes[2].used_days == 2  # both runs of 审核 add up
    assert [(lp.from_label, lp.to_label, lp.count) for lp in d.loops] == [("审批", "审核", 1)]
    public = diagram.layout(steps(*types), state=state(*runs, held=[3], public=True))
    assert public.loops == () and all(n.runs == 0 for n in public.nodes)
    assert public.nodes[4].used_days is None  # the pending step's earlier run is not shown


def test_a_lane_done_while_another_runs_stays_done():
    rows = steps("accept") + steps("joint_review", "joint_review", "joint_review") + steps("decide")
    d = diagram.layout(rows, state=state(run(0), run(1, "open"), run(2), run(3, "open")))
    assert statuses(d) == ["done", "current", "done", "current", "pending"]
    assert [n.label for n in d.current] == ["联合审查", "联合审查"]


def test_a_finished_case_marks_the_steps_that_never_ran_as_skipped():
    d = diagram.layout(steps("accept", "check", "decide", "certify", "deliver"),
                       state=state(run(0), run(1), run(2), run(4), finished=True))
    assert statuses(d) == ["done", "done", "done", "skipped", "done"]
    assert d.current == [] and d.summary.endswith("办理已结束。")


def test_a_case_waiting_for_a_supplement_waits_at_acceptance():
    d = diagram.layout(steps("accept", "check", "decide"), state=state(run(0), waiting=True))
    assert statuses(d) == ["waiting", "pending", "pending"]
    assert d.nodes[0].status_label == "待补正材料"


def test_a_step_run_twice_after_a_send_back_has_its_budget_twice():
    from backend.catalog.diagram import layout

    steps = [{"step": s, "department_id": 1, "role": "reviewer", "budget_days": 1}
             for s in ("accept", "check", "authorize", "decide")]
    runs = [{"position": 0, "status": "done", "used_days": 0}, {"position": 1, "status": "done", "used_days": 1},
            {"position": 2, "status": "done", "used_days": 1, "send_back_to": 1},
            {"position": 1, "status": "done", "used_days": 1}, {"position": 2, "status": "open", "used_days": 1}]
    nodes = {n.step: n for stage in layout(steps, state={"runs": runs}).stages for n in stage.nodes}
    assert nodes["check"].used_days == 2 and nodes["check"].runs == 2 and not nodes["check"].over_budget
    runs.append({"position": 2, "status": "open", "used_days": 2})
    nodes = {n.step: n for stage in layout(steps, state={"runs": runs}).stages for n in stage.nodes}
    assert nodes["authorize"].used_days == 4 and nodes["authorize"].over_budget  # 4 days for 3 runs of 1
