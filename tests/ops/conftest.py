"""Operations tests: a real S3 server (moto's server mode) on loopback, free ports in the
range kept for these tests, helpers shared by the two-instance and backup tests."""

from __future__ import annotations

import socket
import uuid

import pytest

# Servers these tests start listen on loopback ports of this range only.
PORT_RANGE = range(17000, 17100)
S3_KEY = "ops-test-key"
S3_SECRET = "ops-test-secret/with+characters"  # percent-encoded in STORAGE_URL


def free_port(exclude: set[int] | frozenset[int] = frozenset()) -> int:
    for port in PORT_RANGE:
        if port in exclude:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {PORT_RANGE}")


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 server on a free loopback port, for the whole session; stopped at the end."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def s3_client(endpoint: str):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=S3_KEY,
        aws_secret_access_key=S3_SECRET,
        region_name="eu-west-3",
    )


def storage_url(endpoint: str, bucket: str) -> str:
    from urllib.parse import quote

    host = endpoint.removeprefix("http://")
    return (
        f"s3://{quote(S3_KEY, safe='')}:{quote(S3_SECRET, safe='')}@{host}/{bucket}"
        "?region=eu-west-3&secure=false"
    )


def new_bucket(endpoint: str) -> str:
    bucket = f"transitions-{uuid.uuid4().hex[:12]}"
    s3_client(endpoint).create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
    )
    return bucket


def bucket_keys(endpoint: str, bucket: str) -> list[str]:
    listing = s3_client(endpoint).list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def s3_storages(url: str) -> dict:
    """The STORAGES setting that STORAGE_URL=url gives (parsed by the settings' own parser)."""
    import os

    from django.conf import settings as django_settings

    from transitions.settings import env_storage

    previous = os.environ.get("STORAGE_URL")
    os.environ["STORAGE_URL"] = url
    try:
        default = env_storage("STORAGE_URL")
    finally:
        if previous is None:
            os.environ.pop("STORAGE_URL")
        else:
            os.environ["STORAGE_URL"] = previous
    return {**django_settings.STORAGES, "default": default}


@pytest.fixture
def s3_bucket(s3_endpoint, settings):
    """A fresh private bucket, made the default storage for this test."""
    bucket = new_bucket(s3_endpoint)
    settings.STORAGES = s3_storages(storage_url(s3_endpoint, bucket))
    return bucket
