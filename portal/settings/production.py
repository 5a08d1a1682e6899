"""Production: secrets and hosts from the environment, secure by default, fail fast.

`manage.py check --deploy` reports nothing with these settings (tests/system/test_production.py).
"""

from plumbing.env import env_bool, env_int, env_list, env_required

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    env_required("ALLOWED_HOSTS")
env_required("DATABASE_URL")
# Shared by every process: without it each gunicorn worker and task worker would keep its own
# pages and tag versions in local memory, and an editor's change, made in one of them, would
# not reach the pages the others keep (up to PAGE_CACHE_SECONDS). docs/deploy.md.
env_required("REDIS_URL")

# HTTPS. SECURE_SSL_REDIRECT=0 only for plain-HTTP runs on loopback (`make prod`).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
if env_int("TRUSTED_PROXY_COUNT", 0) > 0:
    # Trust X-Forwarded-Proto only when a proxy we run sets it (and strips the client's).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# security.W003 looks for Django's CsrfViewMiddleware by name; plumbing.csrf.OriginCsrfMiddleware
# is that middleware, stricter (portal.W001 checks it is installed).
SILENCED_SYSTEM_CHECKS = ["security.W003"]
if not SECURE_HSTS_PRELOAD:
    # Preloading is a decision for the domain's owner (it binds every subdomain for months and
    # is slow to undo), taken at hstspreload.org, not a default: security.W021 only says so.
    SILENCED_SYSTEM_CHECKS += ["security.W021"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)

# Éditeurs and superusers must use a second factor to enter the admin (plumbing/twofactor.py).
OTP_REQUIRED_FOR_EDITORS = env_bool("OTP_REQUIRED_FOR_EDITORS", True)
