"""A worker: takes crawl jobs from the queue and runs each as a `newsbot crawl` child process.

A child process per job, because a Scrapy crawl owns its process's reactor (it cannot be started twice in one
process), and because a crawl that dies takes only itself down: the worker sees its exit code. While the
child runs, the worker renews the job's lease; a worker that dies stops renewing, the lease ends, and the next
worker that asks for a job takes it again (the crawl is incremental, so it continues where the dead one's
committed batches end).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from newsbot.archive.runs import this_process
from newsbot.processes import stop_with_parent
from newsbot.queue.jobs import Job
from newsbot.queue.redis_queue import Claim, RedisQueue
from newsbot.sites import UnknownSiteError, resolve_site

# `newsbot crawl` exit codes the worker treats apart (README "Exit codes").
CRAWL_LOCKED = 3
CRAWL_INTERRUPTED = 5
# How long a worker waits before asking again when the archive is busy or leased jobs may still come back.
IDLE_SECONDS = 1.0


class QueueLost(Exception):
    """The queue's server stopped answering while a job ran: the job's lease will end and another takes it."""


class UnknownJob(Exception):
    """A job this worker cannot run (a site its registry does not know); it was given back to the queue."""


@dataclass
class WorkerReport:
    ran: list[tuple[Job, int]] = field(default_factory=list)
    interrupted: bool = False

    @property
    def failed(self) -> bool:
        return any(code != 0 for _, code in self.ran)


def _stop_with_parent() -> None:
    """In the child, before the crawl starts: a SIGTERM when the worker dies, even by SIGKILL, so its crawl stops
    gracefully instead of running on without a lease (elsewhere than Linux its job is taken again when the
    lease ends)."""
    stop_with_parent(signal.SIGTERM)


@dataclass
class Worker:
    queue: RedisQueue
    queue_url: str
    db: str
    lease: float = 300.0
    name: str = field(default_factory=this_process)  # the name its runs' records give
    crawl_options: list[str] = field(default_factory=list)
    say: Callable[[str], None] = print
    stopping: bool = False
    child: subprocess.Popen[Any] | None = None

    def stop(self, *_: Any) -> None:
        """First SIGTERM/SIGINT: the running crawl stops gracefully (it archives what it fetched), its job goes
        back to the head of the queue, and no other job is taken."""
        self.stopping = True
        if self.child is not None and self.child.poll() is None:
            self.child.send_signal(signal.SIGTERM)

    def run(self, *, until_empty: bool) -> WorkerReport:
        report = WorkerReport()
        while not self.stopping:
            claim, foreign, expired = self.queue.claim(self.lease)
            if expired:
                self.say(f"worker {self.name}: {expired} job(s) whose worker stopped renewing went back to the queue")
            if foreign is not None:
                raise UnknownJob(f"a queue entry is not a job this newsbot can run: {foreign[:120]!r}")
            if claim is None:
                if until_empty and self.queue.counts()["leased"] == 0:
                    break
                self._idle()
                continue
            self._check_site(claim)
            code = self._run_job(claim)
            if code is None:
                continue  # the lease went to another worker, which now runs the job
            if code == CRAWL_LOCKED:
                self.queue.release(claim, front=False)  # another run holds an SQLite archive: later
                self._idle()
                continue
            if code == CRAWL_INTERRUPTED and self.stopping:
                self.queue.release(claim, front=True)
                report.interrupted = True
                break
            result = {"exit": code, "worker": self.name, "finished_at": time.time()}
            if not self.queue.finish(claim, result):
                self.say(f"worker {self.name}: job {claim.job.id} ({claim.job.site}) had been taken over by another "
                         "worker when it finished (its lease ended): not recorded twice")
            report.ran.append((claim.job, code))
        report.interrupted = report.interrupted or self.stopping
        return report

    def _idle(self) -> None:
        nap = self.queue.seconds_to_next_expiry()
        time.sleep(IDLE_SECONDS if nap is None else max(0.05, min(IDLE_SECONDS, nap)))

    def _check_site(self, claim: Claim) -> None:
        try:
            resolve_site(claim.job.site, base_url=claim.job.options.get("base_url"),
                         lang=claim.job.options.get("lang"))
        except (UnknownSiteError, ValueError) as error:
            self.queue.release(claim, front=True)  # a newsbot with a newer registry may run it
            raise UnknownJob(f"job {claim.job.id} names a site this newsbot cannot crawl: {error}; "
                             "it is back in the queue") from None

    def crawl_command(self, job: Job) -> list[str]:
        return [sys.executable, "-m", "newsbot", "crawl", *job.crawl_arguments(), "--db", self.db,
                "-s", f"NEWSBOT_HOST_LIMITER={self.queue_url}", *self.crawl_options]

    def _run_job(self, claim: Claim) -> int | None:
        """The crawl's exit code, or None when the job's lease was lost to another worker (its crawl stopped)."""
        job = claim.job
        self.say(f"worker {self.name}: job {job.id}: crawl {' '.join(job.crawl_arguments())}")
        env = {**os.environ, "NEWSBOT_WORKER": self.name}
        # A session of its own: a Ctrl-C at the worker's terminal reaches the worker only, which passes on exactly
        # one SIGTERM (a second signal would stop the crawl at once instead of gracefully).
        self.child = subprocess.Popen(self.crawl_command(job), env=env, start_new_session=True,
                                      preexec_fn=_stop_with_parent)
        try:
            while True:
                try:
                    return self.child.wait(timeout=self.lease / 3)
                except subprocess.TimeoutExpired:
                    pass
                try:
                    renewed = self.queue.renew(claim, self.lease)
                except Exception as error:  # the server is gone: stop the crawl, keep what it archived
                    self._stop_child()
                    raise QueueLost(f"the queue stopped answering ({type(error).__name__}) while job {job.id} ran; "
                                    "its crawl was stopped and the job will be taken again when its lease ends") \
                        from None
                if not renewed:
                    self._stop_child()
                    self.say(f"worker {self.name}: job {job.id}'s lease was lost to another worker; its crawl stopped")
                    return None
        finally:
            self.child = None

    def _stop_child(self) -> None:
        assert self.child is not None
        self.child.send_signal(signal.SIGTERM)
        try:
            self.child.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.child.kill()
            self.child.wait()
