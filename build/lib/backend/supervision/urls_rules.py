"""Warning rules, cards and notification endpoints (included from urls.py under /api/v1/)."""

from django.urls import path

from . import notifications_api, rules_api

urlpatterns = [
    path("supervision/rules/", rules_api.RuleListApi.as_view(), name="api-supervision-rules"),
    path("supervision/rules/dry-run/", rules_api.RuleDryRunApi.as_view(), name="api-supervision-rule-dry-run"),
    path("supervision/rules/<int:pk>/", rules_api.RuleDetailApi.as_view(), name="api-supervision-rule"),
    path("supervision/cards/", rules_api.CardListApi.as_view(), name="api-supervision-cards"),
    path("notifications/", notifications_api.NotificationListApi.as_view(), name="api-notifications"),
    path("notifications/<int:pk>/read/", notifications_api.NotificationReadApi.as_view(),
         name="api-notification-read"),
]
