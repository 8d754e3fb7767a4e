"""The site's URLconf plus one public page whose search field has no label."""

from django.http import HttpResponse
from django.urls import path

from backend.config.urls import urlpatterns as site

PAGE = ('<!doctype html><html lang="zh-CN"><head><title>t</title></head><body><h1>表单</h1>'
        '<form><input name="q" id="q"><button type="submit">搜索</button></form></body></html>')

urlpatterns = [path("public/test-form/", lambda request: HttpResponse(PAGE)), *site]
handler500 = "backend.common.outage.server_error"
