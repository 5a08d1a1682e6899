"""The read-replica router (plumbing/routers.py): readers' pages read from the replica; writes,
staff and everything outside a request use the primary."""

from types import SimpleNamespace

import pytest
from django.test import RequestFactory

from articles.models import Article
from plumbing import routers

WITH_REPLICA = SimpleNamespace(
    DATABASES={"default": {}, "replica": {}}, SESSION_COOKIE_NAME="sessionid"
)


@pytest.fixture
def replica_configured(monkeypatch):
    monkeypatch.setattr(routers, "settings", WITH_REPLICA)


def database_read_during(request) -> str:
    seen = []

    def view(request):
        seen.append(routers.PrimaryReplicaRouter().db_for_read(Article))
        return None

    routers.ReplicaForReadersMiddleware(view)(request)
    return seen[0]


def test_anonymous_pages_read_from_the_replica(replica_configured):
    assert database_read_during(RequestFactory().get("/")) == "replica"
    assert database_read_during(RequestFactory().head("/article/x/")) == "replica"


def test_posts_and_signed_in_staff_read_from_the_primary(replica_configured):
    assert database_read_during(RequestFactory().post("/commentaires/x/envoyer/")) == "default"
    staff = RequestFactory().get("/admin/")
    staff.COOKIES["sessionid"] = "abc"
    assert database_read_during(staff) == "default"


def test_outside_a_request_everything_uses_the_primary(replica_configured):
    router = routers.PrimaryReplicaRouter()
    assert router.db_for_read(Article) == "default"
    assert router.db_for_write(Article) == "default"


def test_writes_and_migrations_only_on_the_primary(replica_configured):
    router = routers.PrimaryReplicaRouter()
    request = RequestFactory().get("/")
    routers.ReplicaForReadersMiddleware(lambda r: None)(request)
    assert router.db_for_write(Article) == "default"
    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate("replica", "articles") is False


def test_without_a_replica_reads_stay_on_the_primary():
    assert database_read_during(RequestFactory().get("/")) == "default"
