"""Settings shared by every environment; each value that differs comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from cms.logging import logging_config
from cms.settings.database import databases

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "cms"


def env_list(name, default=""):
    """A comma-separated environment variable as a list of non-empty, stripped items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


INSTALLED_APPS = [
    "home",
    "fiches",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.api.v2",
    "rest_framework",
    "corsheaders",
    # Only for its static Redoc bundle (the API docs page, templates/api/docs.html).
    "ninja",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "axes",
    "csp",
    "django_tasks_db",
    "cms.cache",
]

MIDDLEWARE = [
    "cms.middleware.RequestIdMiddleware",
    "cms.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cms.middleware.SecurityHeadersMiddleware",
    "cms.middleware.ContentSecurityPolicyMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Before anything reads the parameters: a NUL byte gets a 400, never a database error.
    "cms.middleware.RejectNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cms.middleware.PageCacheMiddleware",
    "cms.middleware.SiteRootPathsMiddleware",
    "cms.middleware.CachedRoutingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: it turns a lockout into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.navigation",
                "cms.context_processors.translations",
                "cms.context_processors.public_pages",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

DATABASES = databases(os.environ, BASE_DIR)  # cms/settings/database.py
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
WAGTAIL_I18N_ENABLED = True
# Page addresses in ASCII: « Réemploi » gives « reemploi », not a percent-encoded « r%C3%A9emploi »
# (the admin's slug field and the slugs Wagtail deduces from titles; actors and themes too).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
LOCALE_PATHS = [BASE_DIR / "locale"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# The whole-catalogue export files (fiches.opendata.files), served by the export views, never
# by the media URL: shared by the app servers and the task worker (docs/deployment.md).
EXPORTS_ROOT = Path(os.environ.get("EXPORTS_ROOT", BASE_DIR / "exports"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "Fiches REX — Marchés publics & ESS"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "fiches.CustomImage"
# French stemming on PostgreSQL ("espaces verts" finds "espace vert"); SQLite ignores it.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "french"}
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "odp", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français"), ("en", "English")]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {
            "features": ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]
        },
    }
}

# Console logs with the request id; LOG_FORMAT=json for log collectors (see cms.logging).
LOGGING = logging_config(
    level=os.environ.get("LOG_LEVEL", "INFO"), log_format=os.environ.get("LOG_FORMAT", "plain")
)

# Videos from the common platforms are embedded without any oEmbed call (see fiches.embeds);
# other providers fall back to Wagtail's oEmbed finder.
WAGTAILEMBEDS_FINDERS = [
    {"class": "fiches.embeds.PrivacyEmbedFinder"},
    {"class": "wagtail.embeds.finders.oembed"},
]

# The benchmark harness (bench/, run with BENCH=1) mounts a trivial view at /bench/floor/: the
# framework floor its figures are compared with. Never enabled otherwise.
BENCH_FLOOR_VIEW = os.environ.get("BENCH", "") == "1"

# Public API (fiches.api, /api/v2/): rich text as display HTML, bounded pages, CORS on the API only.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 50
WAGTAILAPI_BASE_URL = os.environ.get("WAGTAILAPI_BASE_URL") or None
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# Headless preview: the external front-end that shows drafts, and how long its token lives.
HEADLESS_PREVIEW_URL = os.environ.get("HEADLESS_PREVIEW_URL", "")
API_PREVIEW_MAX_AGE = int(os.environ.get("API_PREVIEW_MAX_AGE", "600"))

# --- Production readiness: security, cache, sessions, tasks (docs/deployment.md) -------------


def env_bool(name, default):
    """A yes/no environment variable ("true", "1", "yes", "on" mean yes)."""
    return os.environ.get(name, str(default)).strip().lower() in ("true", "1", "yes", "on")


# The admin's address, so that it is not where every scanner looks first.
ADMIN_URL_PATH = os.environ.get("ADMIN_URL_PATH", "admin/").strip("/") + "/"
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party request from the admin

# Cache: Redis, shared by every app server, when REDIS_URL is set; memory of the process otherwise.
# A dead Redis must not take the site down: errors are logged and the cache is bypassed, and
# cms.cache.backend.RedisCache never hands out django-redis's shared default dict (docs/caching.md).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cms.cache.backend.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "fiches-rex"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
                "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    # Room for the fragment caches of a few thousand pages (Django's default is 300 entries).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Wagtail's rendition cache is off: every page and API response prefetches the renditions it
# shows (constant query counts, tests/performance), and Wagtail writes each rendition it renders
# into that cache — one round trip to Redis per image, even for a prefetched one (docs/caching.md).
CACHES["renditions"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}

# Full-page cache for anonymous visitors (cms.cache.pages); off unless PAGE_CACHE_SECONDS > 0.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
PAGE_CACHE_ALIAS = "default"
# The API carries its own validators (ETag, Cache-Control) for CDNs and must answer 304s.
PAGE_CACHE_EXCLUDED_PREFIXES = ["/api/", "/documents/", "/healthz", "/_util/", "/bench/"]

# Fragment caches of uncached pages (cms.cache.fragments: site, navigation, fiche body…), keyed by
# the content version; off unless FRAGMENT_CACHE_SECONDS > 0 (production: on with REDIS_URL).
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "0"))
FRAGMENT_CACHE_ALIAS = "default"

