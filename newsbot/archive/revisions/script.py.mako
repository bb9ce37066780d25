"""${message}

Runs on SQLite and PostgreSQL alike (docs/migrations.md): branch on op.get_bind().dialect.name only where the two
must differ. Change newsbot/archive/schema.py to the same shape, and SCHEMA_VERSION to this revision's number.
"""

import sqlalchemy as sa
from alembic import op

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}
