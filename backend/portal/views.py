from django.http import HttpResponse


def home(request):
    return HttpResponse("Tongban")


def task_detail(request, task_id: int):
    return HttpResponse(str(task_id))
