"""The `ansinh` command: assembles each domain's commands."""

from __future__ import annotations

import typer

from ansinh.core.cli import clients_app, db_app, serve
from ansinh.registry.cli import seed
from ansinh.rules.cli import app as rules_app
from ansinh.synth.cli import synth

app = typer.Typer(
    help="ansinh: social-security platform.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
app.add_typer(db_app, name="db")
app.add_typer(clients_app, name="clients")
app.add_typer(rules_app, name="rules")
app.command("serve")(serve)
app.command("seed")(seed)
app.command("synth")(synth)


@app.command("demo")
def demo() -> None:
    """Start the embedded database, migrate, seed a synthetic province once, and serve."""
    from ansinh.demo import run_demo

    run_demo()


def main() -> None:
    """Entry point of the `ansinh` console script."""
    app()
