"""Settings shared by every environment. Values that vary come from the environment."""

import datetime as dt
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import html_tags
from js_asset import static_lazy

from plumbing.csp import content_security_policy
from plumbing.env import env_bool, env_float, env_int, env_list, env_str
from plumbing.logs import UNREADABLE_REQUEST_LOGGERS

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-secret-change-me-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    # Django's admin with the newsroom's site: its French and its back room
    # (sitewide/admin_site.py).
    "sitewide.admin_site.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "django_recaptcha",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_prose_editor",
    "simple_history",
    # The cache that tells the truth (tagcache/README.md): imports no app of ours.
    "tagcache",
    # Ads, site settings, roles, accounts, the admin site, error pages (label « portal »).
    "sitewide",
    "articles",
    # Public author profiles (bylines, author pages); imports no other app.
    "authors",
    "comments",
    # Reply e-mails (double opt-in, one-click unsubscribe); knows `comments` (docs/comments.md).
    "subscriptions",
    # Reach: Web Push alerts, share cards, WhatsApp text, offline reading; reads `articles`.
    "reach",
    # « L'essentiel »: the newsletter, its editions and their sending (docs/audience.md).
    "newsletter",
    # The tasks' database queue and `db_worker` (django-tasks-db): the worker behind django.tasks.
    "django_tasks_db",
    # The desk around an article being written: autosave slots, preview of unsaved work. After
    # `articles`: desk/admin.py registers the article admin again, extended.
    "desk",
    # Embedded media as click-to-load facades (oEmbed data fetched once at save).
    "embeds",
    # Who we are: editable site pages and the contact form.
    "pages",
    # En direct: live coverage, entries, the update document open pages poll (docs/live.md).
    "live",
    "wordpress",
]

MIDDLEWARE = [
    # Outermost: the request id and the access line cover everything below.
    "plumbing.middleware.RequestLogMiddleware",
    # /healthz and /readyz answer before host checks and the HTTPS redirect.
    "plumbing.health.HealthCheckMiddleware",
    # A NUL byte in the path becomes U+FFFD before anything looks it up: a 404 like any other
    # unknown address, below (plumbing/guards.py).
    "plumbing.guards.NulPathMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # gzip at level 4: half the CPU of Django's level 6 on a page (plumbing/compression.py).
    "plumbing.compression.FastGZipMiddleware",
    # The old WordPress site's addresses: 301 on a 404 or a /?p=123 (wordpress/middleware.py).
    # Outside the page cache, which would answer /?cat=7 with the cached home page.
    "wordpress.middleware.LegacyRedirectMiddleware",
    # Anonymous pages are served from here: the headers the middleware below adds (CSP,
    # language, frame options) are stored with each page and replayed (tagcache/pages.py).
    "tagcache.pages.PageCacheMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "plumbing.csp.AdminPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Django's 405 is a blank page: the site's, in the address's language (plumbing/guards.py).
    "plumbing.guards.MethodNotAllowedPageMiddleware",
    # Django's CommonMiddleware; a form posted to /contact goes on to /contact/ with a 308.
    "plumbing.guards.SlashRedirectMiddleware",
    # Django's check, plus: a post our own page sent (Sec-Fetch-Site, Origin) needs no token,
    # so a first comment from a shared cached page works without JavaScript (plumbing/csrf.py).
    "plumbing.csrf.OriginCsrfMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Right after: a password still owing its code is anonymous to everything below, the
    # staff cookie, the rate limit and previews included; the admin sends it to the code page
    # (plumbing/twofactor.py).
    "plumbing.twofactor.TwoFactorMiddleware",
    # A cookie nginx skips its cache for, while a staff member is signed in (plumbing/login.py).
    "plumbing.login.StaffMarkerMiddleware",
    # Every POST counts against POST_RATE_LIMIT per IP, staff excepted (plumbing/ratelimit.py).
    "plumbing.ratelimit.PostRateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a blocked login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # `csp_nonce` for the admin's `{% csp_nonce_attr media %}`: the rich-text
                # editor's import map carries it on every admin form that has the editor (the
                # live entry's lacked it: the editor never started). Lazy: no page that does not
                # read it gets one (plumbing/csp.py).
                "django.template.context_processors.csp",
                "sitewide.context_processors.site_chrome",
                # The section and country menus (a sitewide app knows no article).
                "articles.context_processors.menus",
                "reach.context_processors.data_saver",
            ],
        },
    },
]

