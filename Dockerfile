# One image for web, worker, beat and the one-shot migrate (docker-compose.yml picks the subcommand
# of scripts/entrypoint.sh, which holds the command lines; `make prod-smoke` runs the same ones natively).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_ENV=production VAR_DIR=/app/var WEB_BIND=0.0.0.0:8000
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# A fixed non-root uid, so a volume's files keep one owner across rebuilds. Only var/ (media, static,
# the EDGAR cache, beat's schedule) is writable; the code stays root's.
RUN useradd --create-home --uid 10001 --user-group app && mkdir -p /app/var && chown -R app /app/var
USER 10001:10001
EXPOSE 8000
# For the web process; docker-compose.yml gives the worker its own check and beat none.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["/app/scripts/entrypoint.sh", "healthcheck", "web"]
ENTRYPOINT ["/app/scripts/entrypoint.sh"]
CMD ["web"]
