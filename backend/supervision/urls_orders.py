"""Supervision orders (督办): the pages (included from urls_html.py as /supervision/orders/, namespace
supervision:orders) and the API (included from urls.py under /api/v1/supervision/orders/)."""

from django.urls import path

from . import orders_api, orders_views

html = ([
    path("", orders_views.order_list, name="list"),
    path("new/", orders_views.order_new, name="new"),
    path("<int:order_id>/", orders_views.order_detail, name="detail"),
    path("<int:order_id>/reply/", orders_views.order_reply, name="reply"),
    path("<int:order_id>/accept/", orders_views.order_accept, name="accept"),
    path("<int:order_id>/return/", orders_views.order_return, name="return"),
    path("<int:order_id>/evidence/<int:evidence_id>/", orders_views.evidence_download, name="evidence"),
], "orders")

api = [
    path("", orders_api.OrderListApi.as_view(), name="api-supervision-orders"),
    path("<int:pk>/", orders_api.OrderDetailApi.as_view(), name="api-supervision-order"),
    path("<int:pk>/reply/", orders_api.OrderReplyApi.as_view(), name="api-supervision-order-reply"),
    path("<int:pk>/accept/", orders_api.OrderAcceptApi.as_view(), name="api-supervision-order-accept"),
    path("<int:pk>/return/", orders_api.OrderReturnApi.as_view(), name="api-supervision-order-return"),
    path("<int:pk>/evidence/<int:evidence_id>/", orders_api.OrderEvidenceDownloadApi.as_view(),
         name="api-supervision-order-evidence"),
]
