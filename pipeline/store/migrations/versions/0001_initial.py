"""Initial schema: documents, pages, fields, mentions, commodities, entities, judgements.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('commodities',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('page', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('commodity', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=64), nullable=True),
    sa.Column('hs_code', sa.String(length=16), nullable=True),
    sa.Column('quantity', sa.Float(), nullable=True),
    sa.Column('unit', sa.String(length=32), nullable=True),
    sa.Column('quantity_si', sa.Float(), nullable=True),
    sa.Column('unit_si', sa.String(length=8), nullable=True),
    sa.Column('watchlist', sa.Boolean(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=True),
    sa.Column('end', sa.Integer(), nullable=True),
    sa.Column('bbox', sa.JSON(), nullable=True),
    sa.Column('extractor', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_commodities_document_id'), 'commodities', ['document_id'], unique=False)
    op.create_table('document_names',
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('document_id', 'path')
    )
    op.create_table('documents',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('media_type', sa.String(length=128), nullable=True),
    sa.Column('size', sa.BigInteger(), nullable=True),
    sa.Column('archive_path', sa.Text(), nullable=True),
    sa.Column('doc_type', sa.String(length=32), nullable=True),
    sa.Column('doc_type_confidence', sa.Float(), nullable=True),
    sa.Column('pages', sa.Integer(), nullable=True),
    sa.Column('languages', sa.JSON(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('warnings', sa.JSON(), nullable=True),
    sa.Column('received_at', sa.String(length=40), nullable=False),
    sa.Column('parent_id', sa.String(length=64), nullable=True),
    sa.Column('processed_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('entities',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('country', sa.String(length=8), nullable=True),
    sa.Column('geonames_id', sa.Integer(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('replaced_by', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('entity_keys',
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('core', sa.Text(), nullable=False),
    sa.Column('legal_forms', sa.Text(), nullable=False),
    sa.Column('entity_id', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('type', 'core', 'legal_forms')
    )
    op.create_index(op.f('ix_entity_keys_entity_id'), 'entity_keys', ['entity_id'], unique=False)
    op.create_table('entity_tokens',
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('token', sa.String(length=128), nullable=False),
    sa.Column('entity_id', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('type', 'token', 'entity_id')
    )
    op.create_table('fields',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('page', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('mention_id', sa.String(length=40), nullable=True),
    sa.Column('start', sa.Integer(), nullable=True),
    sa.Column('end', sa.Integer(), nullable=True),
    sa.Column('bbox', sa.JSON(), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('extractor', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_fields_document_id'), 'fields', ['document_id'], unique=False)
    op.create_table('judgements',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('a', sa.String(length=40), nullable=False),
    sa.Column('b', sa.String(length=40), nullable=False),
    sa.Column('verdict', sa.String(length=16), nullable=False),
    sa.Column('user', sa.String(length=128), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('mentions',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=40), nullable=True),
    sa.Column('entity_type', sa.String(length=16), nullable=False),
    sa.Column('page', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('label', sa.String(length=64), nullable=True),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('bbox', sa.JSON(), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('extractor', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_mentions_document_id'), 'mentions', ['document_id'], unique=False)
    op.create_index(op.f('ix_mentions_entity_id'), 'mentions', ['entity_id'], unique=False)
    op.create_table('pages',
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('page', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=8), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('width', sa.Float(), nullable=True),
    sa.Column('height', sa.Float(), nullable=True),
    sa.Column('bbox_unit', sa.String(length=4), nullable=True),
    sa.Column('dpi', sa.Integer(), nullable=True),
    sa.Column('languages', sa.JSON(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('words', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('document_id', 'page')
    )


def downgrade() -> None:
    op.drop_table('pages')
    op.drop_index(op.f('ix_mentions_entity_id'), table_name='mentions')
    op.drop_index(op.f('ix_mentions_document_id'), table_name='mentions')
    op.drop_table('mentions')
    op.drop_table('judgements')
    op.drop_index(op.f('ix_fields_document_id'), table_name='fields')
    op.drop_table('fields')
    op.drop_table('entity_tokens')
    op.drop_index(op.f('ix_entity_keys_entity_id'), table_name='entity_keys')
    op.drop_table('entity_keys')
    op.drop_table('entities')
    op.drop_table('documents')
    op.drop_table('document_names')
    op.drop_index(op.f('ix_commodities_document_id'), table_name='commodities')
    op.drop_table('commodities')
