"""``lodestar serve`` and ``lodestar site build``: the CTO's cockpit, live or as static files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lodestar.cli.common import add_commands, database_url, load_workspace
from lodestar.cli.dates import AsOfOption, as_of_date
from lodestar.cli.output import console, handle_errors, print_json, styled
from lodestar.errors import UsageError

if TYPE_CHECKING:
    from lodestar.settings import Workspace

site_app = typer.Typer(help="The cockpit as a static site.", no_args_is_help=True)

commands = typer.Typer()  # this module's commands; register(app) adds them


def serve_cockpit(
    ws: Workspace,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    trust_proxy_header: str | None = None,
    any_port_if_taken: bool = False,
    as_of: str | None = None,
) -> None:
    """Serve the cockpit until interrupted, printing its address (shared with ``demo``).

    The port is bound and listening, and the address printed, before the web stack is even
    imported; the cockpit is then built in the background while pages say "warming up"."""
    from lodestar.store import open_scanned
    from lodestar.web.listen import address, check_binding, listen

    url = database_url(ws)
    check_binding(host, token, trust_proxy_header)
    store = open_scanned(url)  # a store that cannot be opened: said before any address
    if store is None:
        console.print(
            "No scan yet: the strategy pages show the workspace's files; run 'lodestar scan' "
            "for the rest (the cockpit reads it when it is done)."
        )
    else:
        store.dispose()
    sock = listen(host, port, or_any=any_port_if_taken)
    sock.listen(2048)  # connections wait in the backlog until the app accepts them

    def announce(where: str) -> None:
        name = ws.settings.organisation.name
        console.print(styled("Lodestar cockpit for ", (name, "bold"), f": {where}"))
        if token:
            console.print(f"Open {where}?token=… once to set the access cookie.")
        console.print("Press Ctrl+C to stop. Reading the organisation meanwhile:")

    def progress(line: str) -> None:
        from lodestar.render import terminal_safe

        console.print(f"  {terminal_safe(line)}", markup=False, highlight=False)

    announce(address(host, int(sock.getsockname()[1])))
    from lodestar.web import serve

    serve(
        ws,
        url,
        host=host,
        port=port,
        token=token,
        trust_proxy_header=trust_proxy_header,
        announce=announce,
        any_port_if_taken=any_port_if_taken,
        today=as_of_date(as_of, ws),
        progress=progress,
        sock=sock,
    )


@commands.command()
@handle_errors
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; beyond 127.0.0.1 needs --token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            help="Access token (default: $LODESTAR_TOKEN): 'Authorization: Bearer TOKEN', "
            "or visit /?token=TOKEN once to set a cookie.",
        ),
    ] = None,
    trust_proxy_header: Annotated[
        str | None,
        typer.Option(
            help="Let in requests carrying this header, set by an authenticating reverse "
            "proxy (which must strip it from incoming requests).",
        ),
    ] = None,
    as_of: AsOfOption = None,
) -> None:
    """Serve the CTO's cockpit (pages and read-only JSON API) from the workspace's store."""

    serve_cockpit(
        load_workspace(),
        host=host,
        port=port,
        token=token or os.environ.get("LODESTAR_TOKEN") or None,
        trust_proxy_header=trust_proxy_header,
        as_of=as_of,
    )


@site_app.command("build")
@handle_errors
def build(
    out: Annotated[
        Path, typer.Argument(help="Folder of the site (empty, new or a previous site).")
    ],
    as_of: AsOfOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """Render every cockpit page to static files that work from file:// with no server.

    The IP page and every IP finding stay out, unless lodestar.toml sets ip.publish = true:
    then the IP page shows the docket's deadlines and the disclosures, and nothing else of
    the IP register (never trade secrets, outbound contributions or export records).
    Example: lodestar site build ./site --as-of 2026-12-01
    """
    from lodestar.store import open_read_only
    from lodestar.web import build_site, cockpit_builder

    ws = load_workspace()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        message = f"{out}: cannot create this folder ({exc.strerror}); pass a writable one"
        raise UsageError(message) from exc
    engine = open_read_only(database_url(ws))
    try:
        today = as_of_date(as_of, ws)
        cockpit = cockpit_builder(ws, engine, today=today)()
        summary = build_site(cockpit, out, publish_ip=ws.settings.ip.publish)
    finally:
        engine.dispose()
    if as_json:
        print_json(summary)
        return
    console.print(
        styled(
            f"Wrote {summary.pages} pages and {summary.data_files} data files to ",
            (str(summary.out), "bold"),
            f"; open {Path(summary.out) / 'index.html'}",
        )
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(site_app, name="site")
    add_commands(app, commands)
