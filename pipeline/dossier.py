"""An investigator's dossier on one entity: its names, documents, transactions and red flags, each key
fact beside the crop of the page where it was read; and its network as GEXF or GraphML for Gephi or
Cytoscape. Everything is read from the store and the archive; nothing is fetched."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from .crops import crop_png
from .fold import fold
from .graph import load_flags, load_relations
from .graph.model import Evidence, Relation
from .model import make_id
from .store import schema as t

TEMPLATE = Path(__file__).resolve().parent / "templates" / "dossier.html"
GRAPH_RADIUS = 2


class DossierError(ValueError):
    """The entity asked for is not in the store, or several are."""


@dataclass(frozen=True, slots=True)
class Written:
    html: Path
    graph: Path
    crops: int
    flags: int


def find_entity(conn: sa.Connection, query: str) -> dict[str, Any]:
    """An entity by id (a retired id leads to its survivor) or by one of its names or spellings."""
    rows = {r["id"]: dict(r) for r in conn.execute(sa.select(t.entities)).mappings()}
    if query in rows:
        row, seen = rows[query], set()
        while row["replaced_by"] in rows and row["id"] not in seen:
            seen.add(row["id"])
            row = rows[row["replaced_by"]]
        return row
    key = " ".join(fold(query).split())
    spellings = conn.execute(sa.select(t.mentions.c.entity_id, t.mentions.c.text)
                             .where(t.mentions.c.entity_id.is_not(None))).all()
    hits = {eid for eid, text in spellings if " ".join(fold(text).split()) == key}
    hits |= {eid for eid, r in rows.items() if " ".join(fold(r["name"]).split()) == key}
    if not hits:
        hits = {eid for eid, text in spellings if key in " ".join(fold(text).split())}
    live = sorted({find_entity(conn, h)["id"] for h in hits if h in rows})
    if len(live) != 1:
        detail = ", ".join(f"{e} ({rows[e]['name']})" for e in live[:10])
        raise DossierError(f"no entity named {query!r}" if not live else f"{query!r} names several entities: {detail}")
    return rows[live[0]]


def write_dossier(conn: sa.Connection, query: str, out: Path, graph_format: str = "gexf") -> Written:
    """Write `index.html`, `crops/*.png` and `graph.gexf` (or `graph.graphml`) for an entity into `out`."""
    import jinja2

    entity = find_entity(conn, query)
    eid = entity["id"]
    names = _names(conn)
    relations = load_relations(conn)
    mine = [r for r in relations if eid in (r.source_id, r.target_id)]
    flags = load_flags(conn, eid)
    docs = _documents(conn, eid, mine, [e for f in flags for e in f.evidence])
    (out / "crops").mkdir(parents=True, exist_ok=True)
    cropper = _Cropper(conn, out, docs)
    aliases = _aliases(conn, eid, entity["name"], docs, cropper)
    transactions = [{
        "type": r.type, "direction": "to" if r.source_id == eid else "from",
        "counterpart": names.get(r.target_id if r.source_id == eid else r.source_id, "?"),
        "commodity": r.commodity, "quantity": _qty(r), "value": f"{r.value:,.2f} {r.currency or ''}" if r.value else "",
        "date": r.date or "", "watchlist": r.watchlist, "document": docs[r.document_id]["file_name"],
        "page": r.page, "crop": cropper.crop(Evidence(r.document_id, r.page, r.bbox)),
    } for r in sorted(mine, key=lambda r: (r.date or "", r.type, r.id))]
    flag_views = [{"type": f.type, "score": f.score, "reason": f.reason, "evidence": [
        {"what": e.what, "document": docs[e.document_id]["file_name"] if e.document_id in docs else e.document_id,
         "page": e.page, "crop": cropper.crop(e)} for e in f.evidence]} for f in flags]
    graph_path = out / f"graph.{graph_format}"
    write_graph(relations, names, eid, graph_path, graph_format)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE.parent), autoescape=True)
    html = env.get_template(TEMPLATE.name).render(
        entity=entity, aliases=aliases, documents=sorted(docs.values(), key=lambda d: d["file_name"]),
        transactions=transactions, flags=flag_views, graph_file=graph_path.name)
    (out / "index.html").write_text(html, "utf-8")
    return Written(out / "index.html", graph_path, cropper.count, len(flags))


def _aliases(conn: sa.Connection, eid: str, name: str, docs: dict[str, dict[str, Any]],
             cropper: "_Cropper") -> list[dict[str, Any]]:
    """Each spelling of the entity, with the first place it was read (boxed ones first) and its crop."""
    first: dict[str, tuple[Any, ...]] = {}
    for text, doc, page, bbox in conn.execute(
            sa.select(t.mentions.c.text, t.mentions.c.document_id, t.mentions.c.page, t.mentions.c.bbox)
            .where(t.mentions.c.entity_id == eid)
            .order_by(t.mentions.c.document_id, t.mentions.c.page, t.mentions.c.start)):
        key = " ".join(text.split())
        if key not in first or (bbox and not first[key][2]):
            first[key] = (doc, page, bbox)
    out = [{"name": key, "document": docs[doc]["file_name"] if doc in docs else doc, "page": page,
            "crop": cropper.crop(Evidence(doc, page, tuple(bbox) if bbox else None))}  # type: ignore[arg-type]
           for key, (doc, page, bbox) in sorted(first.items())]
    return out or [{"name": name, "document": "", "page": 0, "crop": None}]


def _qty(r: Relation) -> str:
    if r.quantity is None:
        return ""
    return f"{r.quantity:,.0f} {r.unit or ''}".strip() if float(r.quantity).is_integer() else f"{r.quantity:,.2f} {r.unit or ''}"


def _names(conn: sa.Connection) -> dict[str, str]:
    return dict(conn.execute(sa.select(t.entities.c.id, t.entities.c.name)).all())


def _documents(conn: sa.Connection, eid: str, relations: list[Relation], evidence: list[Evidence]) -> dict[str, dict[str, Any]]:
    ids = {r.document_id for r in relations} | {e.document_id for e in evidence}
    ids |= {d for (d,) in conn.execute(sa.select(t.mentions.c.document_id).where(t.mentions.c.entity_id == eid))}
    rows = conn.execute(sa.select(t.documents).where(t.documents.c.id.in_(ids))).mappings()
    return {r["id"]: dict(r) for r in rows}


class _Cropper:
    """Writes each distinct crop once, named by its content address."""

    def __init__(self, conn: sa.Connection, out: Path, docs: dict[str, dict[str, Any]]) -> None:
        self.out, self.docs, self.count = out, docs, 0
        self.pages = {(p["document_id"], p["page"]): dict(p) for p in conn.execute(
            sa.select(t.pages.c.document_id, t.pages.c.page, t.pages.c.bbox_unit, t.pages.c.dpi)
            .where(t.pages.c.document_id.in_(docs))).mappings()}
        self.done: dict[tuple[object, ...], str | None] = {}

    def crop(self, e: Evidence) -> str | None:
        key = (e.document_id, e.page, e.bbox)
        if key not in self.done:
            doc, page = self.docs.get(e.document_id), self.pages.get((e.document_id, e.page))
            png = crop_png(doc["archive_path"], doc["media_type"], page, e.bbox) if doc and page else None
            name = None
            if png:
                name = f"crops/{make_id('crop', *key)}.png"
                (self.out / name).write_bytes(png)
                self.count += 1
            self.done[key] = name
        return self.done[key]


def write_graph(relations: list[Relation], names: dict[str, str], center: str, path: Path, fmt: str) -> None:
    """The network within GRAPH_RADIUS links of an entity, one edge per relation, as GEXF or GraphML."""
    import networkx as nx  # type: ignore[import-untyped]

    g = nx.MultiDiGraph()
    for r in relations:
        g.add_edge(r.source_id, r.target_id, key=r.id, relation=r.type, commodity=r.commodity or "",
                   quantity=r.quantity_si if r.quantity_si is not None else -1.0, unit=r.unit_si or "",
                   date=r.date or "", document=r.document_id, watchlist=r.watchlist)
    if center not in g:
        g.add_node(center)
    near = nx.ego_graph(g.to_undirected(as_view=True), center, radius=GRAPH_RADIUS)
    sub = nx.MultiDiGraph(g.subgraph(near.nodes))
    for n in sub.nodes:
        sub.nodes[n]["label"] = names.get(n, n)
        sub.nodes[n]["focus"] = n == center
    (nx.write_gexf if fmt == "gexf" else nx.write_graphml)(sub, path)
