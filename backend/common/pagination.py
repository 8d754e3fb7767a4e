"""The lists' pages: `page` is read like any other filter, so `?page=abc` is a 400 naming it (DRF
would answer 404 "Invalid page"); a page past the end stays a 404."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination

from .errors import DomainError, FieldError
from .query import PAGE, integer

_PAGE = integer(PAGE, min_value=1)


class Pagination(PageNumberPagination):
    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param, "")
        if raw in self.last_page_strings:
            return raw
        value = _PAGE.read(raw)
        if isinstance(value, FieldError):
            raise DomainError([value])
        return value or 1