# Sessions in the cache, backed by the database: no local file, any server can answer.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)

# Background tasks (Wagtail 8 uses django-tasks): run at once unless TASKS_BACKEND=database,
# where `manage.py db_worker` runs them from a queue table (production default).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if TASKS_BACKEND == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Security headers. Django's SecurityMiddleware sets nosniff, Referrer-Policy and COOP;
# X-Frame-Options stays DENY (Wagtail's preview views allow their own frame themselves).
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=()"
)
# The public site runs no inline script or style; video players come from three hosts only.
# CSP_EXTRA_SOURCES adds origins (object storage, CDN) to images, media and fonts.
CSP_EXTRA_SOURCES = env_list("CSP_EXTRA_SOURCES")
VIDEO_PLAYERS = [
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://www.dailymotion.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *CSP_EXTRA_SOURCES],
        "media-src": ["'self'", *CSP_EXTRA_SOURCES],
        "font-src": ["'self'", *CSP_EXTRA_SOURCES],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *VIDEO_PLAYERS],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}
# The Wagtail admin has inline scripts and styles, and its accessibility checker (axe) compiles
# templates with `new Function`: it gets its own, looser policy (cms.middleware).
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *CSP_EXTRA_SOURCES],
    }
}

# Brute force on the admin login (django-axes): an address is locked out for
# AXES_COOLOFF_MINUTES after LOGIN_FAILURES_PER_ACCOUNT failures for the same user name, or after
# LOGIN_FAILURES_PER_ADDRESS failures whatever the user names (password spraying: one try for
# each of many names). axes counts both (AXES_LOCKOUT_PARAMETERS) against one limit, which
# cms.security.login_failure_limit picks; the 429 says when to try again (Retry-After).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("AXES_IP_FAILURE_LIMIT", "20"))
AXES_FAILURE_LIMIT = "cms.security.login_failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "429.html"
AXES_LOCKOUT_CALLABLE = "cms.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "cms.security.client_ip"
# Number of reverse proxies in front of the app servers that append to X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Wrong passwords of password-protected pages (Wagtail's authenticate_with_password, throttled
# by cms.throttle in cms/urls.py): at most this many per address in the window, then 429.
PAGE_PASSWORD_FAILURE_LIMIT = int(os.environ.get("PAGE_PASSWORD_FAILURE_LIMIT", "10"))
PAGE_PASSWORD_WINDOW_SECONDS = 60 * int(os.environ.get("PAGE_PASSWORD_WINDOW_MINUTES", "15"))

# Uploads: documents are always downloaded (never rendered by the browser) except PDF, and
# served through Django so that private collections stay private on object storage too.
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Renditions in WebP (smaller than JPEG and PNG, read by every current browser).
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "webp", "gif": "gif", "jpeg": "webp", "png": "webp"}

# The site's own features: open data, proposals, alerts (cms/settings/features.py).
from .features import *  # noqa: E402, F403

# Editorial workflow (docs/editorial.md): contributors submit, the « Modérateurs » group reviews
# (groups and workflow created by home/migrations/0003_editorial_groups.py). Notifications go by
# e-mail through EMAIL_BACKEND (console in development, SMTP from EMAIL_* in production).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "fiches-rex@localhost")
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = os.environ.get(
    "WAGTAILADMIN_NOTIFICATION_FROM_EMAIL", DEFAULT_FROM_EMAIL
)
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH = True
WAGTAILADMIN_COMMENTS_ENABLED = True
# Drafts are saved in the background every WAGTAIL_AUTOSAVE_INTERVAL ms (0 turns it off); the
# editor pings every WAGTAIL_EDITING_SESSION_PING_INTERVAL ms to warn of concurrent editors.
WAGTAIL_AUTOSAVE_INTERVAL = int(os.environ.get("WAGTAIL_AUTOSAVE_INTERVAL", "500"))
WAGTAIL_EDITING_SESSION_PING_INTERVAL = int(
    os.environ.get("WAGTAIL_EDITING_SESSION_PING_INTERVAL", "10000")
)

# Translating a page creates a draft of the translation (wagtail-localize otherwise publishes it
# at once, with the source's text): it goes live when a moderator publishes it.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# Machine translation in wagtail-localize's editor: a self-hosted LibreTranslate when
# LIBRETRANSLATE_URL is set, any other backend by its class path in MACHINE_TRANSLATOR_CLASS
# (tests use wagtail_localize.machine_translators.dummy.DummyTranslator); none otherwise.
LIBRETRANSLATE_URL = os.environ.get("LIBRETRANSLATE_URL", "").rstrip("/")
MACHINE_TRANSLATOR_CLASS = os.environ.get("MACHINE_TRANSLATOR_CLASS", "")
if LIBRETRANSLATE_URL:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        "OPTIONS": {
            "LIBRETRANSLATE_URL": LIBRETRANSLATE_URL,
            "API_KEY": os.environ.get("LIBRETRANSLATE_API_KEY", ""),
            "TIMEOUT": int(os.environ.get("LIBRETRANSLATE_TIMEOUT", "10")),
        },
    }
elif MACHINE_TRANSLATOR_CLASS:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": MACHINE_TRANSLATOR_CLASS, "OPTIONS": {}}
AXES_VERBOSE = False
