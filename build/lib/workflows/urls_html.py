"""HTML routes of the process layer, mounted at the site root before backend.portal.urls:
`path("", include("workflows.urls_html"))` in backend/config/urls.py."""

from django.urls import include, path

from backend.accounts.forms import BrakedPasswordChangeView

from . import views, views_people

process_patterns = [
    path("guides/<str:code>/apply/", views.case_apply, name="apply"),
    path("desk/", views.desk, name="desk"),
    path("cases/<str:number>/resubmit/", views.case_resubmit, name="resubmit"),
    path("staff/tasks/", views.task_inbox, name="tasks"),
    # Same path as portal:task (reverse with that name); this view adds the actions.
    path("staff/tasks/<int:task_id>/", views.task_page, name="task"),
    path("staff/tasks/<int:task_id>/claim/", views.task_claim, name="task-claim"),
    path("staff/tasks/<int:task_id>/complete/", views.task_complete, name="task-complete"),
    path("staff/tasks/<int:task_id>/reassign/", views_people.task_reassign, name="task-reassign"),
    path("staff/stand-ins/", views_people.stand_ins, name="stand-ins"),
    path("staff/stand-ins/<int:stand_in_id>/cancel/", views_people.stand_in_cancel, name="stand-in-cancel"),
]

urlpatterns = [
    path("", include((process_patterns, "process"))),
    # Sign-in and sign-out under their plain names ("login", "logout"), as settings.LOGIN_URL expects;
    # inside the namespaced portal URLs they would become "portal:login".
    # Checked through authenticate(), so the login brake hears a guessed old password.
    path("accounts/password_change/", BrakedPasswordChangeView.as_view(), name="password_change"),
    path("accounts/", include("django.contrib.auth.urls")),
]
