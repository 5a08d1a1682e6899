"""What the tests share: factories, helpers, loopback stand-ins and fixtures (fixtures/, and the
modules tests/conftest.py registers as plugins)."""
