"""The permit process. One flow serves every item: which steps run, who does them and their
budgets come from the item's catalog configuration (catalog.ProcessStep), so administrators
change a process without code."""

from __future__ import annotations

from viewflow import this
from viewflow.workflow import flow, lock

from backend.cases.models import Case

from . import steps
from .nodes import DataSplit, RoutedStepView, StepView


class PermitFlow(flow.Flow):
    process_title = "行政许可审批"
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_case).Next(this.accept)

    accept = (
        RoutedStepView("accept", data_source=steps.step_configs).Annotation(title="受理")
        .Case(this.wait_supplement, lambda act: steps.case_of(act.process).status == Case.Status.SUPPLEMENT_REQUESTED)
        .Case(this.end, lambda act: steps.case_of(act.process).status in steps.FINAL_STATUSES)
        .Case(this.sole_review, steps.configured("review"))
        .Case(this.review_split, steps.configured("joint_review"))
        .Case(this.inspection, steps.configured("inspection"))
        .Default(this.decide)
    )

    wait_supplement = flow.Handle(this.resubmitted).Annotation(title="补正").Next(this.accept)

    # One reviewing department: a plain task. Joint items: one review task per department, then
    # a join. (Cases filed before sole_review existed reach the join path from `review` too.)
    sole_review = (
        RoutedStepView("review", data_source=steps.step_configs).Annotation(title="审查")
        .Case(this.inspection, steps.configured("inspection"))
        .Default(this.decide)
    )
    review_split = DataSplit().NextForEach(this.review, steps.review_configs)
    review = StepView("review").Annotation(title="审查").Next(this.review_join)
    review_join = flow.Join().Next(this.after_review)
    after_review = (
        flow.Switch()
        .Case(this.inspection, steps.configured("inspection"))
        .Default(this.decide)
    )

    inspection = StepView("inspection", data_source=steps.step_configs).Annotation(title="现场核查").Next(this.decide)
    decide = (
        RoutedStepView("decide", data_source=steps.step_configs).Annotation(title="决定")
        .Case(this.complete, steps.configured("complete"))
        .Default(this.end)
    )
    complete = StepView("complete", data_source=steps.step_configs).Annotation(title="办结").Next(this.end)

    end = flow.End()

    def start_case(self, activation, case: Case):
        activation.process.data = {"case_id": case.pk, "steps": steps.steps_snapshot(case.item_id)}
        steps.remember_case(activation.process, case)
        return activation.process

    def resubmitted(self, activation):
        return activation.process
