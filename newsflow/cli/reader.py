"""`newsflow reader`: the local read-only web reader (newsflow/reader/web.py) on 127.0.0.1."""

from __future__ import annotations

from typing import Annotated

import typer


def reader(
    ctx: typer.Context,
    port: Annotated[int, typer.Option("--port", "-p", metavar="N", help="port on 127.0.0.1 (1-65535)")] = 8765,
) -> None:
    """Read the archive in a local browser app.

    Search, articles side by side with their original, stories, the review list and runs; read-only, on 127.0.0.1."""
    import uvicorn

    from newsflow.cli.common import EXIT_USAGE, fail, state
    from newsflow.cli.output import console
    from newsflow.reader.listen import loopback_socket
    from newsflow.reader.web import create_app
    from newsflow.warehouse import open_reader

    if not 1 <= port <= 65535:
        raise fail(f"--port must be 1 to 65535, not {port}", EXIT_USAGE)
    settings = state(ctx).settings()
    with open_reader(settings.warehouse):  # a missing warehouse is named now, not on the first page
        pass
    try:  # from now on a browser's request waits in the backlog, even before uvicorn has started
        sock = loopback_socket(port)
    except OSError as exc:
        raise fail(f"--port {port}: cannot listen on 127.0.0.1:{port} ({exc.strerror})", EXIT_USAGE) from None
    config = uvicorn.Config(create_app(settings.warehouse), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    console.print(f"newsflow reader on http://127.0.0.1:{port}/ (read-only; Ctrl-C stops it)", highlight=False)
    try:
        server.run(sockets=[sock])  # uvicorn turns Ctrl-C into a graceful shutdown
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    console.print("reader stopped", highlight=False)
