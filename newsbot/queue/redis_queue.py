"""The job queue in Redis: pending jobs in a list, taken jobs under a lease in a sorted set.

Every step that reads and writes several keys is one Lua script, so it is atomic on the server whatever the
number of workers. Times come from the Redis server's clock (`TIME`), the one clock all machines share.

Keys, under `newsbot:queue:<name>`:
  jobs    hash    job id → job JSON, while the job is queued or taken
  pending list    job ids waiting, first out on the left
  leases  zset    taken job id → lease end (ms since the epoch, server time)
  owners  hash    taken job id → the token of the worker that took it
  sites   hash    site → job id, so a site is queued once at a time
  done    hash    job id → its result JSON, once a worker has finished it (never run again)

A lease that ends without being renewed (its worker died or lost the server) puts the job back at the head of
`pending` the next time any worker asks for one. A finished job is removed from `jobs` in the same step that
records it as done, by the worker that holds its lease only: a late worker whose lease was taken over cannot
finish it a second time.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from newsbot.queue.jobs import BadJobError, Job

# Server time in milliseconds, inside a script.
_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"

_ENQUEUE = """
local existing = redis.call('HGET', KEYS[3], ARGV[2])
if existing then return {0, existing} end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[3], ARGV[2], ARGV[1])
redis.call('RPUSH', KEYS[2], ARGV[1])
return {1, ARGV[1]}
"""

_CLAIM = _NOW + """
local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)
for _, id in ipairs(expired) do
  redis.call('ZREM', KEYS[3], id)
  redis.call('HDEL', KEYS[4], id)
  redis.call('LPUSH', KEYS[2], id)
end
while true do
  local id = redis.call('LPOP', KEYS[2])
  if not id then return {'', '', #expired} end
  local job = redis.call('HGET', KEYS[1], id)
  if job then
    redis.call('ZADD', KEYS[3], now + tonumber(ARGV[2]), id)
    redis.call('HSET', KEYS[4], id, ARGV[1])
    return {id, job, #expired}
  end
end
"""

_RENEW = _NOW + """
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[3]), ARGV[1])
return 1
"""

_FINISH = """
if redis.call('HGET', KEYS[3], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('HGET', KEYS[4], ARGV[4]) == ARGV[1] then redis.call('HDEL', KEYS[4], ARGV[4]) end
redis.call('HSET', KEYS[5], ARGV[1], ARGV[3])
return 1
"""

_RELEASE = """
if redis.call('HGET', KEYS[3], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
if ARGV[3] == 'front' then redis.call('LPUSH', KEYS[1], ARGV[1]) else redis.call('RPUSH', KEYS[1], ARGV[1]) end
return 1
"""

_NEXT_EXPIRY = _NOW + """
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #first == 0 then return -1 end
return math.max(0, tonumber(first[2]) - now)
"""


@dataclass(frozen=True)
class Claim:
    """A job taken under a lease; the token proves the lease is still this worker's."""

    job: Job
    token: str
    raw: str


def new_job_id() -> str:
    return uuid.uuid4().hex


class RedisQueue:
    def __init__(self, client: Any, name: str = "crawl") -> None:
        self.client = client
        prefix = f"newsbot:queue:{name}"
        self.keys = {part: f"{prefix}:{part}" for part in ("jobs", "pending", "leases", "owners", "sites", "done")}
        self._enqueue = client.register_script(_ENQUEUE)
        self._claim = client.register_script(_CLAIM)
        self._renew = client.register_script(_RENEW)
        self._finish = client.register_script(_FINISH)
        self._release = client.register_script(_RELEASE)
        self._next_expiry = client.register_script(_NEXT_EXPIRY)

    @classmethod
    def from_url(cls, url: str, name: str = "crawl") -> RedisQueue:
        import redis  # the optional extra: only queue commands need it

        return cls(redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5), name)

    def ping(self) -> None:
        self.client.ping()

    def enqueue(self, job: Job) -> tuple[bool, str]:
        """Queue the job unless its site already has one queued or taken: (added, the site's job id)."""
        k = self.keys
        added, job_id = self._enqueue(keys=[k["jobs"], k["pending"], k["sites"]],
                                      args=[job.id, job.site_key, job.to_json()])
        return bool(added), _text(job_id)

    def claim(self, lease_seconds: float) -> tuple[Claim | None, str | None, int]:
        """Take the next job under a lease: (claim or None, the raw entry when it is no job, leases expired)."""
        k = self.keys
        token = uuid.uuid4().hex
        job_id, raw, expired = self._claim(keys=[k["jobs"], k["pending"], k["leases"], k["owners"]],
                                           args=[token, int(lease_seconds * 1000)])
        if not job_id:
            return None, None, int(expired)
        try:
            return Claim(Job.from_json(raw), token, _text(raw)), None, int(expired)
        except BadJobError:
            # Hand it back untouched: a newer newsbot may know how to run it.
            self.release_raw(_text(job_id), token, front=False)
            return None, _text(raw), int(expired)

    def renew(self, claim: Claim, lease_seconds: float) -> bool:
        """Extend the lease; False when it is no longer this worker's (it ended and another worker took it)."""
        k = self.keys
        return bool(self._renew(keys=[k["leases"], k["owners"]],
                                args=[claim.job.id, claim.token, int(lease_seconds * 1000)]))

    def finish(self, claim: Claim, result: dict[str, Any]) -> bool:
        """Record the job as done and remove it, if the lease is still this worker's."""
        k = self.keys
        return bool(self._finish(keys=[k["jobs"], k["leases"], k["owners"], k["sites"], k["done"]],
                                 args=[claim.job.id, claim.token, json.dumps(result, sort_keys=True),
                                       claim.job.site_key]))

    def release(self, claim: Claim, *, front: bool) -> bool:
        """Give the job back to the queue without running it to the end (interrupted, archive busy)."""
        return self.release_raw(claim.job.id, claim.token, front=front)

    def release_raw(self, job_id: str, token: str, *, front: bool) -> bool:
        k = self.keys
        return bool(self._release(keys=[k["pending"], k["leases"], k["owners"]],
                                  args=[job_id, token, "front" if front else "back"]))

    def counts(self) -> dict[str, int]:
        k = self.keys
        pipe = self.client.pipeline()
        pipe.llen(k["pending"]).zcard(k["leases"]).hlen(k["done"])
        pending, leased, done = pipe.execute()
        return {"pending": int(pending), "leased": int(leased), "done": int(done)}

    def seconds_to_next_expiry(self) -> float | None:
        """How long until the first lease ends; None when no job is taken."""
        ms = int(self._next_expiry(keys=[self.keys["leases"]]))
        return None if ms < 0 else ms / 1000

    def result(self, job_id: str) -> dict[str, Any] | None:
        raw = self.client.hget(self.keys["done"], job_id)
        return json.loads(raw) if raw else None


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value
