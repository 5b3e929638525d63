"""The entity store's tables as SQLAlchemy Core objects, for queries. The migrations create them;
a test checks that the two agree."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

documents = sa.Table(
    "documents", metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # SHA-256 of the bytes
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("media_type", sa.String(128)),
    sa.Column("size", sa.BigInteger),
    sa.Column("archive_path", sa.Text),
    sa.Column("doc_type", sa.String(32)),
    sa.Column("doc_type_confidence", sa.Float),
    sa.Column("pages", sa.Integer),
    sa.Column("languages", sa.JSON),
    sa.Column("status", sa.String(16), nullable=False),  # processed | failed
    sa.Column("error", sa.Text),
    sa.Column("warnings", sa.JSON),
    sa.Column("received_at", sa.String(40), nullable=False),
    sa.Column("parent_id", sa.String(64)),
    sa.Column("processed_by", sa.String(64)),  # pipeline version that produced the stored results
)

document_names = sa.Table(
    "document_names", metadata,
    sa.Column("document_id", sa.String(64), primary_key=True),
    sa.Column("path", sa.Text, primary_key=True),
    sa.Column("file_name", sa.Text, nullable=False),
)

pages = sa.Table(
    "pages", metadata,
    sa.Column("document_id", sa.String(64), primary_key=True),
    sa.Column("page", sa.Integer, primary_key=True),
    sa.Column("method", sa.String(8), nullable=False),
    sa.Column("confidence", sa.Float),
    sa.Column("width", sa.Float),
    sa.Column("height", sa.Float),
    sa.Column("bbox_unit", sa.String(4)),
    sa.Column("dpi", sa.Integer),
    sa.Column("languages", sa.JSON),
    sa.Column("cleanup", sa.JSON),  # image clean-up steps applied before OCR
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("words", sa.JSON),  # [[text, x0, y0, x1, y1, confidence, start, end], ...]
)

fields = sa.Table(
    "fields", metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("document_id", sa.String(64), nullable=False, index=True),
    sa.Column("page", sa.Integer, nullable=False),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("mention_id", sa.String(40)),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("bbox", sa.JSON),
    sa.Column("confidence", sa.Float),
    sa.Column("extractor", sa.String(64)),
)

line_items = sa.Table(
    "line_items", metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("document_id", sa.String(64), nullable=False, index=True),
    sa.Column("page", sa.Integer, nullable=False),
    sa.Column("index", sa.Integer, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("quantity", sa.Float),
    sa.Column("unit", sa.String(32)),
    sa.Column("unit_price", sa.Float),
    sa.Column("amount", sa.Float),
    sa.Column("hs_code", sa.String(16)),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("bbox", sa.JSON),
    sa.Column("confidence", sa.Float),
    sa.Column("extractor", sa.String(64)),
)

mentions = sa.Table(
    "mentions", metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("document_id", sa.String(64), nullable=False, index=True),
    sa.Column("entity_id", sa.String(40), index=True),  # NULL until resolved
    sa.Column("entity_type", sa.String(16), nullable=False),
    sa.Column("page", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("label", sa.String(64)),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("bbox", sa.JSON),
    sa.Column("confidence", sa.Float),
    sa.Column("extractor", sa.String(64)),
)

commodities = sa.Table(
    "commodities", metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("document_id", sa.String(64), nullable=False, index=True),
    sa.Column("page", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("commodity", sa.Text, nullable=False),
    sa.Column("category", sa.String(64)),
    sa.Column("hs_code", sa.String(16)),
    sa.Column("quantity", sa.Float),
    sa.Column("unit", sa.String(32)),
    sa.Column("quantity_si", sa.Float),
    sa.Column("unit_si", sa.String(8)),
    sa.Column("watchlist", sa.Boolean, nullable=False),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("bbox", sa.JSON),
    sa.Column("extractor", sa.String(64)),
    sa.Column("hs_code_written", sa.String(16)),  # the code written beside it on the page, when one is
)

# Every HS / GTİP code written on a page, checked against the HS 2022 nomenclature (migration 0008).
hs_codes = sa.Table(
    "hs_codes", metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("document_id", sa.String(64), nullable=False, index=True),
    sa.Column("page", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("hs_code", sa.String(16), nullable=False, index=True),
    sa.Column("valid", sa.Boolean, nullable=False),
    sa.Column("description", sa.Text),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("bbox", sa.JSON),
    sa.Column("extractor", sa.String(64)),
)

entities = sa.Table(
    "entities", metadata,
    sa.Column("id", sa.String(40), primary_key=True),  # minted once, never renamed
    sa.Column("type", sa.String(16), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("country", sa.String(8)),
    sa.Column("geonames_id", sa.Integer, index=True),  # a place found by its GeoNames id, in any store size
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("replaced_by", sa.String(40)),  # set when merged away: the id redirects there
    sa.Column("created_at", sa.String(40), nullable=False),
)

entity_keys = sa.Table(
    "entity_keys", metadata,
    sa.Column("type", sa.String(16), primary_key=True),
    sa.Column("core", sa.Text, primary_key=True),
    sa.Column("legal_forms", sa.Text, primary_key=True),
    sa.Column("entity_id", sa.String(40), nullable=False, index=True),
    sa.Column("arabic", sa.Boolean),  # Arabic script or particles: compared by consonant skeletons too
    sa.Column("anchor", sa.Boolean),  # the spelling that founded the entity: new ones must stay close to it
)

entity_tokens = sa.Table(  # blocking index: an incoming name is compared only with entities sharing a token
    "entity_tokens", metadata,
    sa.Column("type", sa.String(16), primary_key=True),
    sa.Column("token", sa.String(128), primary_key=True),
    sa.Column("entity_id", sa.String(40), primary_key=True),
)

person_skeletons = sa.Table(  # a person mention's consonant skeleton: extract/namelink links scripts by it
    "person_skeletons", metadata,
    sa.Column("mention_id", sa.String(40), primary_key=True),
    sa.Column("skeleton", sa.String(128), nullable=False),
    sa.Column("arabic", sa.Boolean, nullable=False),  # written in Arabic script
    sa.Index("ix_person_skeletons_skeleton", "skeleton", "arabic"),
)

judgements = sa.Table(
    "judgements", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("a", sa.String(40), nullable=False, index=True),  # entity or mention ids
    sa.Column("b", sa.String(40), nullable=False, index=True),
    sa.Column("verdict", sa.String(16), nullable=False),  # same | different | unsure
    sa.Column("user", sa.String(128), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
)

review_pairs = sa.Table(  # entities the resolver nearly merged: the review queue
    "review_pairs", metadata,
    sa.Column("a", sa.String(40), primary_key=True),
    sa.Column("b", sa.String(40), primary_key=True),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
)

relations = sa.Table(  # the transaction graph (issue 7): rebuilt whole from the documents after resolution
    "relations", metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("type", sa.String(16), nullable=False),  # sale | shipment | notify | signatory | attention
    sa.Column("source_id", sa.String(40), nullable=False, index=True),
    sa.Column("target_id", sa.String(40), nullable=False, index=True),
    sa.Column("commodity", sa.Text),
    sa.Column("category", sa.String(64)),
    sa.Column("watchlist", sa.Boolean, nullable=False),
    sa.Column("quantity", sa.Float),
    sa.Column("unit", sa.String(32)),
    sa.Column("quantity_si", sa.Float),
    sa.Column("unit_si", sa.String(8)),
    sa.Column("value", sa.Float),
    sa.Column("currency", sa.String(8)),
    sa.Column("date", sa.String(10)),
    sa.Column("document_id", sa.String(64), nullable=False, index=True),
    sa.Column("page", sa.Integer, nullable=False),
    sa.Column("bbox", sa.JSON),
    sa.Column("shipment_id", sa.String(40), nullable=False),
)

graph_state = sa.Table(  # what relations and flags were last built from: a batch that changed nothing skips them
    "graph_state", metadata,
    sa.Column("part", sa.String(16), primary_key=True),  # relations | flags
    sa.Column("fingerprint", sa.String(64), nullable=False),  # graph.fingerprint of the facts, thresholds and code
    sa.Column("built_at", sa.String(40), nullable=False),
)

flags = sa.Table(  # red flags (issue 7): rebuilt whole after the relations
    "flags", metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("entity_id", sa.String(40), nullable=False, index=True),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("evidence", sa.JSON, nullable=False),  # [{document_id, page, bbox, what}, ...]
    sa.Column("details", sa.JSON),
)
