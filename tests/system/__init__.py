"""System tests, all marked `system` by tests/conftest.py and left out of `make test-fast`: each
starts servers or processes (gunicorn, nginx, PostgreSQL, redis-server, the task worker), works
at scale (query plans, a large WordPress import, the demo newsroom) or sweeps the whole site
(the Nu Html Checker, page weight, garbage and hostile URLs)."""
