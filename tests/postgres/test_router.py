"""Which requests count as reader traffic, and where the router sends reads."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from broadsheet.core.routers import ReplicaRouter, is_reader_request, reader_traffic
from broadsheet.editions.models import Edition

TWO_DATABASES = {"default": {}, "replica": {}}


@pytest.mark.parametrize(
    ("method", "path", "reader"),
    [
        ("GET", "/chenbao/2024-03-01/01/", True),
        ("HEAD", "/", True),
        ("GET", "/search/?q=春耕", True),
        ("GET", "/api/editions/", True),
        ("POST", "/chenbao/2024-03-01/01/", False),
        ("GET", "/admin/", False),
        ("GET", "/admin/editions/edition/", False),
    ],
)
def test_reader_requests_are_safe_and_outside_the_admin(method, path, reader):
    request = RequestFactory().generic(method, path)
    assert is_reader_request(request) is reader


def test_reads_go_to_the_replica_only_for_reader_traffic():
    router = ReplicaRouter(databases=TWO_DATABASES)
    assert router.db_for_read(Edition) == "default"
    with reader_traffic():
        assert router.db_for_read(Edition) == "replica"
        assert router.db_for_write(Edition) == "default"
    assert router.db_for_read(Edition) == "default"


def test_without_a_replica_everything_stays_on_default():
    with reader_traffic():
        assert ReplicaRouter().db_for_read(Edition) == "default"


def test_the_replica_is_never_migrated():
    router = ReplicaRouter()
    assert router.allow_migrate("default", "editions") is True
    assert router.allow_migrate("replica", "editions") is False
