"""Filters of the list APIs, declared once: the same declaration reads the query string (a value it
cannot take is a 400 naming the parameter, never a filter silently dropped) and documents the
parameters in the OpenAPI schema, so the two cannot drift apart."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from .errors import DomainError, FieldError
from .validators import parse_day

_TRUE = ("1", "true", "yes")
_FALSE = ("0", "false", "no")
# DRF's page number, read by the paginator rather than by a filter.
PAGE = "page"


@dataclass(frozen=True)
class Filter:
    """One query parameter: `kind` is text, choice, integer, date or boolean."""

    name: str
    kind: str = "text"
    choices: tuple[str, ...] = ()
    max_length: int = 100
    min_value: int | None = None
    description: str = ""

    def parameter(self) -> OpenApiParameter:
        types = {"text": str, "choice": str, "integer": int, "date": OpenApiTypes.DATE, "boolean": bool}
        return OpenApiParameter(self.name, types[self.kind], required=False, description=self.description,
                                enum=list(self.choices) or None)

    def read(self, raw: str) -> Any:
        """The value, None when empty; a FieldError when the value is not one this filter takes."""
        raw = raw.strip()
        if not raw:
            return None
        if self.kind == "choice":
            if raw not in self.choices:
                return FieldError(self.name, "invalid_choice",
                                  _("“%(value)s”不是有效的取值，可选：%(choices)s。")
                                  % {"value": raw[:40], "choices": "、".join(self.choices)})
            return raw
        if self.kind == "integer":
            if not raw.isascii() or not raw.lstrip("-").isdigit() or len(raw) > 18:
                return FieldError(self.name, "invalid", _("应为整数。"))
            value = int(raw)
            if self.min_value is not None and value < self.min_value:
                return FieldError(self.name, "min_value", _("不能小于 %(min)s。") % {"min": self.min_value})
            return value
        if self.kind == "date":
            day = parse_day(raw)
            if day is None:
                return FieldError(self.name, "invalid", _("日期应为 YYYY-MM-DD 格式，例如 2026-11-30。"))
            return day
        if self.kind == "boolean":
            if raw.lower() in _TRUE:
                return True
            if raw.lower() in _FALSE:
                return False
            return FieldError(self.name, "invalid", _("应为 true 或 false。"))
        if len(raw) > self.max_length:
            return FieldError(self.name, "max_length", _("不能超过 %(max)s 个字符。") % {"max": self.max_length})
        return raw


def choice(name: str, values: Iterable[str], description: str = "") -> Filter:
    return Filter(name, "choice", choices=tuple(values), description=description)


def text(name: str, max_length: int = 100, description: str = "") -> Filter:
    return Filter(name, "text", max_length=max_length, description=description)


def integer(name: str, min_value: int | None = None, description: str = "") -> Filter:
    return Filter(name, "integer", min_value=min_value, description=description)


def day(name: str, description: str = "") -> Filter:
    return Filter(name, "date", description=description)


def boolean(name: str, description: str = "") -> Filter:
    return Filter(name, "boolean", description=description)


@dataclass(frozen=True)
class Filters:
    """The filters of one list. `paginated` lists also take `page` (their paginator checks it)."""

    filters: Sequence[Filter] = field(default_factory=tuple)
    paginated: bool = False

    def parameters(self) -> list[OpenApiParameter]:
        return [f.parameter() for f in self.filters]

    def read(self, params) -> dict[str, Any]:
        """{name: value or None} for every filter; 400 naming each bad value and each parameter the
        list does not know (a misspelt filter would otherwise list everything)."""
        known = {f.name for f in self.filters} | ({PAGE} if self.paginated else set())
        errors = [FieldError(name, "unknown", _("未知的查询参数。")) for name in sorted(set(params) - known)]
        values: dict[str, Any] = {}
        for f in self.filters:
            value = f.read(params.get(f.name, ""))
            if isinstance(value, FieldError):
                errors.append(value)
            else:
                values[f.name] = value
        if errors:
            raise DomainError(errors)
        return values

