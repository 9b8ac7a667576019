"""Backups that restore: one archive holding the PostgreSQL dump and every stored file.

`backup_create(path)` writes an uncompressed tar (the dump is already compressed by
pg_dump's custom format; PDFs barely compress):

    manifest.json     format, date, versions, row count per table, sha256 of everything
    database.dump     pg_dump --format=custom --no-owner --no-acl
    files/<name>      each file of the default storage (local disk or S3 bucket)

The row counts and the dump come from one snapshot: a REPEATABLE READ transaction
exports its snapshot, counts every table, and pg_dump runs with `--snapshot`, so the
counts describe exactly what the dump holds. Files are copied after the dump: a file
written meanwhile is extra (harmless); none that the dump references is missing unless it
was deleted in those seconds (job files are only replaced when re-rendered).

`restore_archive(path)` verifies every checksum before touching anything, refuses a
database or storage that is not empty (unless `force`, which empties both first), runs
pg_restore in one transaction, copies the files back, then compares the row counts and
the files' checksums with the manifest.

The database is reached with libpq's own tools (pg_dump, pg_restore) and psycopg, on a
connection of its own, never Django's: the snapshot transaction must be the connection's
first statement.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from psycopg import sql

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
FILES = "files/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A refusal or failure with a message meant for the operator."""


@dataclass(frozen=True)
class Summary:
    path: Path
    tables: int
    rows: int
    files: int
    file_bytes: int
    seconds: float


# --- Database connection ---------------------------------------------------------------


def _db() -> dict:
    config = settings.DATABASES["default"]
    if "postgresql" not in config["ENGINE"]:
        raise BackupError(
            "Backups need PostgreSQL (DATABASE_URL=postgres://…); the SQLite database of "
            "`make run` is a single file: copy it."
        )
    return config


def _libpq_args(config: dict) -> list[str]:
    args = ["--dbname", str(config["NAME"])]
    if config.get("HOST"):
        args += ["--host", str(config["HOST"])]
    if config.get("PORT"):
        args += ["--port", str(config["PORT"])]
    if config.get("USER"):
        args += ["--username", str(config["USER"])]
    return args


def _libpq_env(config: dict) -> dict:
    env = {**os.environ}
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    return env


def _connect(config: dict, *, autocommit: bool = False) -> psycopg.Connection:
    return psycopg.connect(
        dbname=str(config["NAME"]),
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        autocommit=autocommit,
        connect_timeout=10,
    )


def _tool_major(tool: str) -> int:
    path = shutil.which(tool)
    if path is None:
        raise BackupError(
            f"{tool} is not installed (Debian: apt-get install postgresql-client-<version>, "
            "the same major version as the server)."
        )
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    if not match:
        raise BackupError(f"Cannot read the version of {tool}: {out!r}")
    return int(match.group(1))


def _server_major(conn: psycopg.Connection) -> int:
    return conn.info.server_version // 10000


