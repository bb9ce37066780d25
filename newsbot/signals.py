"""newsbot's own Scrapy signals: sent with crawler.signals.send_catch_log, connected to like Scrapy's.

The archive is opened by one component, the store pipeline, once the crawl has started; whoever needs it (the
spider's incremental walk, the clean pipeline's boilerplate rules) learns of it through these.
"""

# The store opened the archive (before any request): receivers get `archive` (an SQLAlchemy Engine) and read
# what they start from. A receiver that raises stops the crawl before its first request.
archive_opened = object()

# A batch of items is committed to the archive: receivers get `items` (the list, in the order they arrived).
items_committed = object()
