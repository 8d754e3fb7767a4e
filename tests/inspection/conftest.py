"""The catalogue's county (tests/directory/conftest.py: the housing bureau keeps 政策文件, the water
bureau another column), a disclosure office, and helpers that publish at pinned moments."""

from __future__ import annotations

from datetime import timedelta

import pytest

from backend.directory import services as directory
from tests import factories
from tests.directory.conftest import (  # noqa: F401 (fixtures)
    DOC,
    at,
    column,
    housing,
    people,
    pinned,
    relay,
    water,
    water_column,
)


@pytest.fixture
def office(db, settings):
    dept = factories.department("gkb", "县政务公开办公室")
    settings.DIRECTORY_OFFICE_DEPARTMENT_CODE = "gkb"
    return factories.user("gkbstaff", "clerk", departments=[dept])


def publish_at(who, doc, when):
    """Submit, review and sign off `doc` within the hour before `when`, then relay it."""
    steps = (when - timedelta(minutes=30), when - timedelta(minutes=20), when)
    with pinned(steps[0]):
        directory.document_submit(document=doc, actor=who["drafter"], now=steps[0])
    with pinned(steps[1]):
        directory.document_review(document=doc, decision="approve", opinion="同意", actor=who["reviewer"],
                                  now=steps[1])
    with pinned(steps[2]):
        doc = directory.document_sign_off(document=doc, decision="approve", opinion="同意公开", actor=who["head"],
                                          now=steps[2])
    relay(when)
    return doc


def draft_at(who, when, **data):
    with pinned(when):
        return directory.document_draft(data={**DOC, **data}, actor=who["drafter"], now=when)


def correct_at(who, doc, when, **data):
    with pinned(when):
        doc = directory.document_correct(document=doc, data=data, reason="更正链接", actor=who["drafter"], now=when)
    return publish_at(who, doc, when + timedelta(hours=1))


__all__ = ["DOC", "at", "pinned", "publish_at", "draft_at", "correct_at"]
