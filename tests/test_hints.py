"""Broker hints leave the request at once, go out from a background thread, are dropped (not queued
up) while the broker is away, and an orderly exit sends what is still queued."""

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from backend.common import hints
from backend.common.hints import HintSender


class Broker:
    """Stands in for a Celery task's apply_async: records what was sent, or fails like a broker that
    is away, or is slow."""

    name = "tests.hint"

    def __init__(self, *, fail=False, delay=0.0, gate=None):
        self.fail, self.delay, self.gate, self.sent = fail, delay, gate, []

    def apply_async(self, args, retry=True):
        if self.gate is not None:
            self.gate.wait(5)  # a broker that answers only when the test lets it
        time.sleep(self.delay)
        if self.fail:
            raise ConnectionError("broker away")
        self.sent.append((tuple(args), threading.current_thread().name))


def test_a_hint_is_sent_from_the_background_thread():
    sender, broker = HintSender(), Broker(gate=threading.Event())
    sender.send(broker, [7])
    assert broker.sent == []  # the request went on while the broker still held the hint
    broker.gate.set()
    assert sender.drain(5)
    assert broker.sent == [((7,), "tongban-hints")] and sender.sent == 1


def test_while_the_broker_is_away_hints_are_dropped_not_queued(monkeypatch):
    monkeypatch.setattr(hints, "PAUSE", 0.5)
    sender, broker = HintSender(), Broker(fail=True)
    sender.send(broker, [1])
    assert sender.drain(5)
    broker.fail = False
    for n in range(50):
        sender.send(broker, [n])
    assert sender.drain(5)
    assert broker.sent == [] and sender.dropped == 51
    time.sleep(0.6)  # the pause is over: the next hint goes out
    sender.send(broker, [99])
    assert sender.drain(5) and broker.sent[0][0] == (99,)


def test_a_full_queue_drops_rather_than_blocks(monkeypatch):
    monkeypatch.setattr(hints, "QUEUE_SIZE", 2)
    sender, broker = HintSender(), Broker(delay=0.3)
    for n in range(6):
        sender.send(broker, [n])
    assert sender.drain(5)
    assert 1 <= len(broker.sent) <= 3 and sender.dropped == 6 - len(broker.sent)


def test_an_orderly_exit_sends_the_queued_hints(tmp_path: Path):
    out = tmp_path / "sent.txt"
    script = textwrap.dedent(f"""
        import os, time, django
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")
        django.setup()
        from backend.common.hints import sender

        class Slow:
            name = "slow"
            def apply_async(self, args, retry=True):
                time.sleep(0.2)
                with open({str(out)!r}, "a") as f:
                    f.write(f"{{args[0]}}\\n")

        for n in range(3):
            sender.send(Slow(), [n])
        # the process ends here, with hints still queued
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).resolve().parents[1],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert out.read_text().split() == ["0", "1", "2"]


def test_in_eager_mode_the_task_runs_in_place(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    sender, broker = HintSender(), Broker()
    sender.send(broker, [3])
    assert broker.sent == [((3,), threading.current_thread().name)]
