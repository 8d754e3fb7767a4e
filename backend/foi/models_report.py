"""The annual report of government information disclosure (政府信息公开工作年度报告, art. 50): built by
backend.foi.report; its models live here so the request models stay one screenful."""

from __future__ import annotations
