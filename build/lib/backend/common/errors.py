"""The one error type that services raise for input a user can correct or a state conflict."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass
class FieldError:
    field: str | None
    code: str
    message: str

    def as_dict(self) -> dict:
        return {"field": self.field, "code": self.code, "message": str(self.message)}


@dataclass
class DomainError(Exception):
    """A rejected request. `status` maps to HTTP: 400 invalid, 403 forbidden, 404 hidden, 409 conflict."""

    errors: list[FieldError] = field(default_factory=list)
    status: int = 400

    @classmethod
    def single(cls, field: str | None, code: str, message, status: int = 400) -> DomainError:
        return cls([FieldError(field, code, message)], status)

    def __str__(self) -> str:
        return "; ".join(f"{e.field or '-'}: {e.message}" for e in self.errors)


class Conflict(DomainError):
    def __init__(self, code: str, message):
        super().__init__([FieldError(None, code, message)], 409)


class NotFound(DomainError):
    def __init__(self, message):
        super().__init__([FieldError(None, "not_found", message)], 404)


def unknown_fields(data: Mapping, known: Iterable[str]) -> list[FieldError]:
    """One error per field the caller sent that the endpoint does not know: a misspelt field would
    otherwise be dropped silently and the request succeed without it."""
    return [FieldError(name, "unknown", _("未知字段。")) for name in sorted(set(data) - set(known))]
