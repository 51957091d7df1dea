"""client messages and team replies for first-response times, and working hours

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 17:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.models


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('clientmessage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('thread_ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('author_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('received_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answered_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('answered_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('answer_ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('response_seconds', sa.Integer(), nullable=True),
    sa.Column('withdrawn', sa.Boolean(), nullable=False),
    sa.Column('alerted_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('alert_channel_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('alert_ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('channel_id', 'ts')
    )
    with op.batch_alter_table('clientmessage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clientmessage_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_clientmessage_received_at'), ['received_at'], unique=False)

    op.create_table('teamreply',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('thread_ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('channel_id', 'ts')
    )
    with op.batch_alter_table('teamreply', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_teamreply_channel_id'), ['channel_id'], unique=False)

    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.add_column(sa.Column('work_days', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False, server_default='01234'))
        batch_op.add_column(sa.Column('work_start', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False, server_default='09:00'))
        batch_op.add_column(sa.Column('work_end', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False, server_default='18:00'))


def downgrade() -> None:
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_column('work_end')
        batch_op.drop_column('work_start')
        batch_op.drop_column('work_days')
    op.drop_table('teamreply')
    op.drop_table('clientmessage')
