"""Opening a register: an SQLite file by default, PostgreSQL from a URL; migrations to head.

SQLite runs in WAL mode with a busy timeout, and every write transaction starts with
BEGIN IMMEDIATE so two writers queue instead of failing half-way. A password in a URL is never
printed: `safe_url` hides it everywhere svauthor shows a URL.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from svauthor.errors import InputError

ENV_DB = "SVAUTHOR_TRACK_DB"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 30_000


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("svauthor", appauthor=False)) / "register.sqlite"


def resolve_url(db: str | None) -> URL:
    """--db, else $SVAUTHOR_TRACK_DB, else the SQLite file in the user data folder."""
    raw = db or os.environ.get(ENV_DB) or str(default_db_path())
    if "://" not in raw:
        return URL.create("sqlite", database=str(Path(raw).expanduser()))
    try:
        url = make_url(raw)
    except ArgumentError:
        raise InputError.single("--db", "is not a database URL; use a file path or "
                                        "postgresql://user@host/dbname") from None
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
        url = url.set(drivername="postgresql+psycopg")
    elif url.drivername not in ("sqlite", "sqlite+pysqlite"):
        raise InputError.single("--db", f"unsupported database `{url.drivername}`; use an "
                                        f"SQLite file or a postgresql:// URL")
    return url


#: Query parameters libpq reads secrets from; shown as *** like the password in the URL.
SECRET_PARAMETERS = frozenset({"password", "sslpassword", "passfile", "sslkey"})


def safe_url(url: URL) -> str:
    """The URL as people may see it: the password, in the URL or as a parameter, as ***."""
    hidden = {k: "***" for k in url.query if k.lower() in SECRET_PARAMETERS}
    if hidden:
        url = url.update_query_dict(hidden)
    return url.render_as_string(hide_password=True).replace("%2A%2A%2A", "***")


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA cache_size = -65536")  # 64 MiB of page cache for roll-ups
        cur.execute("PRAGMA mmap_size = 268435456")  # read through memory maps, fewer syscalls
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        if url.database:
            path = Path(url.database)
            if path.is_dir():
                raise InputError.single(str(path), "is a folder; give a file name for the register")
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        _sqlite_pragmas(engine)
        return engine
    # READ COMMITTED: after an import locks its contract row, each later statement sees what
    # the previous holder of the lock committed (a REPEATABLE READ snapshot would not).
    return create_engine(url, pool_pre_ping=True, isolation_level="READ COMMITTED")


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(None)
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        rev: str | None = MigrationContext.configure(conn).get_current_revision()
        return rev


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the register's schema to `revision` (head by default), in place."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), revision)


class Register:
    """An open register: the engine plus a transaction helper."""

    def __init__(self, url: URL, engine: Engine) -> None:
        self.url = url
        self.engine = engine

    @property
    def shown_url(self) -> str:
        return safe_url(self.url)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: everything in it commits together or not at all."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _unreachable(url: URL, exc: Exception) -> InputError:
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else type(exc).__name__
    secrets = [str(url.password)] if url.password else []
    for key, value in url.query.items():
        if key.lower() in SECRET_PARAMETERS:
            secrets += [value] if isinstance(value, str) else list(value)
    for secret in secrets:
        if secret:
            reason = reason.replace(secret, "***")
    return InputError.single(safe_url(url), f"cannot open the register: {reason}")


def open_register(db: str | None, *, create: bool = False) -> Register:
    """Open (and with `create`, make) a register, upgrading an older schema in place."""
    url = resolve_url(db)
    if (url.get_backend_name() == "sqlite" and not create and url.database
            and not Path(url.database).exists()):
        raise InputError.single(safe_url(url), "no register here yet; run "
                                               "`svauthor track init` first")
    engine = make_engine(url)
    try:
        rev = current_revision(engine)
        if rev is None and not create:
            tables = inspect(engine).get_table_names()
            if tables:
                raise InputError.single(safe_url(url), "this database holds tables that are "
                                                       "not an svauthor register")
            raise InputError.single(safe_url(url), "no register here yet; run "
                                                   "`svauthor track init` first")
        if rev != head_revision():
            upgrade(engine)
    except (OperationalError, SQLAlchemyError) as exc:
        engine.dispose()
        raise _unreachable(url, exc) from None
    except InputError:
        engine.dispose()
        raise
    return Register(url, engine)
