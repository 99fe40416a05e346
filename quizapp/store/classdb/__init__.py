"""The class database on PostgreSQL: models, migrations, roles and row-level security, connections.

Nothing here imports psycopg until a server is contacted, so the app starts without the `class` extra.
"""
