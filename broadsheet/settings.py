"""Django settings, declared once and read from the environment.

Every setting an operator may change is listed in ``SETTINGS_HELP`` (docs are
checked against it). Secrets and paths come from the environment; there is no
real-looking fallback secret: without ``SECRET_KEY`` a random key is generated
once and kept in the data directory.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from pathlib import Path

from csp import constants as csp

from broadsheet.core.cache import cache_from_url
from broadsheet.core.db import databases_from_env
from broadsheet.core.privacy import MEDIA_FILE_MODE, MEDIA_FOLDER_MODE, make_data_folder
from broadsheet.core.security import media_origins

SETTINGS_HELP = {
    "BROADSHEET_DATA_DIR": "Folder for the SQLite database, media files and the search index "
    "(default: ./broadsheet-data).",
    "DATABASE_URL": "Database to use, e.g. postgresql://user:pw@host/db "
    "(default: SQLite in the data directory).",
    "DATABASE_REPLICA_URL": "Optional PostgreSQL read replica; the public site's GET requests "
    "read from it, the admin, ingest and all writes use DATABASE_URL.",
    "DATABASE_POOL_SIZE": "Most PostgreSQL connections each app process keeps in its pool "
    "(default: 4; 0: no pool, one connection per request).",
    "BROADSHEET_MEDIA_ROOT": "Folder for page images and PDFs; on several app servers a shared "
    "mount (default: media/ in the data directory).",
    "BROADSHEET_MEDIA_URL": "URL prefix of media files (default: /media/, where the app answers "
    "a file only while an edition using it is public). A URL of object storage, e.g. "
    "https://media.example.com/, bypasses that check (docs/deploy.md).",
    "BROADSHEET_MEDIA_ACCEL_PREFIX": "Behind nginx: an internal location, e.g. /protected-media/; "
    "the app checks visibility and answers with X-Accel-Redirect, nginx sends the file "
    "(default: empty, the app sends files itself).",
    "BROADSHEET_MEDIA_MAX_AGE": "Seconds browsers and shared caches may keep a public media file "
    "(default: 86400); a withdrawn edition's files may stay in caches that long.",
    "BROADSHEET_MEDIA_STORAGE": "Django storage class for media, e.g. "
    "storages.backends.s3.S3Storage (default: local files in BROADSHEET_MEDIA_ROOT).",
    "BROADSHEET_MEDIA_STORAGE_OPTIONS": "JSON object of options for that storage class, "
    'e.g. {"bucket_name": "epaper"} (default: {}).',
    "SECRET_KEY": "Django secret key, 50+ random characters, the same on every app server; "
    "required by `broadsheet check --deploy` (default: generated once and stored in the data "
    "directory, for trials).",
    "DEBUG": "1 to show debug pages (default: 0).",
    "ALLOWED_HOSTS": "Comma-separated host names (default: localhost,127.0.0.1,[::1]).",
    "BROADSHEET_SEARCH_BACKEND": "Search engine: tantivy (default) or postgres.",
    "BROADSHEET_SEARCH_FOLLOW_S": "Seconds between an app process's looks at the search change "
    "log, applying what its host's index lacks (default: 1; 0 turns the follower off).",
    "BROADSHEET_IIIF_CACHE_MAX_MB": "Megabytes of IIIF image answers `broadsheet iiif trim` "
    "keeps (default: 2048).",
    "BROADSHEET_INGEST_FOLLOWER": "1: a bulk ingest indexes in a second process while it loads "
    "(default: 1 on a machine with more than one CPU, else 0).",
    "BROADSHEET_TIME_ZONE": "Time zone of the newspapers' dates (default: Asia/Shanghai).",
    "BROADSHEET_BEHIND_PROXY": "1 behind a proxy that terminates TLS and always sets "
    "X-Forwarded-Proto (the nginx of docs/deploy.md): feeds, sitemaps and canonical links then "
    "say https, and login throttling counts the address nginx saw (default: 0; never 1 when "
    "clients reach the app directly).",
    "BROADSHEET_HTTPS": "1 when the site is served over HTTPS (with BROADSHEET_BEHIND_PROXY, "
    "docs/deploy.md): session and CSRF cookies are Secure, HTTP requests are redirected to "
    "HTTPS and browsers are told to keep to HTTPS (HSTS) (default: 0).",
    "BROADSHEET_HSTS_SECONDS": "With BROADSHEET_HTTPS: how long browsers keep to HTTPS "
    "for this host and its subdomains (default: 31536000, one year; 0: no HSTS).",
    "BROADSHEET_LOGIN_FAILURE_LIMIT": "Failed admin logins from one address, or for one user "
    "name, after which that address or name is locked out for an hour; `broadsheet axes_reset` "
    "unlocks (default: 10).",
    "BROADSHEET_PAGE_MAX_AGE": "Seconds browsers and shared caches (nginx, a CDN) may keep a "
    "public page before asking again (default: 60; never past the next scheduled publish time).",
    "BROADSHEET_PAGE_STALE": "Seconds a shared cache may go on answering a page past its age "
    "while it fetches a fresh one (stale-while-revalidate; default: 30).",
    "BROADSHEET_PAGE_CACHE_SECONDS": "Seconds the app keeps a rendered public page in its page "
    "cache (default: 600; 0: no page cache). Pages leave it at once when what they show changes.",
    "BROADSHEET_CACHE_URL": "Django cache of the page cache: locmem (default, per process), "
    "file (in the data directory), redis://host:6379/0 or memcached://host:11211.",
    "BROADSHEET_INGEST_LIMITS": "JSON object changing ingest's bounds against decompression "
    'and pixel bombs, e.g. {"image_pixels": 150000000} (docs/formats/common.md).',
}

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("BROADSHEET_DATA_DIR", "broadsheet-data")).resolve()
make_data_folder(DATA_DIR)  # private: drafts, password hashes, the secret key


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
    if h.strip()
]
# Absolute URLs (feeds, sitemaps, canonical and og:url) take the scheme the proxy saw.
BEHIND_PROXY = _env_bool("BROADSHEET_BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.admin",
    "axes",
    "csp",
    "corsheaders",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "broadsheet.core",
    "broadsheet.editions",
    "broadsheet.pages",
    "broadsheet.ingest",
    "broadsheet.search",
    "broadsheet.search.pgindex",
    "broadsheet.reader",
    "broadsheet.api",
    "broadsheet.doors",
    "broadsheet.iiif",
    "broadsheet.exports",
    "broadsheet.demo",
    "reversion",
    "django_tasks",
    "django_tasks_db",
    "broadsheet.newsroom",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # before anything that answers (docs/api.md)
    "broadsheet.core.routers.ReaderReplicaMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "broadsheet.reader.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "broadsheet.urls"
WSGI_APPLICATION = "broadsheet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

_SQLITE_URL = f"sqlite:///{DATA_DIR / 'broadsheet.sqlite3'}"
# Engine options (SQLite WAL, PostgreSQL pool, no generic plans) live in broadsheet.core.db.
DATABASES = databases_from_env(os.environ, default_url=_SQLITE_URL)
DATABASE_ROUTERS = ["broadsheet.core.routers.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- logins: throttled (django-axes), passwords checked (docs/deploy.md) -------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out user name
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
# Too many failures from one address, or for one user name from anywhere, lock out
# (docs/decisions.md); behind nginx (BEHIND_PROXY) the address is the one nginx saw.
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_CLIENT_IP_CALLABLE = "broadsheet.core.security.client_ip"
AXES_FAILURE_LIMIT = int(os.environ.get("BROADSHEET_LOGIN_FAILURE_LIMIT") or 10)
AXES_COOLOFF_TIME = dt.timedelta(hours=1)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"  # 429, in the reader's language

# --- HTTPS, headers and cookies (docs/deploy.md) ---------------------------------------
HTTPS = _env_bool("BROADSHEET_HTTPS")  # the scheme comes from the proxy (BEHIND_PROXY)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("BROADSHEET_HSTS_SECONDS") or 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading HSTS is a decision for the owner of the whole domain (hstspreload.org takes
# only the apex), not for an app on one of its hosts.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
# Pages may run only the site's own scripts; styles from the site, plus the few
# <style> blocks a template writes with this request's nonce (the search chart's bars).
# Media answers carry their own, stricter policy (reader/media.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF, csp.NONCE],
        "img-src": [csp.SELF, *media_origins(os.environ.get("BROADSHEET_MEDIA_URL", ""))],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}

# CORS (django-cors-headers): any site may read the API and the .json twins with GET, no
# cookies sent; nothing else on the site answers cross-origin requests (docs/api.md).
CORS_URLS_REGEX = r"^(/api/.*|.*\.json)$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "accept-language", "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = ("ETag",)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("BROADSHEET_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing folder
MEDIA_URL = os.environ.get("BROADSHEET_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("BROADSHEET_MEDIA_ROOT", DATA_DIR / "media")).resolve()
MEDIA_ACCEL_PREFIX = os.environ.get("BROADSHEET_MEDIA_ACCEL_PREFIX", "").strip()
MEDIA_MAX_AGE = int(os.environ.get("BROADSHEET_MEDIA_MAX_AGE") or 86400)
# Media files for the owner and its group (nginx joins it to send them), nobody else.
FILE_UPLOAD_PERMISSIONS = MEDIA_FILE_MODE
FILE_UPLOAD_DIRECTORY_PERMISSIONS = MEDIA_FOLDER_MODE
STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            "BROADSHEET_MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": json.loads(os.environ.get("BROADSHEET_MEDIA_STORAGE_OPTIONS") or "{}"),
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# --- the page cache (broadsheet.reader.pagecache, docs/deploy.md) ------------------------
PAGE_MAX_AGE = int(os.environ.get("BROADSHEET_PAGE_MAX_AGE") or 60)
PAGE_STALE = int(os.environ.get("BROADSHEET_PAGE_STALE") or 30)
PAGE_CACHE_SECONDS = int(os.environ.get("BROADSHEET_PAGE_CACHE_SECONDS") or 600)
CACHES = {"default": cache_from_url(os.environ.get("BROADSHEET_CACHE_URL", ""), DATA_DIR)}

SEARCH_BACKEND = os.environ.get("BROADSHEET_SEARCH_BACKEND", "tantivy")
INGEST_FOLLOWER = os.environ.get(
    "BROADSHEET_INGEST_FOLLOWER", "1" if (os.cpu_count() or 1) > 1 else "0"
).strip() in ("1", "true", "yes")
INGEST_LIMITS = json.loads(os.environ.get("BROADSHEET_INGEST_LIMITS") or "{}")
SEARCH_INDEX_DIR = DATA_DIR / "search-index"
# Image API answers cut from page images (broadsheet.iiif.tiles); may be deleted at any time.
IIIF_CACHE_DIR = DATA_DIR / "iiif-cache"
IIIF_CACHE_MAX_MB = int(os.environ.get("BROADSHEET_IIIF_CACHE_MAX_MB") or "2048")
SEARCH_FOLLOW_S = float(os.environ.get("BROADSHEET_SEARCH_FOLLOW_S") or "1")
# Background work (the desk's uploads) through django-tasks, queued in the database so it
# works alike on SQLite and PostgreSQL; `broadsheet worker` runs it (broadsheet.newsroom.tasks).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Uploads waiting for their ingest task, kept in the private data folder.
UPLOAD_DIR = DATA_DIR / "uploads"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "one_line": {"()": "broadsheet.core.logs.OneLine", "format": "%(name)s: %(message)s"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "one_line": {"class": "logging.StreamHandler", "formatter": "one_line"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # A bad Host header is a scanner's probe: one line each, no traceback.
        "django.security.DisallowedHost": {"handlers": ["one_line"], "propagate": False},
    },
}
