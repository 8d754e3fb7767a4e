"""The OpenAPI schema generator: drf-spectacular's, told one more thing DRF does."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers


class AutoSchema(SpectacularAutoSchema):
    """A field declared with `default=None` (e.g. `CharField(source="owner.username", default=None)`)
    answers null when its source is missing, so the schema says it is nullable: clients generated from
    the schema would otherwise reject the answer. So does a read-only related field (a slug) over a
    nullable foreign key: DRF answers null for an empty one."""

    def _get_serializer_field_meta(self, field, direction):
        meta = super()._get_serializer_field_meta(field, direction)
        if direction == "response" and (getattr(field, "default", ...) is None or _nullable_relation(field)):
            meta["nullable"] = True
        return meta


def _nullable_relation(field) -> bool:
    if not isinstance(field, serializers.RelatedField) or len(getattr(field, "source_attrs", ())) != 1:
        return False
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    try:
        return bool(model and model._meta.get_field(field.source_attrs[0]).null)
    except FieldDoesNotExist:
        return False
