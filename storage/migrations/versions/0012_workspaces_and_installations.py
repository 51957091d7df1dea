"""OAuth installs into many workspaces: slack-sdk's installation and OAuth state tables
(storage/models/installations.py, token columns unbounded for their encrypted tokens), and a
project's name and client channel unique within its workspace instead of across all of them

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-14 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

# SQLite's unnamed UNIQUE constraints of 0001 get these names in batch mode, to be dropped.
_NAMED = {'uq': 'uq_%(table_name)s_%(column_0_name)s'}
_POSTGRES_NAMES = {'name': 'project_name_key', 'client_channel_id': 'project_client_channel_id_key'}


def _owner_columns() -> list[sa.Column]:
    return [
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('client_id', sa.String(length=32), nullable=False),
        sa.Column('app_id', sa.String(length=32), nullable=False),
        sa.Column('enterprise_id', sa.String(length=32), nullable=True),
        sa.Column('enterprise_name', sa.String(length=200), nullable=True),
    ]


def _bot_columns() -> list[sa.Column]:
    return [
        sa.Column('bot_token', sa.Text(), nullable=True),
        sa.Column('bot_id', sa.String(length=32), nullable=True),
        sa.Column('bot_user_id', sa.String(length=32), nullable=True),
        sa.Column('bot_scopes', sa.String(length=1000), nullable=True),
        sa.Column('bot_refresh_token', sa.Text(), nullable=True),
        sa.Column('bot_token_expires_at', sa.DateTime(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table('slack_installations',
    *_owner_columns(),
    sa.Column('enterprise_url', sa.String(length=200), nullable=True),
    sa.Column('team_id', sa.String(length=32), nullable=True),
    sa.Column('team_name', sa.String(length=200), nullable=True),
    *_bot_columns(),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('user_token', sa.Text(), nullable=True),
    sa.Column('user_scopes', sa.String(length=1000), nullable=True),
    sa.Column('user_refresh_token', sa.Text(), nullable=True),
    sa.Column('user_token_expires_at', sa.DateTime(), nullable=True),
    sa.Column('incoming_webhook_url', sa.String(length=200), nullable=True),
    sa.Column('incoming_webhook_channel', sa.String(length=200), nullable=True),
    sa.Column('incoming_webhook_channel_id', sa.String(length=200), nullable=True),
    sa.Column('incoming_webhook_configuration_url', sa.String(length=200), nullable=True),
    sa.Column('is_enterprise_install', sa.Boolean(), nullable=False),
    sa.Column('token_type', sa.String(length=32), nullable=True),
    sa.Column('installed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('slack_installations_idx', 'slack_installations',
                    ['client_id', 'enterprise_id', 'team_id', 'user_id', 'installed_at'], unique=False)
    op.create_table('slack_bots',
    *_owner_columns(),
    sa.Column('team_id', sa.String(length=32), nullable=True),
    sa.Column('team_name', sa.String(length=200), nullable=True),
    *_bot_columns(),
    sa.Column('is_enterprise_install', sa.Boolean(), nullable=False),
    sa.Column('installed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('slack_bots_idx', 'slack_bots',
                    ['client_id', 'enterprise_id', 'team_id', 'installed_at'], unique=False)
    op.create_table('slack_oauth_states',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('state', sa.String(length=200), nullable=False),
    sa.Column('expire_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    _project_unique(within_team=True)


def downgrade() -> None:
    _project_unique(within_team=False)
    op.drop_table('slack_oauth_states')
    op.drop_index('slack_bots_idx', table_name='slack_bots')
    op.drop_table('slack_bots')
    op.drop_index('slack_installations_idx', table_name='slack_installations')
    op.drop_table('slack_installations')


def _project_unique(*, within_team: bool) -> None:
    """A project's name and client channel: unique within its workspace (within_team), or
    across all of them as before (a downgrade fails while two workspaces share one)."""
    postgres = op.get_bind().dialect.name == 'postgresql'
    old = {column: _POSTGRES_NAMES[column] if postgres else f'uq_project_{column}'
           for column in ('name', 'client_channel_id')}
    new = {'name': 'uq_project_team_name', 'client_channel_id': 'uq_project_team_client_channel'}
    with op.batch_alter_table('project', naming_convention=_NAMED) as batch_op:
        for column in ('name', 'client_channel_id'):
            if within_team:
                batch_op.drop_constraint(old[column], type_='unique')
                batch_op.create_unique_constraint(new[column], ['team_id', column])
            else:
                batch_op.drop_constraint(new[column], type_='unique')
                batch_op.create_unique_constraint(old[column], [column])
