"""The demo newsroom that `manage.py load_demo` writes: rubriques, pays, journalists,
articles with generated pictures, and ad slots.

Other apps plug their own demo in beside this one: an app whose AppConfig names a
`demo_loader` is run by the command after this one (see load_demo.py).
"""

from articles.demo.loader import DemoReport, load

__all__ = ["DemoReport", "load"]