# Widgets render with the project's templates (our captcha widget lives in templates/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Databases: DATABASE_URL (postgres://…, sqlite:///…); a SQLite file by default.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A SQLite file (`make run`) is written by the server's threads and the task worker at once: a
# transaction that read first and then wrote failed at once, « database is locked », when
# another held the lock (a 500 on « Soumettre à l'éditeur »: a newsroom's trial). Writers take
# the lock when they begin and wait their turn; WAL lets readers go on meanwhile.
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL;",
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS | DATABASES["default"].get("OPTIONS", {})
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A database that does not answer fails the request in seconds, not minutes.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
        "DATABASE_CONNECT_TIMEOUT", 3
    )
# A read replica (plumbing/routers.py): anonymous reads go there, everything else to the primary.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["plumbing.routers.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "plumbing.routers.ReplicaForReadersMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, local memory otherwise. A Redis that stops or hangs
# is a cache miss, not an error page (tagcache/backend.py).
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "tagcache.backend.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portail",
            "TIMEOUT": 300,
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                # After a failure, skip Redis this long; report at most once this often.
                "RETRY_AFTER": env_float("REDIS_RETRY_AFTER", 5),
                "LOG_EVERY": env_float("REDIS_LOG_EVERY", 60),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portail",
            "TIMEOUT": 300,
            # Django's default (300 entries, a third dropped when full) would let one busy hour
            # of read counters (one key per reader, articles/readership.py) push out the rest.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: French by default at unprefixed URLs, English under /en/.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Africa/Porto-Novo"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["portal.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Django serves media itself only where no proxy does (development, `make run`).
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

# The article editor's own extension modules: tables with a caption (« Légende du tableau »),
# named « CaptionedTable » in articles/sanitize.py's EDITOR_EXTENSIONS. The tags listed are what
# it may write, for django-prose-editor's allow-list; the site's sanitiser is articles/sanitize.py.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("js/editor-table-caption.js")],
        "extensions": {
            "CaptionedTable": html_tags(
                ["table", "caption", "tbody", "tr", "th", "td"],
                {"th": ["rowspan", "colspan"], "td": ["rowspan", "colspan"]},
            ),
        },
    },
    # Figures whose picture cannot be typed, pasted or cut over.
    {"js": [static_lazy("js/editor-figures.js")], "extensions": {"FigureGuard": html_tags([])}},
    # Lists pasted from Word as lists, not « · text » paragraphs.
    {"js": [static_lazy("js/editor-word.js")], "extensions": {"WordLists": html_tags([])}},
    # The caret after a link just made, not its words selected for the next key to replace.
    {"js": [static_lazy("js/editor-links.js")], "extensions": {"CaretAfterLink": html_tags([])}},
    # The editor's own TrailingNode (an empty paragraph closing the text), which
    # django-prose-editor's configuration does not list: named here, it is looked up by name.
    {"js": [], "extensions": {"TrailingNode": html_tags([])}},
]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Past one machine: media on S3-compatible storage through django-storages
# (`pip install -e ".[s3]"`; docs/deploy.md). Every app server then sees the same files.
MEDIA_BUCKET = env_str("MEDIA_BUCKET", "")
if MEDIA_BUCKET:
    MEDIA_DOMAIN = env_str("MEDIA_DOMAIN", "")  # the CDN or bucket host readers fetch from
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": env_str("MEDIA_ENDPOINT_URL", "") or None,
            "region_name": env_str("MEDIA_REGION", "") or None,
            "custom_domain": MEDIA_DOMAIN or None,
            "querystring_auth": False,  # public images, cacheable URLs
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=604800"},
        },
    }
    if MEDIA_DOMAIN:
        MEDIA_URL = f"https://{MEDIA_DOMAIN}/"

LOGIN_URL = "admin:login"
# Where a login goes when its `next` is missing or off-site: the newsroom works in the admin
# (Django's default, /accounts/profile/, is no page here).
LOGIN_REDIRECT_URL = "admin:index"

# Security headers and cookies, in every environment (production adds HTTPS on top).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Only staff have sessions: a working day, and gone when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # our script asks /csrf/ for the token, never the cookie

