"""The database of every environment: ``DATABASE_URL`` (PostgreSQL in production and CI), a
SQLite file when it is unset, and PostgreSQL's planner options for the site's connections."""

import dj_database_url

#: Environment variable → (PostgreSQL setting, advised value), passed as a connection option
#: (``-c name=value``) when the variable is set; unset, the server's own setting (PgBouncer
#: refuses these options: set them on the role instead, docs/deployment.md). The bench runs
#: with the advised values unless the environment gives others.
PLANNER_SETTINGS = {
    # Parallel workers per query: they compete with the web processes for the cores.
    "DB_PARALLEL_WORKERS": ("max_parallel_workers_per_gather", 0),
    # How many explicit JOINs the planner reorders (8 by default): the site's page queries
    # join up to a dozen tables, and planning them took 5-10 times longer than running them.
    "DB_JOIN_COLLAPSE_LIMIT": ("join_collapse_limit", 3),
}


def databases(environ, base_dir):
    """``DATABASES`` for the environment ``environ``."""
    default = dj_database_url.config(
        default=f"sqlite:///{base_dir / 'db.sqlite3'}",
        conn_max_age=int(environ.get("DB_CONN_MAX_AGE", "0")),
    )
    options = [
        f"-c {setting}={int(environ[variable])}"
        for variable, (setting, _advised) in PLANNER_SETTINGS.items()
        if environ.get(variable)
    ]
    if options and "postgresql" in default["ENGINE"]:
        default.setdefault("OPTIONS", {})["options"] = " ".join(options)
    return {"default": default}
