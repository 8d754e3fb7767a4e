"""Broker hints, fire and forget (DESIGN §2: the database row is the record; the broker only a hint
that a worker may act on it at once; the periodic sweeps act on every row anyway).

A request never waits for the broker: after commit it puts the hint (a task name and its ids) on an
in-process queue, and a daemon thread per process sends it. While the broker is down the sender
drops hints for PAUSE seconds after each failure instead of trying every one, so a backlog never
builds and an outage costs requests nothing. Dropped hints only delay: the sweep delivers.
A process that exits in order (a Gunicorn worker recycled after max_requests, a deploy's graceful
stop) gives its queued hints up to EXIT_WAIT seconds to go out first.
"""

from __future__ import annotations

import atexit
import logging
import os
import queue
import threading
import time

from django.conf import settings

log = logging.getLogger(__name__)
QUEUE_SIZE = 10_000
PAUSE = 5.0  # seconds of dropping hints after a failed send
EXIT_WAIT = 2.0  # seconds an exiting process waits for its queued hints


class HintSender:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: queue.Queue | None = None
        self._thread: threading.Thread | None = None
        self._pid: int | None = None
        self._down_until = 0.0
        self._exit_hooked_for: int | None = None
        self.sent = self.dropped = 0

    def send(self, task, args: list) -> None:
        """Queue `task.apply_async(args=args)`; returns at once. In eager mode (tests that ask for it)
        the task runs here, as Celery would run it."""
        if _eager(task):
            task.apply_async(args=args)
            return
        if time.monotonic() < self._down_until:
            self.dropped += 1
            return
        try:
            self._started().put_nowait((task, args))
        except queue.Full:
            self.dropped += 1

    def _started(self) -> queue.Queue:
        # Per process: a forked worker (gunicorn, Celery) must not share its parent's thread or queue.
        pid = os.getpid()
        if self._pid != pid or self._thread is None or not self._thread.is_alive():
            with self._lock:
                if self._pid != pid or self._thread is None or not self._thread.is_alive():
                    self._queue = queue.Queue(maxsize=QUEUE_SIZE)
                    self._thread = threading.Thread(target=self._run, name="tongban-hints", daemon=True)
                    self._pid = pid
                    self._thread.start()
                    if self._exit_hooked_for != pid:
                        atexit.register(self._at_exit, pid)
                        self._exit_hooked_for = pid
        return self._queue

    def _at_exit(self, pid: int) -> None:
        # A forked child inherits its parent's hook; only the process that queued the hints waits.
        if pid == os.getpid() == self._pid:
            self.drain(EXIT_WAIT)

    def _run(self) -> None:
        q = self._queue
        while True:
            task, args = q.get()
            try:
                if time.monotonic() < self._down_until:
                    self.dropped += 1
                    continue
                task.apply_async(args=args, retry=False)
                self.sent += 1
            except Exception as exc:  # the broker is away: stop trying for a moment
                self._down_until = time.monotonic() + PAUSE
                self.dropped += 1
                log.warning("broker hint %s%s not sent (%s); the periodic sweep delivers it, hints paused %.0f s",
                            getattr(task, "name", task), args, exc, PAUSE)
            finally:
                q.task_done()

    def drain(self, timeout: float = 5.0) -> bool:
        """Wait until queued hints are sent or dropped (tests and orderly shutdown)."""
        deadline = time.monotonic() + timeout
        while self._queue is not None and self._queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.01)
        return self._queue is None or not self._queue.unfinished_tasks


def _eager(task) -> bool:
    app = getattr(task, "app", None)
    return bool(getattr(getattr(app, "conf", None), "task_always_eager", False)
                or getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False))


sender = HintSender()


def hint(task, args: list) -> None:
    sender.send(task, args)
