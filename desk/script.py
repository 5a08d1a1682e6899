"""The article form's script (desk/static/desk/desk.js), with its settings as attributes."""

from django import forms

from desk import conf


def desk_script() -> forms.Script:
    return forms.Script(
        "desk/desk.js",
        **{
            "data-autosave-seconds": str(conf.get("AUTOSAVE_SECONDS")),
            "data-words-per-minute": str(conf.get("READING_WORDS_PER_MINUTE")),
        },
    )
