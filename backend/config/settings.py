"""Settings for Tongban, read from the environment (django-environ).

Defaults suit `make demo` and `make test`: an embedded SQLite database, Celery's filesystem
transport and local memory cache, so nothing outside the checkout is needed. Production sets
DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY, ALLOWED_HOSTS and DEBUG=false (see README).
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("TONGBAN_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost", "testserver"]),
)

SECRET_KEY = env.str("SECRET_KEY", default="tongban-insecure-development-key-change-me")
DEBUG = env("DEBUG")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "testserver", "::1", "[::1]"}
if not DEBUG and set(ALLOWED_HOSTS) - LOCAL_HOSTS and ("change-me" in SECRET_KEY or len(SECRET_KEY) < 40):
    # Served beyond this machine: the example's placeholder (or a short key) would let anyone forge
    # sessions and password-reset links. The demo and the tests serve localhost only.
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "SECRET_KEY is the example's placeholder or shorter than 40 characters; set a random one, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))' (SECRET_KEY 仍是示例占位值或过短)")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our static files: intranets have no CDN
    "django_celery_beat",
    "axes",
    "viewflow",
    "viewflow.workflow",
    "backend.common",
    "backend.accounts",
    "backend.workcalendar",
    "backend.catalog",
    "backend.cases",
    "backend.certificates",
    "backend.ratings",
    "backend.supervision",
    "backend.disclosure",
    "backend.statistics",  # after supervision: its receivers run after the clocks are closed
    "backend.portal",
    "backend.scorecards",
    "backend.letters",
    "backend.foi",
    "backend.directory",
    "backend.inspection",
    "backend.unitscores",
    "workflows",
    "demo",  # the demo county (`tongban demo_data`); nothing in backend/ or workflows/ imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last: turns a braked sign-in on any way in into the 429 answer (backend/accounts/brake.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "backend.config.urls"
WSGI_APPLICATION = "backend.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "frontend" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["backend.common.templatetags.i18n_data"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "backend.workcalendar.context_processors.calendar_alarm_context",
                "backend.supervision.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'tongban.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL and a busy timeout let the demo's web server threads and Celery worker share the file.
    # IMMEDIATE: every atomic block takes SQLite's one write lock at BEGIN, waiting up to `timeout`
    # for it. A deferred transaction that reads first and writes later cannot wait: once another
    # connection has written since its read, the upgrade fails at once, "database is locked" (a 500).
    # Writes outside atomic blocks are one-statement transactions; they wait on the timeout alone.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"

# Content-Security-Policy (django-csp; nginx sends the same): scripts only from our own files, so
# markup that slipped into a page could not run. Inline styles stay allowed (the admin uses them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Password guessing is braked on every way in (backend/accounts/brake.py, django-axes): failures per
# (user name, address) and per address, growing waits after AXES_FAILURE_LIMIT, kept in PostgreSQL.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "backend.accounts.brake.BrakeHandler"
AXES_COOLOFF_TIME = "backend.accounts.brake.cool_off"
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_LOCKOUT_CALLABLE = "backend.accounts.brake.lockout_response"
AXES_CLIENT_IP_CALLABLE = "backend.accounts.brake.client_ip"
AXES_USERNAME_CALLABLE = "backend.accounts.brake.username_of"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ENABLE_ADMIN = False  # backend/accounts/admin.py registers them, with an audited unlock
AXES_VERBOSE = False
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "backend" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "frontend" / "static"]

# Uploaded materials live outside any served directory; only the case material view streams them,
# after checking that the user may see the case.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
MATERIAL_MAX_BYTES = env.int("MATERIAL_MAX_BYTES", default=10 * 1024 * 1024)
MATERIAL_ALLOWED_TYPES = ["application/pdf", "image/jpeg", "image/png"]
DATA_UPLOAD_MAX_MEMORY_SIZE = MATERIAL_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(VAR_DIR / "media")}},
    "materials": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                  "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/nonexistent/"}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Public pages (backend/common/pagecache.py) need one store that every process sees, so that a
# publication by the worker retires the web workers' copies: the shared cache when CACHE_URL names
# Redis (short socket timeouts: with Redis away a page is rendered instead), else files in var/.
CACHES["pages"] = (
    {**CACHES["default"], "KEY_PREFIX": f'{CACHES["default"].get("KEY_PREFIX", "")}pages',
     "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}
    if CACHES["default"]["BACKEND"].endswith("RedisCache")
    else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(VAR_DIR / "page-cache"),
          "OPTIONS": {"MAX_ENTRIES": 2000}}
)
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300)  # 0 turns the cache off
# tests/bench/load.py routes a bare view (/bench/ping/) for its own server; never on in production.
BENCH_VIEWS = env.bool("TONGBAN_BENCH_VIEWS", default=False)
# Peers whose X-Forwarded-For names the client (nginx in front of Gunicorn); "*" trusts any peer,
# for a web container only nginx can reach. Used to count failed guesses per client.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1", "::1"])

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "backend.common.schema.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "backend.common.pagination.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "backend.common.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tongban API",
    "DESCRIPTION": "Electronic approval and e-supervision of permit and public-service items.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ItemKindEnum": "backend.catalog.models.ServiceItem.Kind",
        "CircularStatusEnum": "backend.unitscores.models.DisclosureScorecard.Status",  # also scorecards.Circular
        "CaseEventKindEnum": "backend.cases.models.CaseEvent.Kind",
        "CaseDecisionEnum": "backend.cases.models.Case.Decision",
        "TaskDecisionEnum": ["accept", "refuse", "supplement", "approve", "deny", "done"],
        "CaseClockStateEnum": ["green", "yellow", "red", "suspended", "completed"],
        # A second "status" (certificates) beside the case's: each enum named for what it is.
        "CaseStatusEnum": "backend.cases.models.Case.Status",
        "CertificateStatusEnum": ["valid", "not_yet_valid", "expired", "revoked"],
        "DeliveryMethodEnum": ["window", "post", "electronic"],
        # A second "channel" (ratings) beside the case's filing channel.
        "CaseChannelEnum": "backend.cases.models.Case.Channel",
        "RatingChannelEnum": "backend.ratings.models.Rating.Channel",
        # Information requests (backend/foi): their filing channel and consultation kind.
        "FoiChannelEnum": "backend.foi.models.InfoRequest.Channel",
        "FoiConsultationKindEnum": "backend.foi.models.Consultation.Kind",
        # A problem's rectification-clock colour (its cards), the same values as an order card's.
        "InspectionCardStateEnum": "backend.inspection.models.CardState",
    },
}

# Celery: PostgreSQL holds the record; the broker is a hint. The demo uses the filesystem transport
# so a real worker runs without Redis; CI and production point CELERY_BROKER_URL at Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "broker"),
        "data_folder_out": str(VAR_DIR / "broker"),
        "processed_folder": str(VAR_DIR / "broker-processed"),
        "control_folder": str(VAR_DIR / "broker-control"),  # else kombu writes ./control in the cwd
        "store_processed": False,
        # kombu's filesystem transport takes one message per poll (default every second): after
        # `make demo` loads its cases a backlog of hints would take half a minute to drain.
        "polling_interval": 0.1,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    # A broker that is away answers fast: hints are sent from a background thread (common/hints.py)
    # and the worker reconnects on its own, so long socket waits gain nothing.
    else {"socket_connect_timeout": 2, "socket_timeout": 5, "retry_on_timeout": False}
)
CELERY_BROKER_CONNECTION_TIMEOUT = 2
for _folder in {v for k, v in CELERY_BROKER_TRANSPORT_OPTIONS.items() if k.endswith("folder") or "folder_" in k}:
    # kombu does not create them; the web process enqueues and the worker consumes from them.
    Path(_folder).mkdir(parents=True, exist_ok=True)
# After commit, send the worker a hint (a task with the row's id) for notifications and publications;
# without it the periodic sweeps still deliver every row, only later.
# 行政许可法 art. 42: one extension of at most ten working days (a special law may allow another limit).
SUPERVISION_MAX_EXTENSION_DAYS = env.int("SUPERVISION_MAX_EXTENSION_DAYS", default=10)
SUPERVISION_NOTIFY_ENQUEUE = env.bool("SUPERVISION_NOTIFY_ENQUEUE", default=True)
# Supervision orders (督办): an overdue reply escalates to the department head at once (level 1) and,
# this many working days later, to the supervision office's head (level 2): the active user named by
# SUPERVISION_OFFICE_HEAD_USERNAME, else the head of the department whose code is
# SUPERVISION_OFFICE_DEPARTMENT_CODE (backend/supervision/orders_services.office_head). The same
# person signs off and publishes the monthly circular; with neither configured, any administrator does.
SUPERVISION_ORDER_ESCALATION_DAYS = env.int("SUPERVISION_ORDER_ESCALATION_DAYS", default=3)
SUPERVISION_OFFICE_HEAD_USERNAME = env.str("SUPERVISION_OFFICE_HEAD_USERNAME", default="")
SUPERVISION_OFFICE_DEPARTMENT_CODE = env.str("SUPERVISION_OFFICE_DEPARTMENT_CODE", default="supervision")
DISCLOSURE_ENQUEUE = env.bool("DISCLOSURE_ENQUEUE", default=True)
# The circular PDF embeds a TrueType CJK font; unset, Debian's fonts-wqy-microhei (or -zenhei).
SCORECARDS_PDF_FONT = env.str("SCORECARDS_PDF_FONT", default="")
SCORECARDS_PDF_FONT_INDEX = env.int("SCORECARDS_PDF_FONT_INDEX", default=0)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Task modules outside an app's tasks.py (autodiscovery finds only those).
CELERY_IMPORTS = ("workflows.foi_tasks",)
# Information requests (backend/foi, docs/foi.md): the disclosure office head when an organ's profile
# names none and the organ has no head; the remedy organs a reply letter names when the profile does not.
FOI_OFFICE_HEAD_USERNAME = env.str("FOI_OFFICE_HEAD_USERNAME", default="")
# Automatic inspection (backend/inspection, docs/inspection.md): a problem's rectification limit in
# working days; the timeout of an external link check; the hosts whose links are this site's (checked
# in-process, no network); extra public paths for the accessibility sample.
INSPECTION_PROBLEM_DAYS = env.int("INSPECTION_PROBLEM_DAYS", default=10)
INSPECTION_LINK_TIMEOUT = env.float("INSPECTION_LINK_TIMEOUT", default=5.0)
# Links in published texts are checked only on global addresses, unless a network is listed here
# (CIDR); an intranet link is reported as broken for the public instead of being fetched.
INSPECTION_LINK_ALLOWED_NETWORKS = env.list("INSPECTION_LINK_ALLOWED_NETWORKS", default=[])
INSPECTION_SITE_HOSTS = env.list("INSPECTION_SITE_HOSTS", default=[])
INSPECTION_EXTRA_PAGES = env.list("INSPECTION_EXTRA_PAGES", default=[])
FOI_RECONSIDERATION_ORGAN = env.str("FOI_RECONSIDERATION_ORGAN", default="")
FOI_COURT = env.str("FOI_COURT", default="")
# Who signs the county's annual disclosure report (docs/foi-annual-report.md): this user, else the
# head of the department with this code (the county disclosure office); neither: an administrator.
FOI_REPORT_SIGNER_USERNAME = env.str("FOI_REPORT_SIGNER_USERNAME", default="")
FOI_OFFICE_DEPARTMENT_CODE = env.str("FOI_OFFICE_DEPARTMENT_CODE", default="")
# The county disclosure office that reads every catalogue column (docs/directory.md); empty: the
# FOI office above.
DIRECTORY_OFFICE_DEPARTMENT_CODE = env.str("DIRECTORY_OFFICE_DEPARTMENT_CODE", default="")

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="tongban@localhost")

# Text messages to applicants (backend/common/sms.py): a class with send(reference=, to=, text=).
SMS_BACKEND = env.str("SMS_BACKEND", default="backend.common.sms.ConsoleBackend")
SMS_FILE_PATH = env.str("SMS_FILE_PATH", default=str(BASE_DIR / "var" / "sms.jsonl"))
SMS_SIGNATURE = env.str("SMS_SIGNATURE", default="【通办】")

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Webhook receivers must be https and on public addresses (see docs/disclosure.md "Outbound safety").
# Plain http only where allowed (by default only with DEBUG); intranet receivers need their network
# listed here, as CIDR, e.g. DISCLOSURE_WEBHOOK_ALLOWED_NETWORKS=10.0.0.0/8,172.16.5.0/24.
DISCLOSURE_WEBHOOK_ALLOW_HTTP = env.bool("DISCLOSURE_WEBHOOK_ALLOW_HTTP", default=DEBUG)
DISCLOSURE_WEBHOOK_ALLOWED_NETWORKS = env.list("DISCLOSURE_WEBHOOK_ALLOWED_NETWORKS", default=[])

if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Every failed sign-in is a row (AccessFailureLog); its INFO chatter adds nothing to the logs.
    "loggers": {"axes": {"level": "WARNING"}, "pikepdf": {"level": "WARNING"}},
}
