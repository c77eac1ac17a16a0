"""Getting documents off the web: URL canonicalisation, the polite fetcher, feeds, sitemaps and discovery.

- ``urls``: canonical URLs (tracking parameters, fragments, default ports removed) and ``<link rel=canonical>``.
- ``fetch``: ``Fetcher``, robots.txt, per-host delays, timeouts, size caps, retries and conditional requests.
- ``feeds`` / ``sitemaps``: pure parsers from bytes to typed entries.
- ``web``: ``discover`` (source settings -> URLs with hints) and ``classify`` (feed, sitemap or article).
"""
