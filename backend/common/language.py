"""The language switch (every page's header form) without a CSRF token.

Public pages are served from a shared cache (backend/common/pagecache.py), so the form on them
cannot carry a per-reader token. Forgery is still refused: a browser names the page a cross-site
post comes from (Origin; Sec-Fetch-Site), and only a post from this site's own pages (or a client
that is no browser, which no forged page can make) switches the language. Django's own view
then does the switching.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseForbidden
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language


def _same_origin(request) -> bool:
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return True
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc == request.get_host()


@csrf_exempt
@require_POST
def set_language(request):
    if not _same_origin(request):
        return HttpResponseForbidden(_("语言切换只接受本站页面的请求。"))
    return django_set_language(request)
