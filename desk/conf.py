"""The desk's settings, with their defaults (override them in the project's settings)."""

from django.conf import settings

# How often an open article form saves its state when it changed, in seconds.
AUTOSAVE_SECONDS = 30
# The largest autosave accepted, in bytes; a bigger one is refused with a message.
AUTOSAVE_MAX_BYTES = 1_000_000
# How recent a colleague's autosave of an article must be for its form to say they are at
# work on it too, in seconds (autosaves come every AUTOSAVE_SECONDS while a form changes).
COLLEAGUE_WINDOW_SECONDS = 600
# Reading speed behind « N min de lecture », in words a minute (the script counts).
READING_WORDS_PER_MINUTE = 230


def get(name: str):
    return getattr(settings, f"DESK_{name}", globals()[name])
