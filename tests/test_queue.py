"""The job queue on a real Redis: one job per site, leases that end and come back, finishing exactly once."""

from __future__ import annotations

import time

import pytest
import redis

from newsbot.queue.jobs import BadJobError, Job
from newsbot.queue.redis_queue import RedisQueue


@pytest.fixture
def queue(redis_url: str) -> RedisQueue:
    return RedisQueue(redis.Redis.from_url(redis_url))


def job(site: str, **options: object) -> Job:
    return Job(id=f"job-{site}", site=site, options=dict(options), key=site)


def test_jobs_come_out_in_order_and_a_site_is_queued_once(queue: RedisQueue) -> None:
    assert queue.enqueue(job("mfa", lang="kk")) == (True, "job-mfa")
    assert queue.enqueue(Job(id="other", site="mfa", key="mfa")) == (False, "job-mfa")
    assert queue.enqueue(job("economy")) == (True, "job-economy")
    first, _, _ = queue.claim(60)
    second, _, _ = queue.claim(60)
    assert first is not None and second is not None
    assert (first.job, second.job.site) == (job("mfa", lang="kk"), "economy")
    assert queue.claim(60)[0] is None
    assert queue.counts() == {"pending": 0, "leased": 2, "done": 0}


def test_a_finished_job_is_done_once_and_its_site_can_be_queued_again(queue: RedisQueue) -> None:
    queue.enqueue(job("mfa"))
    claim, _, _ = queue.claim(60)
    assert claim is not None
    assert queue.finish(claim, {"exit": 0}) is True
    assert queue.finish(claim, {"exit": 0}) is False  # the lease is gone with the job
    assert queue.result("job-mfa") == {"exit": 0}
    assert queue.counts() == {"pending": 0, "leased": 0, "done": 1}
    assert queue.enqueue(Job(id="tomorrow", site="mfa", key="mfa")) == (True, "tomorrow")


def test_a_lease_not_renewed_ends_and_the_job_is_taken_again_once(queue: RedisQueue) -> None:
    queue.enqueue(job("mfa"))
    # Half a second: "still leased" is asked at once, and must hold even on a loaded machine.
    dead, _, _ = queue.claim(0.5)
    assert dead is not None
    assert queue.claim(60)[0] is None  # still leased
    time.sleep(0.6)
    again, _, expired = queue.claim(60)
    assert again is not None and again.job == dead.job and expired == 1
    # The first worker wakes up late: it can neither renew nor finish what is now another worker's.
    assert queue.renew(dead, 60) is False
    assert queue.finish(dead, {"exit": 0}) is False
    assert queue.renew(again, 60) is True
    assert queue.finish(again, {"exit": 0}) is True
    assert queue.counts() == {"pending": 0, "leased": 0, "done": 1}


def test_a_renewed_lease_outlives_its_first_term(queue: RedisQueue) -> None:
    queue.enqueue(job("mfa"))
    # Three renewals 0.4 s apart outlive a 1 s term; each comes 0.6 s before the term it renews would end.
    claim, _, _ = queue.claim(1.0)
    assert claim is not None
    for _ in range(3):
        time.sleep(0.4)
        assert queue.renew(claim, 1.0)
    assert queue.claim(60)[0] is None


def test_a_released_job_goes_back_to_the_head_or_the_tail(queue: RedisQueue) -> None:
    for site in ("a", "b", "c"):
        queue.enqueue(job(site))
    claim, _, _ = queue.claim(60)
    assert claim is not None and claim.job.site == "a"
    assert queue.release(claim, front=False)
    assert [queue.claim(60)[0].job.site for _ in range(3)] == ["b", "c", "a"]  # type: ignore[union-attr]


def test_an_entry_that_is_no_job_is_reported_and_left_in_the_queue(queue: RedisQueue) -> None:
    queue.client.hset(queue.keys["jobs"], "x", "{not json")
    queue.client.rpush(queue.keys["pending"], "x")
    claim, foreign, _ = queue.claim(60)
    assert claim is None and foreign == "{not json"
    assert queue.counts()["pending"] == 1


def test_jobs_carry_only_crawl_options() -> None:
    with pytest.raises(BadJobError, match="unknown crawl options: db"):
        Job.from_json('{"id": "1", "site": "mfa", "options": {"db": "/etc/passwd"}}')
    spec = Job(id="1", site="govkz:economy", options={"lang": "kk,ru", "max_items": 5, "backfill": True})
    assert spec.crawl_arguments() == ["govkz:economy", "--lang", "kk,ru", "--max-items", "5", "--backfill"]
    assert Job.from_json(spec.to_json()) == spec
