"""Text messages (SMS) to applicants, through a pluggable gateway, as Django does for e-mail.

`SMS_BACKEND` names a class with one method:

    send(*, reference: str, to: str, text: str) -> None

- `reference` is unique per message ("tongban-notification-<id>"). A real gateway must be given it
  as the client's message id and must drop a second send with the same id (every Chinese SMS
  platform we know of takes one). The database row is the record and the sender runs at least
  once: after a crash between the gateway's answer and our commit, the same message is handed
  over again, and only the reference keeps the applicant from receiving it twice.
- `to` is an 11-digit mainland mobile number; `text` the whole message, signature included.
- On failure it raises (any exception). The sender retries a few times, then marks the message
  failed; it never raises for a message that went out.

Backends here: ConsoleBackend (the default: prints, for development), FileBackend (one JSON line
per message in SMS_FILE_PATH, what `make demo` uses) and LocmemBackend (`outbox`, for tests, like
Django's locmem e-mail backend). docs/operations.md shows how to plug in a real gateway.
"""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

outbox: list[dict] = []  # LocmemBackend's messages, in order
_file_lock = threading.Lock()


def get_backend():
    return import_string(settings.SMS_BACKEND)()


class ConsoleBackend:
    def send(self, *, reference: str, to: str, text: str) -> None:
        sys.stdout.write(f"[SMS {reference}] to {to}: {text}\n")
        sys.stdout.flush()


class FileBackend:
    def send(self, *, reference: str, to: str, text: str) -> None:
        path = Path(settings.SMS_FILE_PATH)
        path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"reference": reference, "to": to, "text": text}, ensure_ascii=False)
        with _file_lock, path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")


class LocmemBackend:
    def send(self, *, reference: str, to: str, text: str) -> None:
        if any(m["reference"] == reference for m in outbox):  # as a gateway keyed on the reference does
            return
        outbox.append({"reference": reference, "to": to, "text": text})
