# Shouwen production image: one image for web (gunicorn), worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SHOUWEN_VAR_DIR=/app/var

# gettext provides msgfmt for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin shouwen

WORKDIR /app

# Dependencies first so code changes do not reinstall them. pyproject.toml declares no
# packages: this installs the dependencies, the code runs from /app.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .
# Compile translations at build time; the startup compilemessages then finds the .mo
# files up to date and writes nothing (the code stays root-owned and read-only).
# var/ (SQLite fallback, collected static files, beat schedule) is the only writable
# directory; docker-compose mounts a volume there.
RUN rm -rf /app/var \
    && python manage.py compilemessages --ignore=.venv --ignore=var \
    && rm -rf /app/var && mkdir -p /app/var && chown shouwen:shouwen /app/var

USER shouwen
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "-b", "0.0.0.0:8000", "-w", "3", "--access-logfile", "-"]
