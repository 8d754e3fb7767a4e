"""Settings refuse to start for a server reachable beyond this machine while SECRET_KEY is the
example's placeholder or too short; the demo and the tests (localhost only) start as before."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def start(**env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "DEBUG")}
    environment.update(DJANGO_SETTINGS_MODULE="backend.config.settings", **env)
    return subprocess.run([sys.executable, "-c", "import django; django.setup(); print('started')"], cwd=ROOT,
                          env=environment, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("key", ["change-me", "tongban-insecure-development-key-change-me", "short-not-placeholder"])
def test_a_public_server_with_a_placeholder_or_short_key_does_not_start(key):
    result = start(SECRET_KEY=key, ALLOWED_HOSTS="tongban.linhe.gov.cn")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr and "started" not in result.stdout


def test_a_public_server_with_a_real_key_starts():
    result = start(SECRET_KEY="k" * 20 + "J2q9-xV" * 5, ALLOWED_HOSTS="tongban.linhe.gov.cn")
    assert result.returncode == 0 and "started" in result.stdout, result.stderr


def test_the_demo_on_localhost_starts_with_the_default_key():
    assert start().returncode == 0
