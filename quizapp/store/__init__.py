"""The local progress store: SQLAlchemy models, sessions, migrations, backups. No Qt."""

from quizapp.store.errors import CorruptDatabaseError, NewerDatabaseError, StoreError
from quizapp.store.store import DB_NAME, Store, database_path, open_store

__all__ = ["DB_NAME", "CorruptDatabaseError", "NewerDatabaseError", "Store", "StoreError", "database_path",
           "open_store"]
