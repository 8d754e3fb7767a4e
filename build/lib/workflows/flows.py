"""The permit process. One flow serves every item: which steps run, in which order, who does
them and their budgets come from the item's published process version (catalog.ProcessVersion,
copied onto the process when the case is filed), so administrators compose a process without code.

After acceptance one generic node, `step`, walks the configured steps one by one — any number of
sign-off levels, procedures, the decision, certificate, delivery — routing to itself for the next
position (or an earlier one, when a holder sends the file back); a group of joint reviews runs in
parallel between a split and a join."""

from __future__ import annotations

from viewflow import this
from viewflow.workflow import flow, lock

from backend.cases.models import Case

from . import publicity, steps
from .nodes import DataSplit, RoutedStepView, StepView


class PermitFlow(flow.Flow):
    process_title = "行政许可审批"
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_case).Next(this.accept)

    accept = (
        RoutedStepView("accept", data_source=steps.accept_config).Annotation(title="受理")
        .Case(this.wait_supplement, steps.case_waits_for_supplement)
        .Case(this.end, steps.case_is_final)
        .Case(this.review_split, steps.next_is_joint)
        .Case(this.step, steps.has_next)
        .Default(this.end)
    )

    wait_supplement = flow.Handle(this.resubmitted).Annotation(title="补正").Next(this.accept)

    step = (
        RoutedStepView("step", data_source=steps.next_config).onCreate(this.step_created)
        .Annotation(title="办理环节")
        .Case(this.end, steps.case_is_final)
        .Case(this.review_split, steps.next_is_joint)
        .Case(this.step, steps.has_next)
        .Default(this.end)
    )

    review_split = DataSplit().NextForEach(this.review, steps.joint_group_configs)
    review = StepView("review").Annotation(title="联合审查").Next(this.review_join)
    review_join = flow.Join().Next(this.after_review)
    after_review = (
        flow.Switch()
        .Case(this.step, steps.has_next)
        .Default(this.end)
    )

    end = flow.End()

    def start_case(self, activation, case: Case):
        activation.process.data = {"case_id": case.pk, "process_version": case.process_version.version,
                                   "steps": [dict(s) for s in case.process_version.steps]}
        steps.remember_case(activation.process, case)
        return activation.process

    def step_created(self, activation):
        publicity.publicity_start(activation)

    def resubmitted(self, activation):
        return activation.process
