"""The local progress store: SQLAlchemy models, sessions, migrations, backups. No Qt."""

from quizapp.store.errors import (
    AlreadyOpenError,
    CorruptDatabaseError,
    NewerDatabaseError,
    StorageError,
    StoreError,
)
from quizapp.store.store import DB_NAME, Store, database_path, open_store

__all__ = ["DB_NAME", "AlreadyOpenError", "CorruptDatabaseError", "NewerDatabaseError", "StorageError", "Store",
           "StoreError", "database_path", "open_store"]
