"""Pick the settings module from DJANGO_ENV: development (default), production or test."""

import os

_ENV = os.environ.get("DJANGO_ENV", "development").strip().lower()

if _ENV == "production":
    from .production import *  # noqa: F403
elif _ENV == "test":
    from .test import *  # noqa: F403
else:
    from .development import *  # noqa: F403
