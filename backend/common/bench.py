"""A bare Django view for tests/bench/load.py: the ceiling a page can reach through the same
Gunicorn, middleware and all, with no query and no template. Routed only when BENCH_VIEWS is on
(TONGBAN_BENCH_VIEWS=true), which the load benchmark sets for its own server and nothing else does."""

from django.http import HttpResponse
from django.views.decorators.http import require_safe


@require_safe
def ping(request):
    return HttpResponse(b"ok", content_type="text/plain")
