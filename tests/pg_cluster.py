"""Run the whole test suite on a throwaway PostgreSQL cluster.

``BROADSHEET_TEST_DB=postgres python -m pytest -p tests.pg_cluster`` (what
``scripts/test-postgres.sh`` runs) starts a private cluster with the machine's
``initdb`` and ``pg_ctl`` on 127.0.0.1 and a free port, UTF-8, and points
``DATABASE_URL`` at it before pytest-django reads the settings. ``initdb``
refuses to run as root, so as root the cluster belongs to the unprivileged ``postgres``
user. The cluster is stopped and deleted when pytest ends.

With ``--postgres-strict`` the run fails unless at least one test marked
``postgres`` passed and none was skipped: CI cannot go green on a PostgreSQL
run that silently did nothing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

DB_NAME = "broadsheet"
PREFIX = "broadsheet-pg-"
OWNER_FILE = "owner.pid"  # the pytest (or bench) process that started the cluster
SUPERUSER = "postgres"
SERVER_SETTINGS = (
    "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
    "-c full_page_writes=off -c max_connections=300 -c shared_buffers=128MB"
)
_cluster_key = pytest.StashKey["Cluster"]()


class ClusterError(RuntimeError):
    pass


@dataclass
class Cluster:
    """One private PostgreSQL server in a temporary folder."""

    root: Path
    port: int
    run_as: str | None

    @property
    def url(self) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{DB_NAME}"

    @property
    def data(self) -> Path:
        return self.root / "data"

    def command(self, *args: str) -> list[str]:
        """A command for the cluster's owner: as ``postgres`` when we are root."""
        prefix = ["runuser", "-u", self.run_as, "--"] if self.run_as else []
        return [*prefix, *args]

    def run(self, *args: str) -> None:
        done = subprocess.run(self.command(*args), capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise ClusterError(f"{' '.join(args[:2])} failed:\n{done.stderr}{done.stdout}{tail}")

    def start(self) -> None:
        initdb, pg_ctl = binary("initdb"), binary("pg_ctl")
        self.run(initdb, "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "--no-sync",
                 "--encoding=UTF8", "--locale=C.UTF-8")  # fmt: skip
        options = f"{SERVER_SETTINGS} -p {self.port} -k {self.root}"
        log = str(self.root / "server.log")
        self.run(pg_ctl, "-D", str(self.data), "-l", log, "-o", options, "-w", "-t", "60", "start")
        self.run(binary("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", SUPERUSER,
                 DB_NAME)  # fmt: skip

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                self.command(binary("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"),
                capture_output=True,
                check=False,
            )
        shutil.rmtree(self.root, ignore_errors=True)


def binary(name: str) -> str:
    """A PostgreSQL program from PATH, else from ``pg_config --bindir``."""
    found = shutil.which(name)
    if found:
        return found
    pg_config = shutil.which("pg_config")
    if pg_config:
        bindir = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True).stdout
        candidate = Path(bindir.strip()) / name
        if candidate.exists():
            return str(candidate)
    raise ClusterError(f"{name} not found: install PostgreSQL (Debian: apt-get install postgresql)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def create_cluster() -> Cluster:
    """Make the folder (owned by ``postgres`` when we are root) and start the server."""
    run_as = SUPERUSER if os.geteuid() == 0 else None
    reap_orphans(run_as)
    root = Path(tempfile.mkdtemp(prefix=PREFIX))
    (root / OWNER_FILE).write_text(str(os.getpid()))
    if run_as:
        try:
            shutil.chown(root, user=run_as)
        except LookupError as exc:
            shutil.rmtree(root)
            raise ClusterError(
                "running as root, and initdb refuses root: create the unprivileged "
                f"user {run_as!r} (Debian's postgresql package does)"
            ) from exc
    cluster = Cluster(root=root, port=free_port(), run_as=run_as)
    try:
        cluster.start()
    except (ClusterError, OSError):
        cluster.stop()
        raise
    return cluster


def reap_orphans(run_as: str | None) -> None:
    """Stop clusters left by a pytest that was killed before it could stop them."""
    for root in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        try:
            owner = int((root / OWNER_FILE).read_text())
        except (OSError, ValueError):
            continue
        if not _alive(owner):
            Cluster(root=root, port=0, run_as=run_as).stop()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--postgres-strict",
        action="store_true",
        help="fail unless tests marked 'postgres' ran and none was skipped",
    )


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config: pytest.Config, parser, args):
    """Start the cluster before pytest-django imports the settings."""
    wanted = os.environ.get("BROADSHEET_TEST_DB", "") == "postgres"
    # xdist workers inherit the controller's URL; only the controller starts a cluster.
    if wanted and not os.environ.get("BROADSHEET_TEST_PG_URL"):
        try:
            cluster = create_cluster()
        except ClusterError as exc:
            raise pytest.UsageError(f"cannot start the PostgreSQL test cluster: {exc}") from exc
        early_config.stash[_cluster_key] = cluster
        os.environ["BROADSHEET_TEST_PG_URL"] = cluster.url
    if wanted:
        os.environ["DATABASE_URL"] = os.environ["BROADSHEET_TEST_PG_URL"]
    return (yield)


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(StrictCheck(config), "broadsheet-postgres-strict")


def pytest_report_header(config: pytest.Config) -> str:
    from django.db import connection

    return f"database: {connection.vendor} {connection.settings_dict.get('PORT') or ''}".strip()


class StrictCheck:
    """Counts the ``postgres`` tests; with ``--postgres-strict`` an empty run fails."""

    def __init__(self, config: pytest.Config):
        self.strict = config.getoption("--postgres-strict")
        self.passed = 0
        self.skipped: list[str] = []
        self.problems: list[str] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if "postgres" not in report.keywords:
            return
        if report.skipped:
            self.skipped.append(report.nodeid)
        elif report.when == "call" and report.passed:
            self.passed += 1

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if not self.strict:
            return
        from django.db import connection

        if connection.vendor != "postgresql":
            self.problems.append(f"the suite ran on {connection.vendor}, not PostgreSQL")
        if self.skipped:
            self.problems.append(f"{len(self.skipped)} PostgreSQL test(s) skipped")
        if self.passed == 0:
            self.problems.append("no test marked 'postgres' passed")
        if self.problems:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter) -> None:
        for problem in self.problems:
            terminalreporter.write_line(f"PostgreSQL run incomplete: {problem}", red=True)


def pytest_unconfigure(config: pytest.Config) -> None:
    cluster = config.stash.get(_cluster_key, None)
    if cluster is not None:
        cluster.stop()


@pytest.fixture(scope="session", autouse=True)
def _no_session_left_on_the_test_database(request, django_db_setup, django_db_blocker):
    """Before pytest-django drops the test database, end sessions a test left open.

    ``DROP DATABASE`` fails while any session is connected. Connections that a
    thread checked out of the psycopg pool and never returned (a live-server
    request thread that died mid-response) survive ``close_pool``; they are
    terminated here and named in the output, so a leak is seen, not hidden.
    """
    yield
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock():
        connections.close_all()
        import psycopg

        params = connection.settings_dict
        dsn = f"host={params['HOST']} port={params['PORT']} user={params['USER']} dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as admin:
            left = admin.execute(
                "SELECT pid, pg_terminate_backend(pid), left(query, 80) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [params["NAME"]],
            ).fetchall()
    if left:
        reporter = request.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                f"PostgreSQL: ended {len(left)} session(s) left open on the test database: "
                + "; ".join(f"pid {pid}: {query!r}" for pid, _, query in left),
                yellow=True,
            )
