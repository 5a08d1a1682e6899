"""gunicorn settings for Le Portail: `gunicorn -c portal/gunicorn.conf.py portal.wsgi`.

Every value can be overridden from the environment (the names below), so the same file serves
`make prod` on a laptop and a systemd unit on a server (docs/deploy.md).

Workers: pages are CPU-bound (template rendering), and on this kind of machine N sync
processes for N cores beat 2N+1 and beat many threads (threads fight over the GIL). A
couple of threads per worker still help: cache hits are nearly free, and a comment post can
wait up to RECAPTCHA_VERIFY_REQUEST_TIMEOUT seconds on Google without holding a whole process.
"""

import multiprocessing
import os

# This is the production server: production settings unless DJANGO_ENV says otherwise.
os.environ.setdefault("DJANGO_ENV", "production")

_cpus = multiprocessing.cpu_count()

# Loopback by default: nginx (or the load balancer's agent) is the only client.
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, min(_cpus, 8)))
threads = int(os.environ.get("GUNICORN_THREADS") or 2)
worker_class = "gthread" if threads > 1 else "sync"

# A request running longer than this is killed (and the worker replaced): a stuck request
# must not hold a worker forever. The slowest legitimate path is a comment post (siteverify
# timeout 3 s) or an admin image upload.
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
# On SIGTERM/SIGHUP, workers finish the requests they hold for up to this long.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT") or 30)
# Behind nginx, connections are short; behind a load balancer, keep them a little longer
# than nothing so it can reuse them.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE") or 5)
# Recycle workers now and then (memory growth), not all at once. Not too often: a new worker
# starts with cold in-process caches, and at 1,000 requests/s a limit of 2,000 restarted each
# worker every few seconds (p99 went from ~80 ms to ~900 ms in make bench).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 200_000)
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER") or 20_000)
# The workers' heartbeat files on tmpfs: a slow disk must not make gunicorn kill them.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# X-Forwarded-Proto/-For are believed only from these addresses (nginx on this machine).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proxy_allow_ips = forwarded_allow_ips

# Logs go to stdout. The access line for each request is written by Django
# (plumbing.middleware.RequestLogMiddleware: JSON, with the request id, path, status and
# duration, emails masked), so gunicorn's own access log stays off by default rather than
# duplicating every line; GUNICORN_ACCESS_LOG=- turns it on too. gunicorn's own messages
# (boot, worker timeouts, restarts) go to stderr; journald or the container runtime collect
# both streams.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%({x-request-id}o)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
capture_output = False

proc_name = "le-portail"
# gunicorn ≥ 25's control socket lives in $HOME by default, shared by every gunicorn of the
# user (two would fight over it) and unwritable under the systemd unit's ProtectHome: off.
# Reload and stop with signals (HUP, TERM), as deploy/le-portail.service does.
control_socket_disable = True