def _tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def _row_counts(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(sql.SQL("SELECT count(*) FROM public.{}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


def database_row_counts() -> dict[str, int]:
    """Rows per table of the public schema (the restore check and the tests use it)."""
    with _connect(_db(), autocommit=True) as conn, conn.cursor() as cursor:
        return _row_counts(cursor, _tables(cursor))


# --- Storage ------------------------------------------------------------------------------


def storage_files(storage=None) -> list[str]:
    """Every file name of a storage (local or S3), through Django's storage API."""
    storage = storage or default_storage
    names: list[str] = []
    pending = [""]
    while pending:
        folder = pending.pop()
        try:
            dirs, files = storage.listdir(folder)
        except FileNotFoundError:  # the local MEDIA_ROOT does not exist yet: empty
            continue
        prefix = f"{folder}/" if folder else ""
        names.extend(prefix + name for name in files)
        pending.extend(prefix + name for name in dirs)
    return sorted(names)


class _HashingReader(io.RawIOBase):
    """Reads through a file while hashing it (tarfile copies exactly `size` bytes)."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _sha256_of(handle) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


# --- Backup -------------------------------------------------------------------------------


def backup_create(output: Path) -> Summary:
    started = time.monotonic()
    config = _db()
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    pg_dump_major = _tool_major("pg_dump")
    partial = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory(dir=output.parent) as workdir:
        dump_path = Path(workdir) / DUMP
        with _connect(config) as conn:
            server_major = _server_major(conn)
            if pg_dump_major != server_major:
                raise BackupError(
                    f"pg_dump is version {pg_dump_major} but the server is PostgreSQL "
                    f"{server_major}: install postgresql-client-{server_major} so the dump "
                    "can be restored with the matching pg_restore."
                )
            with conn.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                tables = _tables(cursor)
                counts = _row_counts(cursor, tables)
                cursor.execute(
                    "SELECT app, max(name) FROM django_migrations GROUP BY app ORDER BY app"
                )
                migrations = dict(cursor.fetchall())
                result = subprocess.run(
                    ["pg_dump", "--format=custom", "--no-owner", "--no-acl"]
                    + [f"--snapshot={snapshot}", "--file", str(dump_path)]
                    + _libpq_args(config),
                    env=_libpq_env(config),
                    capture_output=True,
                    text=True,
                )
            conn.rollback()
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        with open(dump_path, "rb") as handle:
            dump_sha, dump_size = _sha256_of(handle)

        file_entries = []
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
            archive.add(dump_path, arcname=DUMP)
            for name in storage_files():
                size = default_storage.size(name)
                info = tarfile.TarInfo(FILES + name)
                info.size = size
                info.mtime = int(time.time())
                with default_storage.open(name, "rb") as handle:
                    reader = _HashingReader(handle)
                    archive.addfile(info, reader)
                file_entries.append(
                    {"name": name, "size": size, "sha256": reader.digest.hexdigest()}
                )
            manifest = {
                "format": FORMAT,
                "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
                "postgresql": {"server_major": server_major, "pg_dump_major": pg_dump_major},
                "migrations": migrations,
                "storage": default_storage.__class__.__name__,
                "database": {
                    "file": DUMP,
                    "size": dump_size,
                    "sha256": dump_sha,
                    "tables": counts,
                },
                "files": file_entries,
            }
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(time.time())
            archive.addfile(info, io.BytesIO(data))
        partial.replace(output)
    return Summary(
        path=output,
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(file_entries),
        file_bytes=sum(entry["size"] for entry in file_entries),
        seconds=time.monotonic() - started,
    )


# --- Restore ------------------------------------------------------------------------------


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError(f"{MANIFEST} is missing: this is not a Transitions backup.") from None
    manifest = json.loads(archive.extractfile(member).read())
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"Backup format {manifest.get('format')!r} is not supported (expected {FORMAT})."
        )
    return manifest


def _verify(archive: tarfile.TarFile, manifest: dict) -> None:
    expected = [(DUMP, manifest["database"]["sha256"])] + [
        (FILES + entry["name"], entry["sha256"]) for entry in manifest["files"]
    ]
    for member_name, sha in expected:
        try:
            handle = archive.extractfile(member_name)
        except KeyError:
            raise BackupError(f"The archive lacks {member_name}: it is incomplete.") from None
        if _sha256_of(handle)[0] != sha:
            raise BackupError(f"{member_name} does not match its checksum: the archive is damaged.")


def _empty_database(config: dict) -> None:
    with _connect(config, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def restore_archive(archive_path: Path, *, force: bool = False) -> Summary:
    started = time.monotonic()
    config = _db()
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"{archive_path} does not exist.")
    with tarfile.open(archive_path, "r:") as archive:
        manifest = read_manifest(archive)
        _verify(archive, manifest)

        pg_restore_major = _tool_major("pg_restore")
        dump_major = manifest["postgresql"]["pg_dump_major"]
        with _connect(config, autocommit=True) as conn, conn.cursor() as cursor:
            server_major = _server_major(conn)
            existing_tables = _tables(cursor)
        if pg_restore_major < dump_major or pg_restore_major != server_major:
            raise BackupError(
                f"pg_restore is version {pg_restore_major}; the dump was made by pg_dump "
                f"{dump_major} and the target server is PostgreSQL {server_major}: use "
                f"pg_restore {server_major} (and a server at least as recent as the dump)."
            )
        existing_files = storage_files()
        if (existing_tables or existing_files) and not force:
            raise BackupError(
                "The target is not empty "
                f"({len(existing_tables)} tables in the database, {len(existing_files)} stored "
                "files): restore into an empty database and storage, or pass --force to "
                "erase them first."
            )
        if force:
            if existing_tables:
                _empty_database(config)
            for name in existing_files:
                default_storage.delete(name)

        with tempfile.TemporaryDirectory() as workdir:
            dump_path = Path(workdir) / DUMP
            with archive.extractfile(DUMP) as source, open(dump_path, "wb") as target:
                shutil.copyfileobj(source, target, CHUNK)
            result = subprocess.run(
                ["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction"]
                + _libpq_args(config)
                + [str(dump_path)],
                env=_libpq_env(config),
                capture_output=True,
                text=True,
            )
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")

        for entry in manifest["files"]:
            handle = archive.extractfile(FILES + entry["name"])
            saved = default_storage.save(entry["name"], File(handle, name=entry["name"]))
            if saved != entry["name"]:
                raise BackupError(
                    f"{entry['name']} was stored as {saved}: the storage was not empty."
                )

    counts = database_row_counts()
    expected_counts = manifest["database"]["tables"]
    if counts != expected_counts:
        differing = sorted(
            table
            for table in set(counts) | set(expected_counts)
            if counts.get(table) != expected_counts.get(table)
        )
        raise BackupError(f"Row counts differ after the restore in: {', '.join(differing)}")
    for entry in manifest["files"]:
        with default_storage.open(entry["name"], "rb") as handle:
            if _sha256_of(handle)[0] != entry["sha256"]:
                raise BackupError(f"{entry['name']} differs from the archive after the restore.")
    return Summary(
        path=archive_path,
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(manifest["files"]),
        file_bytes=sum(entry["size"] for entry in manifest["files"]),
        seconds=time.monotonic() - started,
    )
