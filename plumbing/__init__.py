"""Site-wide plumbing: the pieces every app and the project's wiring share (client address,
rate limits, CSP, CSRF, compression, health probes, logs, staff login, settings helpers, image
uploads). It imports no app of this project (pyproject.toml, [tool.importlinter])."""
