"""The local progress store: SQLAlchemy models, sessions, migrations, backups. No Qt."""
