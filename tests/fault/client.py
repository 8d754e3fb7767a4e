"""A small HTTP client for the fault tests (standard library only): one connection per request, so
a request's time includes what a fresh client pays, and a reset shows up as an error, not a retry."""

from __future__ import annotations

import http.client
import json as jsonlib
import secrets
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode


@dataclass
class Answer:
    method: str
    path: str
    status: int  # 0: no HTTP answer at all (refused, reset, timed out)
    headers: dict = field(default_factory=dict)
    body: bytes = b""
    seconds: float = 0.0
    error: str = ""
    started: float = 0.0  # time.monotonic() when sent

    def json(self):
        return jsonlib.loads(self.body.decode())

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    def __repr__(self) -> str:
        detail = self.error or self.text[:300]
        return f"<{self.method} {self.path} → {self.status} in {self.seconds * 1000:.0f} ms: {detail}>"


def request(port: int, method: str, path: str, *, token: str | None = None, json=None, query: dict | None = None,
            headers: dict | None = None, body: bytes | None = None, content_type: str | None = None,
            cookies: dict | None = None, timeout: float = 30) -> Answer:
    if query:
        path = f"{path}?{urlencode(query)}"
    sent = {"Host": "127.0.0.1", "Connection": "close", "Accept-Language": "zh-hans"}
    if token:
        sent["Authorization"] = f"Token {token}"
    if json is not None:
        body = jsonlib.dumps(json).encode()
        content_type = "application/json"
    if content_type:
        sent["Content-Type"] = content_type
    if cookies:
        sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    sent.update(headers or {})
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        data = response.read()
        answer = Answer(method, path, response.status, {k.lower(): v for k, v in response.getheaders()}, data,
                        started=started)
        answer.headers["set-cookie-all"] = response.msg.get_all("Set-Cookie") or []
    except (OSError, http.client.HTTPException) as exc:
        answer = Answer(method, path, 0, error=f"{type(exc).__name__}: {exc}", started=started)
    finally:
        conn.close()
    answer.seconds = time.monotonic() - started
    return answer


def cookies_of(answer: Answer) -> dict:
    jar = {}
    for header in answer.headers.get("set-cookie-all", []):
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def multipart(fields: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    """{name: (filename, bytes, content type)} → (body, content type header)."""
    boundary = secrets.token_hex(12)
    parts = []
    for name, (filename, data, ctype) in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: {ctype}\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, min(len(ordered), int(-(-p * len(ordered) // 100))))
    return ordered[rank - 1]


class Api:
    """The API flow of tests/workflows/test_lifecycle.py over HTTP, against any web node."""

    def __init__(self, tokens: dict[str, str], item: str) -> None:
        self.tokens, self.item = tokens, item
        self.answers: list[Answer] = []

    def call(self, port: int, method: str, path: str, user: str | None = None, **kw) -> Answer:
        answer = request(port, method, path, token=self.tokens[user] if user else None, **kw)
        self.answers.append(answer)
        return answer

    def file(self, port: int, applicant: dict, user: str = "applicant") -> Answer:
        return self.call(port, "POST", "/api/v1/cases/", user,
                         json={"item": self.item, "channel": "online", "applicant": applicant})

    def task_of(self, port: int, user: str, number: str, step: str) -> dict | None:
        answer = self.call(port, "GET", "/api/v1/tasks/", user)
        if answer.status != 200:
            return None
        return next((t for t in answer.json()["results"] if t["case"] == number and t["step"] == step), None)

    def act(self, port: int, user: str, number: str, step: str, decision: str, *, claim_port: int | None = None,
            **extra) -> tuple[Answer | None, Answer | None]:
        """Find, claim and complete the step's task; returns (claim, complete) answers."""
        task = self.task_of(claim_port or port, user, number, step)
        if task is None:
            return None, None
        claim = self.call(claim_port or port, "POST", f"/api/v1/tasks/{task['id']}/claim/", user)
        if claim.status != 200:
            return claim, None
        complete = self.call(port, "POST", f"/api/v1/tasks/{task['id']}/complete/", user,
                             json={"decision": decision, **extra})
        return claim, complete


STEPS = [("clerk", "accept", "accept"), ("reviewer", "review", "done"), ("approver", "decide", "approve"),
         ("clerk", "complete", "done")]


def person(n: int) -> dict:
    """A valid applicant whose mobile number carries n (to find the case a request made)."""
    return {"type": "person", "name": "张小明", "id_number": "11010519491231002X", "mobile": f"138{n:08d}"}
