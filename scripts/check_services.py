"""Stop early, in one line each, when PostgreSQL or Redis does not answer."""

import os
import sys
from urllib.parse import urlparse

database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/transitions")
redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
missing = []

try:
    import psycopg

    parsed = urlparse(database_url)
    # The maintenance database always exists; pytest-django creates its own test database.
    psycopg.connect(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password or None,
        dbname="postgres",
        connect_timeout=3,
    ).close()
except Exception as exc:
    missing.append(
        f"PostgreSQL does not answer at {database_url} ({exc.__class__.__name__}); start it with: "
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
    )

try:
    import redis

    redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
except Exception as exc:
    missing.append(
        f"Redis does not answer at {redis_url} ({exc.__class__.__name__}); start it with: "
        "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no"
    )

for line in missing:
    print(line, file=sys.stderr)
sys.exit(1 if missing else 0)
