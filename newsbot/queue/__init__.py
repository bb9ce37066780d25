"""Crawl jobs shared by several machines through Redis: `newsbot enqueue` puts them, `newsbot worker` runs them.

Redis is the engine (lists, a sorted set of leases and Lua scripts for atomic steps): no protocol of our own.
"""
