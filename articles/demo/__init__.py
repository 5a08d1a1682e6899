"""The demo newsroom that `manage.py load_demo` writes: rubriques, pays, journalists,
articles with generated pictures, and ad slots.

Other apps plug their own demo in beside this one: a `<app>.demo` module with a
`load()` function is picked up by the command (see load_demo.py).
"""

from articles.demo.loader import DemoReport, load

__all__ = ["DemoReport", "load"]
