#!/bin/sh
# The one home of the production command lines. The Dockerfile's ENTRYPOINT, docker-compose.yml's
# services and `make prod-smoke` (scripts/prod_smoke.py, run natively) all start the processes
# through this script, so what is tested is what is deployed.
#
#   entrypoint.sh migrate            apply migrations and collect static files (one-shot, before the rest)
#   entrypoint.sh web                gunicorn serving config.wsgi
#   entrypoint.sh worker             a Celery worker
#   entrypoint.sh beat               Celery beat (exactly one per deployment)
#   entrypoint.sh healthcheck [web|worker]
#   entrypoint.sh <anything else>    run as given (e.g. `python manage.py createsuperuser`)
#
# `exec` hands each long-running process the script's PID, so SIGTERM from `docker stop` (or the
# smoke) reaches gunicorn or Celery itself and they shut down gracefully.
set -eu

VAR_DIR="${VAR_DIR:-/app/var}"
WEB_BIND="${WEB_BIND:-0.0.0.0:8000}"

case "${1:-web}" in
  migrate)
    python manage.py migrate --noinput
    exec python manage.py collectstatic --noinput
    ;;
  web)
    # The longest request line gunicorn reads (its default is 4,094): a pasted comment in a precedents URL.
    exec gunicorn config.wsgi:application --bind "$WEB_BIND" --workers "${WEB_CONCURRENCY:-3}" \
      --access-logfile - --graceful-timeout 30 --limit-request-line 8190
    ;;
  worker)
    # SIGTERM (a restart, `docker stop`) starts Celery's soft shutdown: running tasks get
    # CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT to finish, the rest go back to the queue at once.
    export REMAP_SIGTERM="${REMAP_SIGTERM:-SIGQUIT}"
    exec celery -A config worker --loglevel=info --concurrency="${CELERY_CONCURRENCY:-4}"
    ;;
  beat)
    exec celery -A config beat --loglevel=info --schedule "$VAR_DIR/celerybeat-schedule"
    ;;
  healthcheck)
    case "${2:-web}" in
      web)
        # The login page answers without a session but goes through Django, its settings and
        # ALLOWED_HOSTS; a proxy's X-Forwarded-Proto keeps SECURE_SSL_REDIRECT from answering 301.
        exec python - <<'EOF'
import os
import urllib.request

hosts = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()]
host = next((h.lstrip(".") for h in hosts if h != "*"), "localhost")
port = os.environ.get("WEB_BIND", "0.0.0.0:8000").rsplit(":", 1)[1]
request = urllib.request.Request(
    f"http://127.0.0.1:{port}/admin/login/", headers={"Host": host, "X-Forwarded-Proto": "https"}
)
with urllib.request.urlopen(request, timeout=5) as response:
    raise SystemExit(0 if response.status == 200 else 1)
EOF
        ;;
      worker)
        exec celery -A config inspect ping --destination "celery@$(uname -n)" --timeout 5
        ;;
      *)
        echo "healthcheck: unknown process '$2' (web or worker)" >&2
        exit 2
        ;;
    esac
    ;;
  *)
    exec "$@"
    ;;
esac