# Admin logins: django-axes blocks an address after AXES_FAILURE_LIMIT failures, whatever the
# usernames, for AXES_COOLOFF_MINUTES (plumbing/lockout.py: why, and the page it shows). An
# address is an IPv4 address or an IPv6 /64, which one machine can rotate through.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
# How many times a /64's limits (and lockout) an IPv6 /56 may use; 0: not counted
# (plumbing/ratelimit.py `site_multiplier`).
RATE_LIMIT_SITE_MULTIPLIER = env_int("RATE_LIMIT_SITE_MULTIPLIER", 4)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
# Never the username alone: failures from elsewhere would lock its owner out.
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True  # only the account's own failures from that address
AXES_HANDLER = "plumbing.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "plumbing.lockout.lockout_response"
# The client address as every per-person limit counts it (TRUSTED_PROXY_COUNT decides), stored
# as such: IPv6 failures are kept by /64 network.
AXES_CLIENT_IP_CALLABLE = "plumbing.clientip.client_network"
AXES_IP_WHITELIST = env_list("AXES_IP_WHITELIST", []) or None
AXES_NEVER_LOCKOUT_WHITELIST = bool(AXES_IP_WHITELIST)

# Two-factor login (plumbing/twofactor.py): available to all staff; required for the groups of
# OTP_GROUPS (Éditeurs, Modérateurs) and superusers when OTP_REQUIRED_FOR_EDITORS is on (the
# default in production).
OTP_REQUIRED_FOR_EDITORS = env_bool("OTP_REQUIRED_FOR_EDITORS", False)
OTP_GROUPS = ("Éditeur", "Modérateur")  # sitewide/roles.py MODERATING (plumbing imports no app)


def OTP_TOTP_ISSUER(device):  # noqa: N802 - a setting django-otp calls
    """The name authenticator apps file the code under: the site's, as the newsroom set it."""
    from sitewide.identity import site_name  # the app registry is not ready when settings load

    return site_name()


# When the cache is away, the comment rate limit lets posts through (tagcache/backend.py).
RATELIMIT_FAIL_OPEN = True
CSRF_FAILURE_VIEW = "comments.views.csrf_failure"
ADMIN_URL = env_str("ADMIN_URL", "admin/")

# Site identity, shown in the header, feeds and structured data.
SITE_NAME = env_str("SITE_NAME", "Le Portail")
# The built-in tagline is translated on English pages (sitewide/models.py); one set here is not.
SITE_TAGLINE = env_str("SITE_TAGLINE", "L'actualité de l'Afrique de l'Ouest et du monde")

# Whole-page cache for anonymous readers (tagcache/pages.py): a page is dropped as soon as
# something it shows changes, and kept at most PAGE_CACHE_SECONDS.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# What browsers and proxies (nginx, a CDN) are told: they cannot be told of changes, so briefly.
PAGE_MAX_AGE = env_int("PAGE_MAX_AGE", 10)
# En direct (docs/live.md): how often open pages poll a coverage's update document, and how long
# nginx may keep that document (X-Accel-Expires; browsers revalidate every poll). A new entry
# reaches every open page within the sum, plus a moment.
LIVE_POLL_SECONDS = env_int("LIVE_POLL_SECONDS", 15)
LIVE_PROXY_SECONDS = env_int("LIVE_PROXY_SECONDS", 2)
# Renders that miss the cache, per client address (tagcache/pages.py): generous, a reader
# never meets it; a script asking for thousands of made-up pages does.
PAGE_RENDER_RATE_LIMIT = env_str("PAGE_RENDER_RATE_LIMIT", "600/m")
# Per person: an IPv4 address or a whole IPv6 /64 (one subscriber picks any address in it).
TAGCACHE_CLIENT_ADDRESS = "plumbing.clientip.client_network"
# How long related-news sidebars, « Les plus lus » and comment counts on cards may trail the
# truth (docs/performance.md): tagging them would make every edit drop every page.
CACHE_LAG_SECONDS = env_int("CACHE_LAG_SECONDS", 60)

