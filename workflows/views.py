"""HTML task pages (the flow's View nodes point here)."""

from django.shortcuts import redirect


def task_page_view(request, **kwargs):
    return redirect("portal:task", task_id=kwargs.get("task_pk"))
