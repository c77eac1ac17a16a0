"""HTTP for the web sources, one concern a module: ``client`` (the Fetcher: the loop, retries, redirects),
``addresses`` (what may be reached; connections pinned to checked addresses), ``robots``, ``pacing``,
``headers``, ``results``."""
