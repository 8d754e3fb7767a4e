from django.urls import path

from . import api

urlpatterns = [
    path("cases/", api.CaseCollectionApi.as_view(), name="api-cases"),
    path("cases/<str:number>/resubmit/", api.CaseResubmitApi.as_view(), name="api-case-resubmit"),
    path("tasks/", api.TaskListApi.as_view(), name="api-tasks"),
    path("tasks/<int:task_id>/claim/", api.TaskClaimApi.as_view(), name="api-task-claim"),
    path("tasks/<int:task_id>/complete/", api.TaskCompleteApi.as_view(), name="api-task-complete"),
    path("tasks/<int:task_id>/reassign/", api.TaskReassignApi.as_view(), name="api-task-reassign"),
]
