"""End-to-end tests in a real Chromium (Playwright), all marked `browser` by tests/conftest.py."""
