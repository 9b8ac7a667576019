"""Backups that restore: the demo cohort and a generated PDF go through `manage.py backup`
into one archive and come back with `manage.py restore` into an empty database and an
empty storage, run as an operator would (subprocesses with their own DATABASE_URL and
MEDIA_ROOT); row counts per table and file checksums are compared."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from transitions.backup import BackupError, database_row_counts, restore_archive
from transitions.models import Job, User

pytestmark = pytest.mark.ops

ROOT = Path(__file__).resolve().parents[2]


def _restore_database_url() -> str:
    """An empty database beside the configured one: <name>_restore (transitions_ops17_restore)."""
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/transitions")
    parsed = urlparse(base)
    return urlunparse(parsed._replace(path=parsed.path.rstrip("/") + "_restore"))


def _admin(url: str, statement: str) -> None:
    admin = urlunparse(urlparse(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(statement)


@pytest.fixture
def empty_database():
    url = _restore_database_url()
    name = urlparse(url).path.lstrip("/")
    _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(url, f'CREATE DATABASE "{name}"')
    yield url
    _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname='public' ORDER BY 1"
            )
        ]
        return {
            table: conn.execute(f'SELECT count(*) FROM public."{table}"').fetchone()[0]
            for table in tables
        }


def _checksums(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _manage(
    *args: str, database_url: str, media_root: Path, **extra_env: str
) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "DEBUG": "false",
        "SECRET_KEY": "test-only-secret-key-never-used-outside-the-test-suite-0123456789",
        "RESEARCH_NER": "false",
    }
    env.pop("STORAGE_URL", None)
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.django_db(transaction=True)
def test_the_demo_cohort_and_its_pdf_come_back_whole_from_a_backup(
    tmp_path, empty_database, capsys
):
    from diagnostics.models import Diagnostic
    from diagnostics.reports import report_request

    call_command("demo", stdout=open(os.devnull, "w"))
    diagnostic = Diagnostic.objects.order_by("pk").first()
    facilitator = User.objects.get(email="animation@demo.transitions.fr")
    report_request(diagnostic=diagnostic, user=facilitator)  # eager: rendered on commit
    job = Job.objects.get()
    assert job.status == "ready", job.error
    source_rows = database_row_counts()
    source_files = _checksums(Path(settings.MEDIA_ROOT))
    # The report and the files the demo itself stores (a meeting's attachment).
    assert [name for name in source_files if name.endswith(".pdf")] == [job.file.name]
    assert any(name.startswith("meetings/") for name in source_files)

    archive = tmp_path / "backups" / "transitions.tar"
    started = time.monotonic()
    call_command("backup", output=archive, stdout=open(os.devnull, "w"))
    backup_seconds = time.monotonic() - started
    with tarfile.open(archive) as tar:
        assert {"manifest.json", "database.dump", f"files/{job.file.name}"} <= set(tar.getnames())

    restored_media = tmp_path / "restored-media"
    started = time.monotonic()
    result = _manage(
        "restore", str(archive), database_url=empty_database, media_root=restored_media
    )
    restore_seconds = time.monotonic() - started
    assert result.returncode == 0, result.stderr

    restore_command_seconds = float(re.search(r"in ([\d.]+) s;", result.stdout).group(1))
    restored_rows = _row_counts(empty_database)
    assert restored_rows == source_rows
    assert _checksums(restored_media) == source_files
    with capsys.disabled():
        print(
            f"\nbackup round trip: {len(restored_rows)} tables, {sum(restored_rows.values())} "
            f"rows, {len(source_files)} files ({archive.stat().st_size} bytes archive); "
            f"backup {backup_seconds:.1f} s, restore {restore_command_seconds:.1f} s "
            f"({restore_seconds:.1f} s with the subprocess's Django start-up)"
        )

    # A second restore finds a database that is no longer empty: refused, nothing touched.
    again = _manage("restore", str(archive), database_url=empty_database, media_root=restored_media)
    assert again.returncode != 0
    assert "not empty" in again.stderr and "--force" in again.stderr
    assert _row_counts(empty_database) == source_rows

    # --force erases the database and the files first, then restores the same content.
    (restored_media / "jobs" / "stray.pdf").write_bytes(b"not in the backup")
    forced = _manage(
        "restore", "--force", str(archive), database_url=empty_database, media_root=restored_media
    )
    assert forced.returncode == 0, forced.stderr
    assert _row_counts(empty_database) == source_rows
    assert _checksums(restored_media) == source_files


def _tiny_archive(tmp_path: Path) -> Path:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    default_storage.save("jobs/a.pdf", ContentFile(b"%PDF-1.7 a"))
    archive = tmp_path / "tiny.tar"
    call_command("backup", output=archive, stdout=open(os.devnull, "w"))
    return archive


@pytest.mark.django_db(transaction=True)
def test_a_damaged_archive_is_refused_before_anything_is_touched(tmp_path):
    archive = _tiny_archive(tmp_path)
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "files/jobs/a.pdf":
                data = b"%PDF-1.7 b"
            member.size = len(data)
            import io

            target.addfile(member, io.BytesIO(data))
    rows = database_row_counts()
    with pytest.raises(BackupError, match="does not match its checksum"):
        restore_archive(damaged, force=True)
    assert database_row_counts() == rows


@pytest.mark.django_db(transaction=True)
def test_a_restore_refuses_a_database_that_is_not_empty(tmp_path):
    archive = _tiny_archive(tmp_path)
    with pytest.raises(BackupError, match="not empty"):
        restore_archive(archive)


def test_a_backup_refuses_a_pg_dump_of_another_major_version(db, tmp_path, monkeypatch):
    from transitions import backup

    server = connection.cursor().connection.info.server_version // 10000
    monkeypatch.setattr(backup, "_tool_major", lambda tool: server - 1)
    with pytest.raises(BackupError, match=f"postgresql-client-{server}"):
        backup.backup_create(tmp_path / "x.tar")
    assert not (tmp_path / "x.tar").exists()


@pytest.mark.django_db(transaction=True)
def test_files_kept_in_a_bucket_are_backed_up_and_restored_into_an_empty_bucket(
    tmp_path, empty_database, s3_endpoint, s3_bucket
):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from tests.factories import UserFactory
    from tests.ops.conftest import bucket_keys, new_bucket, s3_client, storage_url

    UserFactory.create_batch(3)
    stored = {
        default_storage.save("jobs/one.pdf", ContentFile(b"%PDF-1.7 one")): b"%PDF-1.7 one",
        default_storage.save("jobs/two.xlsx", ContentFile(b"PK two")): b"PK two",
    }
    archive = tmp_path / "s3.tar"
    call_command("backup", output=archive, stdout=open(os.devnull, "w"))
    source_rows = database_row_counts()

    target = new_bucket(s3_endpoint)
    result = _manage(
        "restore",
        str(archive),
        database_url=empty_database,
        media_root=tmp_path / "unused",
        STORAGE_URL=storage_url(s3_endpoint, target),
    )
    assert result.returncode == 0, result.stderr
    assert bucket_keys(s3_endpoint, target) == sorted(stored)
    client = s3_client(s3_endpoint)
    for name, data in stored.items():
        assert client.get_object(Bucket=target, Key=name)["Body"].read() == data
    assert _row_counts(empty_database) == source_rows
    assert not (tmp_path / "unused").exists()
