"""Junction entities: parties through which several suppliers' goods or several commodity chains pass,
found by betweenness centrality on the goods graph (sale and shipment links), computed per connected
component so that unrelated networks in one store do not dilute each other."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..model import make_id
from ..settings import FlagThresholds
from .model import Evidence, Flag, Relation

GOODS_TYPES = ("sale", "shipment")


def goods_graph(relations: list[Relation]) -> Any:
    """Parties as nodes, one undirected edge wherever goods moved between two of them (a networkx Graph)."""
    import networkx as nx  # type: ignore[import-untyped]  # loaded when a graph is built, not on import

    g = nx.Graph()
    for r in relations:
        if r.type in GOODS_TYPES:
            g.add_edge(r.source_id, r.target_id)
    return g


def centrality(relations: list[Relation]) -> dict[str, tuple[float, float]]:
    """Per party: (betweenness normalised within its component, pairs of parties whose shortest links pass it)."""
    import networkx as nx  # type: ignore[import-untyped]

    g = goods_graph(relations)
    out: dict[str, tuple[float, float]] = {}
    for nodes in nx.connected_components(g):
        sub = g.subgraph(nodes)
        norm = nx.betweenness_centrality(sub, normalized=True)
        raw = nx.betweenness_centrality(sub, normalized=False)
        for n in nodes:
            out[n] = (round(norm[n], 4), round(raw[n], 2))
    return out


def junction_flags(relations: list[Relation], th: FlagThresholds) -> list[Flag]:
    goods = [r for r in relations if r.type in GOODS_TYPES]
    suppliers: dict[str, dict[str, list[Relation]]] = defaultdict(lambda: defaultdict(list))
    customers: dict[str, set[str]] = defaultdict(set)
    for r in goods:
        suppliers[r.target_id][r.source_id].append(r)
        customers[r.source_id].add(r.target_id)
    flags = []
    for entity, (norm, pairs) in sorted(centrality(relations).items()):
        incoming = suppliers.get(entity, {})
        if len(incoming) < th.junction_min_suppliers or pairs < th.junction_min_pairs \
                or norm < th.junction_min_centrality:
            continue
        chains = sorted({r.commodity for rs in incoming.values() for r in rs if r.commodity})
        categories = sorted({r.category for rs in incoming.values() for r in rs if r.category})
        reason = (f"{len(incoming)} suppliers' goods ({', '.join(chains) or 'unspecified goods'}; "
                  f"{len(categories)} commodity categories) pass through it"
                  + (f" on to {len(customers[entity])} customer(s)" if customers.get(entity) else "")
                  + f": the shortest links of {pairs:.0f} pairs of parties in its network run through it "
                    f"(betweenness {norm:.2f}).")
        evidence = tuple(dict.fromkeys(
            Evidence(r.document_id, r.page, r.bbox, f"{r.type} of {r.commodity or 'goods'} from a supplier")
            for rs in incoming.values() for r in rs))
        flags.append(Flag(make_id("flg", "junction", entity), "junction", entity, round(min(1.0, norm), 3), reason,
                          evidence, {"suppliers": sorted(incoming), "commodities": chains, "categories": categories,
                                     "betweenness": norm, "pairs": pairs}))
    return flags
