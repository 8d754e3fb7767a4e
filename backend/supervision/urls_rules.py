"""Warning rules and notification endpoints (included from urls.py)."""

urlpatterns: list = []
