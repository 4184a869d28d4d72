"""Reports in S3-compatible object storage, through django-storages, against a real local S3
server (moto in server mode: real HTTP on 127.0.0.1, no AWS account)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from reports import cache
from tests.helpers import TOP, submitted_respondent

pytestmark = pytest.mark.django_db

BUCKET = "palier-reports-test"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@pytest.fixture(scope="module")
def s3_server():
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as error:  # moto[server] is in the dev lock; say so if it is not there
        pytest.skip(f"No local S3 server: moto in server mode does not import ({error}).")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server, settings):
    import boto3

    client = boto3.client("s3", endpoint_url=s3_server, region_name="eu-west-1", **CREDENTIALS)
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    # The options config/settings/base.py gives S3Storage when AWS_STORAGE_BUCKET_NAME is set.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server,
                "region_name": "eu-west-1",
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    yield client
    objects = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for item in objects:
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_a_report_rendered_once_is_served_from_the_bucket(bucket, assessment):
    submitted_respondent(assessment, "Tess Top", "data_science", TOP)
    first = cache.report_for(assessment, "en")
    assert not first.from_cache
    keys = [item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [first.name]
    stored = bucket.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read()
    assert stored == first.content
    # Private: only the app, with its credentials, reads it.
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=keys[0])["Grants"]
    assert {grant["Grantee"].get("URI") for grant in grants} == {None}

    again = cache.report_for(assessment, "en")
    assert again.from_cache
    assert again.content == first.content


def test_pruning_lists_and_deletes_in_the_bucket(bucket, assessment, monkeypatch):
    orphan = f"{cache.cache_folder(assessment.pk)}/orphan.pdf"
    bucket.put_object(Bucket=BUCKET, Key=orphan, Body=b"%PDF-1.7 orphan")
    current = cache.report_for(assessment, "en")
    assert cache.reports_prune() == []  # a fresh orphan is kept for the grace period
    monkeypatch.setattr(cache, "PRUNE_GRACE", timedelta(0))
    assert cache.reports_prune() == [orphan]
    keys = {o["Key"] for o in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert keys == {current.name}
