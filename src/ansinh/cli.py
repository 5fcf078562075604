"""The `ansinh` command: assembles each domain's commands."""

from __future__ import annotations

import typer

from ansinh.benefits.claims.cli import app as claims_app
from ansinh.contributions.cli import app as contributions_app
from ansinh.core.cli import clients_app, db_app, serve
from ansinh.core.events.cli import app as events_app
from ansinh.core.jobs.cli import app as jobs_app
from ansinh.documents.cli import app as documents_app
from ansinh.health.clerks_cli import app as facilities_app
from ansinh.health.cli import app as hi_app
from ansinh.linkage.cli import app as linkage_app
from ansinh.linkage.cli import reconcile
from ansinh.portal.officers.cli import app as officers_app
from ansinh.registry.cli import seed
from ansinh.rules.cli import app as rules_app
from ansinh.synth.cli import synth
from ansinh.worker import worker

app = typer.Typer(
    help="ansinh: social-security platform.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
app.add_typer(db_app, name="db")
app.add_typer(clients_app, name="clients")
app.add_typer(rules_app, name="rules")
app.add_typer(contributions_app, name="contributions")
app.add_typer(hi_app, name="hi")
app.add_typer(linkage_app, name="linkage")
app.add_typer(officers_app, name="officers")
app.add_typer(events_app, name="events")
app.add_typer(jobs_app, name="jobs")
app.add_typer(facilities_app, name="facilities")
app.add_typer(documents_app, name="documents")
app.add_typer(claims_app, name="claims")
app.command("serve")(serve)
app.command("seed")(seed)
app.command("synth")(synth)
app.command("reconcile")(reconcile)
app.command("worker")(worker)


@app.command("demo")
def demo() -> None:
    """Start the embedded database, migrate, seed a synthetic province once, and serve."""
    from ansinh.demo import run_demo

    run_demo()


def main() -> None:
    """Entry point of the `ansinh` console script."""
    app()
