"""Container health check: is Gunicorn answering HTTP for this site?

Run by the Dockerfile's HEALTHCHECK (`python /app/deploy/healthcheck.py`); exit 0 = healthy.
Standard library only, so it costs no Django start-up. It requests HEALTHCHECK_PATH (default "/")
from the address in GUNICORN_BIND with a Host header taken from ALLOWED_HOSTS, so Django does not
answer 400 DisallowedHost (and log an error) on every probe. Any 2xx or 3xx answer is healthy;
a 5xx (e.g. the database is unreachable) or no answer is not.
"""

import http.client
import os
import sys


def probe_host() -> str:
    for host in os.environ.get("ALLOWED_HOSTS", "").split(","):
        host = host.strip()
        if host and host != "*":
            # ".example.org" allows example.org and its subdomains.
            return host.lstrip(".")
    return "localhost"


def main() -> int:
    bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")[0].strip()
    if bind.startswith("unix:"):
        print("healthcheck: Gunicorn is bound to a unix socket; nothing to probe over TCP")
        return 0
    port = int(bind.rsplit(":", 1)[1]) if ":" in bind else 8000
    path = os.environ.get("HEALTHCHECK_PATH", "/")
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=4)
    try:
        conn.request("GET", path, headers={"Host": probe_host(), "User-Agent": "tongban-healthcheck"})
        status = conn.getresponse().status
    except OSError as exc:
        print(f"healthcheck: {exc}")
        return 1
    finally:
        conn.close()
    print(f"healthcheck: GET {path} -> {status}")
    return 0 if 200 <= status < 400 else 1


if __name__ == "__main__":
    sys.exit(main())
