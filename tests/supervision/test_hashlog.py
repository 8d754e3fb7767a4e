"""The supervision log is a hash chain: an edited or deleted row is found by `supervision verify`."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from backend.supervision import hashlog
from backend.supervision.models import LogEntry

from .conftest import at


@pytest.fixture
def chain(db):
    for n in range(5):
        hashlog.append("test", {"n": n, "text": "预警"}, now=at(2026, 10, 14, 9, n))
    return list(LogEntry.objects.order_by("seq"))


def _verify():
    try:
        call_command("supervision", "verify")
    except CommandError as exc:
        return exc.returncode, str(exc)
    return 0, ""


def test_an_intact_chain_verifies(chain, capsys):
    assert hashlog.verify().ok and hashlog.verify().count == 5
    assert _verify() == (0, "")
    assert "OK 5 entries" in capsys.readouterr().out
    assert chain[1].prev_hash == chain[0].hash


def test_an_edited_payload_is_found(chain):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE supervision_logentry SET payload = %s WHERE seq = 3", ['{"n": 99, "text": "预警"}'])
    result = hashlog.verify()
    assert (result.ok, result.broken_seq) == (False, 3)
    assert "修改" in result.reason
    code, message = _verify()
    assert code == 1 and "seq 3" in message


def test_a_deleted_row_is_found(chain):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM supervision_logentry WHERE seq = 2")
    result = hashlog.verify()
    assert (result.ok, result.broken_seq) == (False, 2)
    assert "缺失" in result.reason


def test_a_deleted_last_row_is_found(chain):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM supervision_logentry WHERE seq = 5")
    result = hashlog.verify()
    assert (result.ok, result.broken_seq) == (False, 5)


def test_case_activity_is_logged_and_verifies(accepted_case):
    kinds = set(LogEntry.objects.values_list("kind", flat=True))
    assert {"clock_opened", "clock_closed"} <= kinds
    assert hashlog.verify().ok


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_appends_never_fork_the_chain():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    before = hashlog.verify().count  # entries other committed tests may have left
    errors = []

    def writer(n):
        try:
            for i in range(10):
                hashlog.append("concurrent", {"writer": n, "i": i}, now=at(2026, 10, 14))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    result = hashlog.verify()
    assert result.ok and result.count == before + 40


def test_appends_after_a_rolled_back_savepoint_keep_the_chain_whole(db):
    from django.db import transaction

    with transaction.atomic():
        hashlog.append("kept", {"n": 1}, now=at(2026, 10, 14, 9))
        try:
            with transaction.atomic():
                hashlog.append("rolled_back", {"n": 2}, now=at(2026, 10, 14, 9))
                raise RuntimeError("undo the inner work")
        except RuntimeError:
            pass
        hashlog.append("kept", {"n": 3}, now=at(2026, 10, 14, 9))
    assert list(LogEntry.objects.order_by("seq").values_list("kind", flat=True)) == ["kept", "kept"]
    assert hashlog.verify().ok


def test_an_append_on_a_moved_head_fails_and_writes_nothing(db):
    from django.db import transaction

    from backend.supervision.models import LogHead

    hashlog.append("first", {"n": 1}, now=at(2026, 10, 14, 9))
    with pytest.raises(hashlog.StaleHead), transaction.atomic():
        head = hashlog.lock_head()
        LogHead.objects.filter(pk=1).update(seq=head.seq + 5)  # as a writer ignoring the lock would
        hashlog.append_many([("second", {"n": 2})], now=at(2026, 10, 14, 9), head=head)
    assert list(LogEntry.objects.values_list("kind", flat=True)) == ["first"]
    assert hashlog.verify().ok
