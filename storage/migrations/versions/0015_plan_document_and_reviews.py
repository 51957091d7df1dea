"""the plan as a document (goal, background, its canvas or message, version) and the quarterly
communication review

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-08 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.models


revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.add_column(sa.Column('goal', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('background', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('review_every_months', sa.Integer(), nullable=False, server_default='3'))
        batch_op.add_column(sa.Column('plan_canvas_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column('plan_message_ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column('document_version', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('document_published_at', storage.models.UTCDateTime(timezone=True), nullable=True))

    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('opened_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closes_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('voter_secret', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('note_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('note_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_project_id'), ['project_id'], unique=False)

    op.create_table('reviewanswer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('voter_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('side', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('cadence', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('useful', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('change', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('answered_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('review_id', 'voter_key')
    )
    with op.batch_alter_table('reviewanswer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviewanswer_review_id'), ['review_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reviewanswer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviewanswer_review_id'))
    op.drop_table('reviewanswer')
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_project_id'))
    op.drop_table('review')
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_column('document_published_at')
        batch_op.drop_column('document_version')
        batch_op.drop_column('plan_message_ts')
        batch_op.drop_column('plan_canvas_id')
        batch_op.drop_column('review_every_months')
        batch_op.drop_column('background')
        batch_op.drop_column('goal')
