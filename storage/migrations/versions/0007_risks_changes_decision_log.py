"""risks, change requests, approvers and one append-only decision log

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 17:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.models


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

# Who did what stays as it happened: the database itself refuses to change or drop a log row.
APPEND_ONLY = {
    'sqlite': [
        "CREATE TRIGGER event_no_update BEFORE UPDATE ON event "
        "BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END",
        "CREATE TRIGGER event_no_delete BEFORE DELETE ON event "
        "BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END",
    ],
    'postgresql': [
        "CREATE FUNCTION event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'the decision log is append-only'; END $$",
        "CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event "
        "FOR EACH ROW EXECUTE FUNCTION event_append_only()",
    ],
}


def upgrade() -> None:
    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('ref', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('actor_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('from_state', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True),
    sa.Column('to_state', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_subject_id'), ['subject_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_at'), ['at'], unique=False)

    # The feedback history moves into the one log, in its original order.
    op.execute(
        "INSERT INTO event (project_id, subject, subject_id, ref, action, actor_id, from_state, "
        "to_state, note, at) "
        "SELECT f.project_id, 'feedback', e.feedback_id, 'FB-' || f.number, e.action, "
        "e.actor_id, CASE WHEN e.action = 'created' THEN NULL ELSE 'open' END, "
        "CASE WHEN e.action = 'created' THEN 'open' ELSE e.action END, e.note, e.at "
        "FROM feedbackevent e JOIN feedback f ON f.id = e.feedback_id ORDER BY e.id"
    )
    with op.batch_alter_table('feedbackevent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedbackevent_feedback_id'))
    op.drop_table('feedbackevent')

    op.create_table('risk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('severity', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('likelihood', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('owner_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('mitigation', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('visibility', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('created_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('closed_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('close_note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('project_id', 'number')
    )
    with op.batch_alter_table('risk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_risk_created_at'), ['created_at'], unique=False)

    op.create_table('changerequest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('scope_impact', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('schedule_days', sa.Integer(), nullable=False),
    sa.Column('cost_cents', sa.Integer(), nullable=False),
    sa.Column('requested_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('proposed_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('decided_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decision_note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('created_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('project_id', 'number')
    )
    with op.batch_alter_table('changerequest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_changerequest_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_changerequest_created_at'), ['created_at'], unique=False)

    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.add_column(sa.Column('risk_counter', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('change_counter', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approver', sa.Boolean(), nullable=False, server_default=sa.false()))

    for statement in APPEND_ONLY.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS event_append_only ON event")
        op.execute("DROP FUNCTION IF EXISTS event_append_only()")
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_column('approver')
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_column('change_counter')
        batch_op.drop_column('risk_counter')
    op.drop_table('changerequest')
    op.drop_table('risk')
    op.create_table('feedbackevent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('feedback_id', sa.Integer(), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('actor_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['feedback_id'], ['feedback.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('feedbackevent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedbackevent_feedback_id'), ['feedback_id'], unique=False)
    op.execute(
        "INSERT INTO feedbackevent (feedback_id, action, actor_id, note, at) "
        "SELECT subject_id, action, actor_id, note, at FROM event "
        "WHERE subject = 'feedback' ORDER BY id"
    )
    op.drop_table('event')