# Articles
ARTICLES_PER_PAGE = 20
ARTICLES_MAX_PAGES = 50  # lists show the 1,000 most recent; older ones via search and archives
ARTICLES_RELATED_COUNT = 6
ARTICLE_IMAGE_WIDTHS = (480, 800, 1200)
# A search PostgreSQL cannot answer within this many milliseconds is stopped (articles/search.py).
SEARCH_TIMEOUT_MS = env_int("SEARCH_TIMEOUT_MS", 3000)
# Uploaded images (featured, in the text, logo, ads): JPEG, PNG or WebP up to this weight and
# pixel count (plumbing/uploads.py).
ARTICLE_IMAGE_MAX_BYTES = env_int("ARTICLE_IMAGE_MAX_MB", 10) * 1024 * 1024
ARTICLE_IMAGE_MAX_PIXELS = env_int("ARTICLE_IMAGE_MAX_MEGAPIXELS", 50) * 1_000_000
# Wider originals are stored narrowed to this (twice the widest rendition, for sharp share cards
# and high-density screens).
ARTICLE_IMAGE_STORED_MAX_WIDTH = env_int("ARTICLE_IMAGE_STORED_MAX_WIDTH", 2400)
# Reads counted by the article page's beacon (articles/readership.py, docs/audience.md): beacons
# per network (IPv4 address or IPv6 /64), how long hourly counts are kept, and, when the cache
# is private to each process (no REDIS_URL), how often a beacon writes its process's counts.
ARTICLE_VIEWS_RATE_LIMIT = env_str("ARTICLE_VIEWS_RATE_LIMIT", "120/m")
ARTICLE_VIEWS_KEEP_DAYS = env_int("ARTICLE_VIEWS_KEEP_DAYS", 90)
ARTICLE_VIEWS_INLINE_FLUSH_SECONDS = env_int(
    "ARTICLE_VIEWS_INLINE_FLUSH_SECONDS", 0 if REDIS_URL else 60
)
ARTICLES_MOST_READ_COUNT = 5  # per window (24 hours, 7 days)

# Comments and the captcha gate (see comments/conf.py for what each does).
RECAPTCHA_PUBLIC_KEY = env_str("RECAPTCHA_PUBLIC_KEY", "")
RECAPTCHA_PRIVATE_KEY = env_str("RECAPTCHA_PRIVATE_KEY", "")
RECAPTCHA_DOMAIN = env_str("RECAPTCHA_DOMAIN", "www.google.com")
# Content Security Policy (plumbing/csp.py): the portal and the reCAPTCHA hosts only.
SECURE_CSP = content_security_policy(RECAPTCHA_DOMAIN, STATIC_URL, MEDIA_URL)
RECAPTCHA_VERIFY_REQUEST_TIMEOUT = env_int("RECAPTCHA_VERIFY_REQUEST_TIMEOUT", 3)
CAPTCHA_SCORE_REFUSE_BELOW = env_float("CAPTCHA_SCORE_REFUSE_BELOW", 0.3)
CAPTCHA_SCORE_PUBLISH_AT = env_float("CAPTCHA_SCORE_PUBLISH_AT", 0.7)
CAPTCHA_DEV_SCORE = env_float("CAPTCHA_DEV_SCORE", 0.9)
COMMENTS_MODERATE_ALL = env_bool("COMMENTS_MODERATE_ALL", False)
COMMENTS_MAX_DEPTH = env_int("COMMENTS_MAX_DEPTH", 3)
COMMENTS_RATE_LIMIT = env_str("COMMENTS_RATE_LIMIT", "5/10m")
# Comments sent without JavaScript (no captcha token) are held, and limited per network.
COMMENTS_NOSCRIPT_RATE_LIMIT = env_str("COMMENTS_NOSCRIPT_RATE_LIMIT", "2/h")
# Published at a middle captcha score once the last N decided comments of an e-mail were all
# published (docs/comments.md); 0 turns it off.
COMMENTS_TRUSTED_AFTER = env_int("COMMENTS_TRUSTED_AFTER", 3)
# Per person (IPv4 address or IPv6 /64), for everything else a script could hammer
# (plumbing/ratelimit.py): any POST, and searches that reach the database (the page cache
# answers repeated ones for free).
POST_RATE_LIMIT = env_str("POST_RATE_LIMIT", "30/m")
SEARCH_RATE_LIMIT = env_str("SEARCH_RATE_LIMIT", "30/m")

# Embeds (embeds/conf.py): oEmbed data fetched once when an article is saved. Meta's app token
# (`app-id|client-token`) lets Facebook and Instagram links become facades; without it they are
# cards with the link. A provider slower than OEMBED_TIMEOUT seconds leaves a plain link.
OEMBED_FACEBOOK_TOKEN = env_str("OEMBED_FACEBOOK_TOKEN", "")
OEMBED_TIMEOUT = env_float("OEMBED_TIMEOUT", 3)
OEMBED_SAVE_BUDGET = env_float("OEMBED_SAVE_BUDGET", 6)
# Reports from distinct networks (IPv4 address, IPv6 /64) that put a published comment in the
# moderators' « Signalés » queue; it stays on the page until one decides (comments/services.py).
COMMENTS_FLAGS_TO_REVIEW = env_int("COMMENTS_FLAGS_TO_REVIEW", 3)
COMMENTS_IP_RETENTION_DAYS = env_int("COMMENTS_IP_RETENTION_DAYS", 90)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Django 6.1 mailers. EMAIL_BACKEND picks the backend; SMTP options come from EMAIL_* variables.
EMAIL_BACKEND_PATH = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": 10,
        }
        if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Le Portail <redaction@example.org>")
