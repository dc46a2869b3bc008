"""gunicorn's settings for `make serve` and the systemd unit (deploy/kien-nghi-web.service): `gunicorn -c
gunicorn.conf.py run:app`. Values come from config.py, the one reader of the environment (WEB_* settings)."""
from config import Config

bind = [address.strip() for address in Config.WEB_BIND.split(",")]
workers = Config.WEB_WORKERS
threads = Config.WEB_THREADS
worker_class = "gthread" if threads > 1 else "sync"
timeout = Config.WEB_TIMEOUT
graceful_timeout = 30
# Idle keep-alive connections stay open longer than the proxy keeps its own idle upstream ones (nginx site:
# keepalive_timeout 60s): the side that reuses a connection must never be the one to find it just closed, or the
# request in flight is reset. gthread parks idle connections in its poller, not in a thread.
keepalive = 75
# Each worker builds the app, and so its own database pool, after the fork: a pool shared across a fork would
# hand one PostgreSQL connection to two processes.
preload_app = False
# The app logs one structured line per request with its id, user and duration (app/web/logs.py).
accesslog = None
errorlog = "-"
loglevel = Config.LOG_LEVEL.lower()
# Restart each worker now and then (with jitter, so not all at once): a slow leak never grows for weeks.
max_requests = 5000
max_requests_jitter = 500
# X-Forwarded-Proto from the reverse proxy on this machine decides http/https (secure cookies, links).
forwarded_allow_ips = "127.0.0.1,::1"
proc_name = "kien-nghi-web"
# gunicorn's control socket is one fixed path per user: two servers on one machine would fight over it.
control_socket_disable = True
