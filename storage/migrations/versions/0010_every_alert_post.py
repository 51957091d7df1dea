"""clientmessage.alert_posts: every post of a response-time alert (an owner's DM each, when the
project has no internal channel), in place of the one channel and ts that were kept

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_MESSAGES = sa.table(
    'clientmessage',
    sa.column('id', sa.Integer()),
    sa.column('alert_channel_id', sa.String()),
    sa.column('alert_ts', sa.String()),
    sa.column('alert_posts', sa.JSON()),
)


def upgrade() -> None:
    with op.batch_alter_table('clientmessage', schema=None) as batch_op:
        batch_op.add_column(sa.Column('alert_posts', sa.JSON(), nullable=True))
    connection = op.get_bind()
    kept = connection.execute(
        sa.select(_MESSAGES.c.id, _MESSAGES.c.alert_channel_id, _MESSAGES.c.alert_ts).where(
            _MESSAGES.c.alert_ts.is_not(None), _MESSAGES.c.alert_channel_id.is_not(None)
        )
    ).all()
    for message_id, channel_id, ts in kept:
        # Who read an alert kept before is unknown: it is updated in the project's language.
        posts = [{'channel': channel_id, 'ts': ts, 'reader': None}]
        connection.execute(
            sa.update(_MESSAGES).where(_MESSAGES.c.id == message_id).values(alert_posts=posts)
        )
    with op.batch_alter_table('clientmessage', schema=None) as batch_op:
        batch_op.drop_column('alert_ts')
        batch_op.drop_column('alert_channel_id')


def downgrade() -> None:
    with op.batch_alter_table('clientmessage', schema=None) as batch_op:
        batch_op.add_column(sa.Column('alert_channel_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column('alert_ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
    connection = op.get_bind()
    kept = connection.execute(
        sa.select(_MESSAGES.c.id, _MESSAGES.c.alert_posts).where(_MESSAGES.c.alert_posts.is_not(None))
    ).all()
    for message_id, posts in kept:
        if posts:  # only one post fits the old columns: the first, as before
            connection.execute(
                sa.update(_MESSAGES)
                .where(_MESSAGES.c.id == message_id)
                .values(alert_channel_id=posts[0]['channel'], alert_ts=posts[0]['ts'])
            )
    with op.batch_alter_table('clientmessage', schema=None) as batch_op:
        batch_op.drop_column('alert_posts')
