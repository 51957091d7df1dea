"""project.holiday_region and project.days_off (the working calendar), and timeoff (a person's
time off, whatever their projects)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 14:02:54
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.models


revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('timeoff',
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('timezone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('starts_at', storage.models.columns.UTCDateTime(timezone=True), nullable=False),
    sa.Column('back_at', storage.models.columns.UTCDateTime(timezone=True), nullable=False),
    sa.Column('set_at', storage.models.columns.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('user_id')
    )
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.add_column(sa.Column('holiday_region', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch_op.add_column(sa.Column('days_off', sqlmodel.sql.sqltypes.AutoString(length=1200), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_column('days_off')
        batch_op.drop_column('holiday_region')
    op.drop_table('timeoff')