# Links in e-mails sent by tasks (no request to ask): empty means https:// and the first public
# ALLOWED_HOSTS entry (plumbing/siteurl.py); check --deploy refuses anything but https.
SITE_URL = env_str("SITE_URL", "")

# Background tasks (django.tasks): e-mails are enqueued on commit, never sent inside a reader's
# request. Tasks wait in the database (django-tasks-db) for `manage.py worker` (newsletter/, a
# systemd unit in deploy/, started by `make run`); the outbox sweeps (`send_reply_mail`,
# `newsletter_tick`) resend what a crash lost. With
# TASKS_BACKEND=subscriptions.backends.OutboxOnlyBackend no task runs (the sweeps alone send).
# Tests run tasks at once (ImmediateBackend, test.py).
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# « L'essentiel » (newsletter/conf.py has every setting and its meaning; docs/audience.md).
NEWSLETTER_DAILY_ASSEMBLE_AT = env_str("NEWSLETTER_DAILY_ASSEMBLE_AT", "05:30")
NEWSLETTER_DAILY_SEND_AT = env_str("NEWSLETTER_DAILY_SEND_AT", "07:00")
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 200)
NEWSLETTER_MARK_EVERY = env_int("NEWSLETTER_MARK_EVERY", 20)
NEWSLETTER_MAX_PER_SECOND = env_int("NEWSLETTER_MAX_PER_SECOND", 0)
NEWSLETTER_MAX_ATTEMPTS = env_int("NEWSLETTER_MAX_ATTEMPTS", 5)
NEWSLETTER_RETRY_SECONDS = env_int("NEWSLETTER_RETRY_SECONDS", 60)
NEWSLETTER_LEASE_SECONDS = env_int("NEWSLETTER_LEASE_SECONDS", 120)
NEWSLETTER_UNCONFIRMED_KEEP_DAYS = env_int("NEWSLETTER_UNCONFIRMED_KEEP_DAYS", 14)

# Breaking-news alerts by Web Push (reach/conf.py, docs/audience.md): the VAPID pair from
# `manage.py make_vapid_keys` (no pair: alerts off); who push services may write to; how long a
# subscription no alert reaches is kept; subscriptions per network.
WEBPUSH_VAPID_PRIVATE_KEY = env_str("WEBPUSH_VAPID_PRIVATE_KEY", "")
WEBPUSH_VAPID_PUBLIC_KEY = env_str("WEBPUSH_VAPID_PUBLIC_KEY", "")
WEBPUSH_CONTACT = env_str("WEBPUSH_CONTACT", "mailto:redaction@example.org")
WEBPUSH_KEEP_DAYS = env_int("WEBPUSH_KEEP_DAYS", 180)
WEBPUSH_SUBSCRIBE_RATE_LIMIT = env_str("WEBPUSH_SUBSCRIBE_RATE_LIMIT", "10/h")
WEBPUSH_CONCURRENCY = env_int("WEBPUSH_CONCURRENCY", 16)  # pushes in flight at once

# Logs: one line per event on stdout, JSON (LOG_FORMAT=json, the default) or plain text, each
# with the request id; email addresses and URL passwords masked (plumbing/logs.py). One access
# line per request from plumbing.middleware (LOG_REQUESTS).
LOG_FORMAT = env_str("LOG_FORMAT", "json")
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOG_REQUESTS = env_bool("LOG_REQUESTS", True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "plumbing.logs.RequestIdFilter"},
        "unreadable_request": {"()": "plumbing.logs.UnreadableRequestFilter"},
        "client_error_trace": {"()": "plumbing.logs.ClientErrorTraceFilter"},
    },
    "formatters": {
        "json": {"()": "plumbing.logs.JsonFormatter"},
        "plain": {"()": "plumbing.logs.PlainFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # runserver's own access line would repeat portal.request's.
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # gunicorn warns on every HEAD response that Django gives a body (which it drops).
        "gunicorn.http.wsgi": {"level": "ERROR"},
        # A 403 or 404 answered: one line, no trace (plumbing/logs.py).
        "django.request": {"filters": ["client_error_trace"]},
        # A request nobody can read: a client's doing, a WARNING (plumbing/logs.py).
        **{name: {"filters": ["unreadable_request"]} for name in UNREADABLE_REQUEST_LOGGERS},
    },
}
