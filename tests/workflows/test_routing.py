"""Steps route to their successor themselves; the process history holds only real work."""

from viewflow.workflow.chart import calc_layout_data
from viewflow.workflow.models import Task

from backend.cases.models import Case
from tests import factories
from tests.workflows.test_lifecycle import act, file_case
from workflows.flows import PermitFlow


def _history(number: str) -> list[tuple]:
    case = Case.objects.get(number=number)
    return list(Task.objects.filter(process_id=case.process_id).order_by("id")
                .values_list("flow_task", "data").iterator())


def _names(tasks) -> list[str]:
    """Each task as its node's name, and for a step task the configured step it did."""
    return [f"{node.name}:{data['step']}" if data and "step" in data else node.name for node, data in tasks]


def test_flow_chart_shows_every_route_a_step_can_take():
    grid = calc_layout_data(PermitFlow)
    edges = {(edge.src.name, edge.dst.name) for edge in grid.edges}
    assert {("accept", "wait_supplement"), ("accept", "end"), ("accept", "review_split"), ("accept", "step"),
            ("step", "step"), ("step", "review_split"), ("step", "end"),
            ("review_split", "review"), ("review", "review_join"), ("after_review", "step")} <= edges


def test_bpmn_export_marks_each_steps_default_route():
    from viewflow.workflow.chart import grid_to_bpmn

    bpmn = grid_to_bpmn(calc_layout_data(PermitFlow))
    assert 'id="id_node_accept" default="id_edge_accept__end"' in bpmn
    assert 'id="id_node_step" default="id_edge_step__end"' in bpmn
    assert 'id="id_edge_step__step"' in bpmn


def test_single_review_case_history_is_the_steps_people_did(db, staff, dept, api):
    item = factories.item(dept)
    case = file_case(api, staff["applicant"], item)
    act(api, staff["clerk"], case["number"], "accept", "accept")
    act(api, staff["reviewer"], case["number"], "review", "done")
    act(api, staff["approver"], case["number"], "decide", "approve")
    act(api, staff["clerk"], case["number"], "complete", "done")
    assert _names(_history(case["number"])) == ["start", "accept:accept", "step:review", "step:decide", "step:complete",
                                                    "end"]


def test_decision_without_complete_step_ends_the_process(db, staff, dept, api):
    item = factories.item(dept, steps=["accept", "decide"])
    case = file_case(api, staff["applicant"], item)
    act(api, staff["clerk"], case["number"], "accept", "accept")
    act(api, staff["approver"], case["number"], "decide", "approve")
    assert _names(_history(case["number"])) == ["start", "accept:accept", "step:decide", "end"]
    assert Case.objects.get(number=case["number"]).process.status == "DONE"


def test_refusal_at_acceptance_ends_the_process(db, staff, dept, api):
    item = factories.item(dept)
    case = file_case(api, staff["applicant"], item)
    act(api, staff["clerk"], case["number"], "accept", "refuse", opinion="不属于本部门职权范围")
    assert _names(_history(case["number"])) == ["start", "accept:accept", "end"]
