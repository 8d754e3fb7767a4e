"""Small extensions of viewflow's nodes for per-item configured processes."""

from __future__ import annotations

from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.base import Edge
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.nodes.split import SplitActivation
from viewflow.workflow.nodes.view import ViewActivation


class StepActivation(ViewActivation):
    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        if not data:
            data = flow_task.step_data(prev_activation)
        return super().create(flow_task, prev_activation, token, data=data, seed=seed)


class StepView(flow.View):
    """A human task whose assignee (department + role) and budget come from the item's catalog
    configuration, stored on the task's `data` when the task is created."""

    activation_class = StepActivation

    def __init__(self, step: str, data_source=None, **kwargs):
        from .views import task_page_view

        super().__init__(task_page_view, **kwargs)
        self.step = step
        self._data_source = data_source

    def _resolve(self, instance):
        super()._resolve(instance)
        self._data_source = this.resolve(instance, self._data_source)

    def step_data(self, prev_activation) -> dict:
        items = self._data_source(prev_activation, self.step)
        if len(items) != 1:
            raise FlowRuntimeError(f"Step {self.step} needs exactly one configuration, found {len(items)}")
        return items[0]


class RoutedStepActivation(StepActivation):
    @Activation.status.super()
    def create_next(self):
        yield self.flow_task.route(self)._create(self, self.task.token)


class RoutedStepView(StepView):
    """A step task that chooses its successor itself, with Switch's `.Case(node, cond)` and
    `.Default(node)`: the routing a Switch gateway after the task would do, without the gateway's
    own task row, savepoint and history link on every case (about a quarter of a lifecycle's
    statements went to gateways). The conditions read the case and the frozen step
    configuration, as a Switch's would; the flow chart still shows every possible edge."""

    activation_class = RoutedStepActivation

    def __init__(self, step: str, data_source=None, **kwargs):
        super().__init__(step, data_source=data_source, **kwargs)
        self._routes = []

    def Case(self, node, cond):
        self._routes.append((node, cond))
        return self

    def Default(self, node):
        self._routes.append((node, None))
        return self

    def _resolve(self, instance):
        super()._resolve(instance)
        self._routes = [(this.resolve(instance, node), this.resolve(instance, cond)) for node, cond in self._routes]

    def _outgoing(self):
        for node, cond in self._routes:
            yield Edge(src=self, dst=node, edge_class="cond_true" if cond else "default")

    def bpmn_attrs(self):
        """The default route, as a Switch marks it, so BPMN tools read the branches as exclusive."""
        attrs = dict(super().bpmn_attrs())
        default = [node for node, cond in self._routes if cond is None]
        if default:
            attrs["default"] = f"id_edge_{self.name}__{default[0].name}"
        return attrs

    def route(self, activation):
        for node, cond in self._routes:
            if cond is None or cond(activation):
                return node
        raise FlowRuntimeError(f"No next task available for {self.name}")


class DataSplitActivation(SplitActivation):
    @Activation.status.super()
    def activate(self):
        for node, data_source in self.flow_task._data_branches:
            for data in data_source(self):
                self.next_tasks.append((node, data))
        if not self.next_tasks:
            raise FlowRuntimeError(f"No branch configured for {self.flow_task.name}")


class DataSplit(flow.Split):
    """Parallel split creating one task per item of a data source (e.g. one review per department)."""

    activation_class = DataSplitActivation

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._data_branches = []

    def NextForEach(self, node, data_source):
        self._data_branches.append((node, data_source))
        return self.Next(node)

    def _resolve(self, instance):
        super()._resolve(instance)
        self._data_branches = [
            (this.resolve(instance, node), this.resolve(instance, source)) for node, source in self._data_branches
        ]
