"""Gunicorn settings for Tongban: `gunicorn -c deploy/gunicorn.conf.py backend.config.wsgi:application`.

Used by the container image (/app/deploy/gunicorn.conf.py) and by deploy/systemd/tongban-web.service
(/opt/tongban/deploy/gunicorn.conf.py). Every value can be overridden from the environment:

  GUNICORN_BIND              address(es), comma-separated      default 127.0.0.1:8000 (image: 0.0.0.0:8000)
  GUNICORN_WORKERS           worker processes                  default 2 x CPUs + 1, at most 8
  GUNICORN_THREADS           threads per worker (gthread)      default 4
  GUNICORN_TIMEOUT           seconds a request may run         default 60
  GUNICORN_MAX_REQUESTS      recycle a worker after N requests default 1000 (0 = never)
  GUNICORN_FORWARDED_ALLOW_IPS  proxies trusted for X-Forwarded-* default 127.0.0.1,::1
  GUNICORN_ACCESSLOG         "-" = stdout, "" = off, or a path default -
  LOG_LEVEL                  shared with Django's settings     default INFO

Sizing: each thread can hold one PostgreSQL connection, so workers x threads (plus Celery's
concurrency) must stay well below PostgreSQL's max_connections (100 by default).
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))  # honours a container's cpuset
    except AttributeError:
        return os.cpu_count() or 1


wsgi_app = "backend.config.wsgi:application"
bind = [b.strip() for b in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",") if b.strip()]

# Threads suit this workload: requests wait on PostgreSQL, and uploads (at most 10 MB) are fully
# buffered by nginx before Gunicorn sees them, so slow clients never hold a worker.
worker_class = "gthread"
workers = _int("GUNICORN_WORKERS", min(2 * _cpus() + 1, 8))
threads = _int("GUNICORN_THREADS", 4)

# Receipt PDFs and material uploads are the slowest requests; 60 s is far beyond them. Keep
# nginx's proxy_read_timeout (65 s in deploy/nginx.conf) a little longer than this.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5  # nginx keeps upstream connections alive (see `keepalive` in nginx.conf)

# Recycle workers now and then so a slow leak never accumulates; jitter avoids all restarting at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10

# The app is not preloaded: each worker imports Django itself, so `kill -HUP` (systemctl reload)
# picks up new code and no database connection is ever shared across a fork.
preload_app = False

# Heartbeat files on tmpfs: in a container /tmp may sit on an overlay filesystem that can stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Only the proxy in front of Gunicorn may set X-Forwarded-Proto/-For. Gunicorn then sets
# wsgi.url_scheme = "https" for requests nginx received over TLS. compose.yaml sets "*" because the
# web container is reachable only from nginx on the internal network.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs go to stdout/stderr: `docker compose logs web` or `journalctl -u tongban-web`.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "INFO").lower()
# Peer (nginx), client address as nginx saw it, request, status, bytes, duration in ms, referer, agent.
access_log_format = '%(h)s %({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s"'

proc_name = "tongban-web"

# Recent Gunicorn releases open a control socket under $XDG_RUNTIME_DIR or $HOME/.gunicorn; nothing here uses
# it, and the service user's home may be read-only. (Older Gunicorn ignores this unknown name.)
control_socket_disable = True
# Request limits stay Gunicorn's defaults; nginx enforces the 12 MB body limit in front of it.
