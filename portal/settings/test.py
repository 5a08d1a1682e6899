"""Tests: fast hashing, in-memory SQLite unless DATABASE_URL says otherwise, temp media."""

import tempfile

from portal.env import env_str

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
SECRET_KEY = "test-only-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Tasks run when enqueued (on commit, so after the request's transaction): tests only.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = env_str("MEDIA_ROOT", tempfile.mkdtemp(prefix="portail-test-media-"))
SERVE_MEDIA = True
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["NAME"] = ":memory:"
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
SILENCED_SYSTEM_CHECKS = ["django_recaptcha.recaptcha_test_key_error"]
# A test that forgets the siteverify fixture must never reach Google: port 9 refuses.
RECAPTCHA_DOMAIN = "127.0.0.1:9"
RECAPTCHA_PUBLIC_KEY = ""
RECAPTCHA_PRIVATE_KEY = ""
# Whitenoise wants STATIC_ROOT to exist; tests never collect static files.
STATIC_ROOT = tempfile.mkdtemp(prefix="portail-test-static-")
# Tests flush counted reads themselves (articles/readership.py), never from a beacon.
ARTICLE_VIEWS_INLINE_FLUSH_SECONDS = 0
