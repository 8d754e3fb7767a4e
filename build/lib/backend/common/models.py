"""Abstract base models shared by the domain apps."""

from django.db import models


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class FailedAttempt(models.Model):
    """Failed guesses of a secret (a case's query code) under one key — a case number, a client
    address — within the current window. In PostgreSQL, not the cache: shared by every node, and
    the brake keeps braking when Redis is away."""

    scope = models.CharField(max_length=32)
    key = models.CharField(max_length=64)  # SHA-256 prefix of what was typed: never the secret itself
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="common_failed_attempt_once")]
        indexes = [models.Index(fields=["window_start"], name="common_failed_attempt_age_idx")]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key[:8]} {self.count}"
