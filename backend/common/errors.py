"""The one error type that services raise for input a user can correct or a state conflict."""

from __future__ import annotations

from dataclasses import dataclass, field


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
