"""Page data: the SPARQL of ``sparql/*.rq`` run against the store, shaped for the templates.

Input: an open (read-only) pyoxigraph store and an IRI. Output: plain dicts and lists for the Jinja2
templates (entity, document, class and generic resource pages, the graph neighbourhood) and the
triples of an IRI's RDF description. Every query text lives in ``sparql/``, one file per question,
and takes its IRI through ``substitutions`` (never pasted into the text), so the queries can be
adapted to a changed data model without touching this module's logic.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from markupsafe import Markup, escape

from ..config import ID_BASE, ONTOLOGY_NS

SPARQL_DIR = Path(__file__).parent / "sparql"
CORE = ("Agency", "Policy", "Program", "Company", "LoanProduct", "Organization", "Place", "Person")
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PREFIXES = {
    "zc": ONTOLOGY_NS, "id": ID_BASE, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": RDFS,
    "skos": SKOS, "xsd": "http://www.w3.org/2001/XMLSchema#", "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/", "owl": "http://www.w3.org/2002/07/owl#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#", "qb": "http://purl.org/linked-data/cube#",
    "wd": "http://www.wikidata.org/entity/",
}


def value(term) -> str | None:
    if term is None:
        return None
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)) else str(term)


def number(term):
    v = value(term)
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return int(f) if f.is_integer() else f


def short(iri: str) -> str:
    best = ("", "")
    for p, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best[1]):
            best = (p, ns)
    return f"{best[0]}:{iri[len(best[1]):]}" if best[0] else iri


def local_href(iri: str) -> str:
    """Where a page for ``iri`` lives on this server (minted IRIs and ontology classes), else the IRI."""
    if iri.startswith(ID_BASE):
        return "/id/" + quote(iri[len(ID_BASE):], safe="/-._~")
    if iri.startswith(ONTOLOGY_NS):
        return "/class/" + quote(iri[len(ONTOLOGY_NS):])
    return iri


def highlight(text: str, spans: list[tuple[int, int, str, str, str]]) -> Markup:
    """``text`` escaped, with each (start, end, css class, href, title) span marked; overlapping spans are skipped."""
    out, pos = [], 0
    for start, end, cls, href, title in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if start < pos or start < 0 or end > len(text) or end <= start:
            continue
        out.append(escape(text[pos:start]))
        inner = escape(text[start:end])
        if href:
            inner = Markup('<a href="{}">{}</a>').format(href, inner)
        out.append(Markup('<mark class="{}" title="{}">{}{}</mark>').format(
            cls, title, inner, Markup('<span class="tag">{}</span>').format(title.split(" ")[0]) if title else ""))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


class Pages:
    def __init__(self, store: ox.Store):
        self.store = store
        self.sparql = {p.stem: p.read_text(encoding="utf-8") for p in SPARQL_DIR.glob("*.rq")}
        self._cache: dict = {}

    def q(self, name: str, **bindings) -> list[dict]:
        subs = {ox.Variable(k): v for k, v in bindings.items()}
        answer = self.store.query(self.sparql[name], substitutions=subs or None, use_default_graph_as_union=True)
        names = [v.value for v in answer.variables]
        return [{n: s[n] for n in names} for s in answer]

    # ------------------------------------------------------------------ cached (the snapshot never changes)

    def documents(self) -> list[dict]:
        if "documents" not in self._cache:
            self._cache["documents"] = [{"iri": value(r["doc"]), "title": value(r["title"]) or short(value(r["doc"]))}
                                        for r in self.q("documents")]
        return self._cache["documents"]

    def doc_title(self, iri: str | None) -> str:
        return next((d["title"] for d in self.documents() if d["iri"] == iri), short(iri or ""))

    def classes(self) -> list[dict]:
        if "classes" not in self._cache:
            self._cache["classes"] = [{"iri": value(r["class"]), "zh": value(r["labelZh"]), "en": value(r["labelEn"]),
                                       "n": number(r["n"])} for r in self.q("classes")]
        return self._cache["classes"]

    def class_label(self, iri: str) -> str:
        c = next((c for c in self.classes() if c["iri"] == iri), None)
        return (c["zh"] or c["en"] or short(iri)) if c else short(iri)

    def quads(self) -> int:
        if "quads" not in self._cache:
            self._cache["quads"] = len(self.store)
        return self._cache["quads"]

    # ------------------------------------------------------------------ one IRI

    def kind(self, iri: str) -> str:
        """document, entity, graph, resource or missing."""
        node = ox.NamedNode(iri)
        types = {value(r["type"]) for r in self.q("types", e=node)}
        if ONTOLOGY_NS + "Document" in types:
            return "document"
        if any(ONTOLOGY_NS + c in types for c in CORE):
            return "entity"
        if iri.startswith(ID_BASE + "graph/") and any(True for _ in self.store.quads_for_pattern(None, None, None, node)):
            return "graph"
        if types or self.q("outbound", e=node) or self.q("inbound", e=node):
            return "resource"
        return "missing"

    def description(self, iri: str) -> list[ox.Triple]:
        """The RDF description of an IRI: every triple it is the subject of, and the non-provenance ones pointing at it."""
        node = ox.NamedNode(iri)
        triples = {ox.Triple(node, r["p"], r["o"]) for r in self.q("outbound", e=node)}
        triples |= {ox.Triple(r["s"], r["p"], node) for r in self.q("inbound", e=node)}
        return sorted(triples, key=str)

    def graph_triples(self, iri: str) -> list[ox.Triple]:
        return sorted({ox.Triple(q.subject, q.predicate, q.object)
                       for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(iri))}, key=str)

    def types(self, node) -> list[dict]:
        out = [{"iri": value(r["type"]), "zh": value(r["labelZh"]), "en": value(r["labelEn"]),
                "core": value(r["type"])[len(ONTOLOGY_NS):] in CORE if value(r["type"]).startswith(ONTOLOGY_NS) else False}
               for r in self.q("types", e=node)]
        return sorted(out, key=lambda t: (not t["core"], t["iri"]))

    def labels(self, node) -> dict:
        pref, alt = [], []
        for r in self.q("labels", e=node):
            item = (value(r["label"]), r["label"].language if isinstance(r["label"], ox.Literal) else None)
            (pref if value(r["p"]) != SKOS + "altLabel" else alt).append(item)
        pref = sorted(set(pref))
        alt = sorted(set(alt) - set(pref))
        return {"pref": pref, "alt": alt, "main": pref[0][0] if pref else (alt[0][0] if alt else None)}

    def label_of(self, iri: str | None, cache: dict) -> str:
        """The preferred label of an IRI (one cheap lookup each, remembered for the page being built)."""
        if iri is None:
            return ""
        if iri not in cache:
            cache[iri] = self.labels(ox.NamedNode(iri))["main"] or short(iri)
        return cache[iri]

    def entity(self, iri: str) -> dict:
        node = ox.NamedNode(iri)
        labels = self.labels(node)
        types = self.types(node)
        names: dict[str, str] = {iri: labels["main"] or short(iri)}
        core = next((t["iri"][len(ONTOLOGY_NS):] for t in types if t["core"]), None)
        rules, selfs, others = {}, defaultdict(set), defaultdict(set)
        for direction in ("out", "in"):
            rules.update((value(r["st"]), value(r["rule"])) for r in self.q(f"rules-{direction}", e=node))
            for r in self.q(f"self-mentions-{direction}", e=node):
                selfs[value(r["st"])].add((number(r["begin"]), number(r["end"])))
            for r in self.q(f"other-mentions-{direction}", e=node):
                others[value(r["st"])].add((number(r["begin"]), number(r["end"])))
        relations, counts = [], {}
        for direction in ("out", "in"):
            counts[direction] = sum(number(r["n"]) or 0 for r in self.q(f"relations-{direction}-count", e=node))
            by_st = {}
            for r in self.q(f"relations-{direction}", e=node):
                st = value(r["st"])
                if st in by_st:
                    continue
                sb = number(r["sentenceBegin"]) or 0
                text = value(r["sentenceText"]) or ""
                spans = [(b - sb, e - sb, "hl-self", "", "this entity") for b, e in sorted(selfs.get(st, ()))]
                spans += [(b - sb, e - sb, "hl-other", "", "other end") for b, e in sorted(others.get(st, ()))]
                other = value(r["other"])
                by_st[st] = {"direction": direction, "predicate": value(r["p"]), "other": other,
                             "otherLabel": self.label_of(other, names), "doc": value(r["doc"]),
                             "docTitle": self.doc_title(value(r["doc"])), "rule": rules.get(st), "statement": st,
                             "sentence": highlight(text, spans), "highlighted": bool(spans)}
            relations += sorted(by_st.values(), key=lambda x: (x["predicate"], x["otherLabel"], x["docTitle"]))
        figures, series, figure_total = self.figures(node, names)
        docs = [{"iri": value(r["doc"]), "title": self.doc_title(value(r["doc"])),
                 "mentions": number(r["mentions"])} for r in self.q("documents-of", e=node)]
        links = [{"predicate": value(r["p"]), "target": value(r["target"]), "graph": value(r["g"])}
                 for r in self.q("links", e=node)]
        stated = {(x["predicate"], x["other"]) for x in relations if x["direction"] == "out"}
        props = [{"p": value(r["p"]), "o": r["o"]} for r in self.q("outbound", e=node)
                 if value(r["p"]) not in (RDF_TYPE, SKOS + "prefLabel", SKOS + "altLabel", RDFS + "label")
                 and (value(r["p"]), value(r["o"])) not in stated
                 and value(r["p"]) not in {x["predicate"] for x in links}]
        code = next((value(p["o"]) for p in props if p["p"] == ONTOLOGY_NS + "adminCode"), None)
        return {"iri": iri, "labels": labels, "types": types, "core": core, "relations": relations,
                "relationCount": counts["out"] + counts["in"], "figureCount": figure_total,
                "figures": figures, "series": series, "documents": docs, "links": links, "props": props,
                "adminCode": code}

    def figures(self, node, names: dict) -> tuple[list[dict], list[dict], int]:
        """The observations about ``node`` (at most about 40 per role), the series worth a chart, and how many there are."""
        obs: dict[str, dict] = {}
        zc = lambda local: ONTOLOGY_NS + local  # noqa: E731
        total = 0
        for role in ("subject", "area"):
            total += sum(number(r["n"]) or 0 for r in self.q(f"figures-{role}-count", e=node))
            rows = self.q(f"figures-{role}", e=node)
            if len(rows) >= 480:  # the query's LIMIT: the last observation may be cut off
                last = value(rows[-1]["obs"])
                rows = [r for r in rows if value(r["obs"]) != last]
            for r in rows:
                o = obs.setdefault(value(r["obs"]), {"obs": value(r["obs"]), "role": role, "props": {}})
                o["props"].setdefault(value(r["p"]), r["o"])

        figs = []
        for o in obs.values():
            pr = o["props"]
            if zc("value") not in pr:
                continue
            other = pr.get(zc("area") if o["role"] == "subject" else zc("subject"))
            doc = value(pr.get("http://www.w3.org/ns/prov#wasDerivedFrom"))
            figs.append({"obs": o["obs"], "role": o["role"], "metric": value(pr.get(zc("metric"))) or "",
                         "value": number(pr.get(zc("value"))), "unit": value(pr.get(zc("unit"))) or "",
                         "period": value(pr.get(zc("period"))) or "", "approx": value(pr.get(zc("approximation"))) or "",
                         "anchor": value(pr.get(PREFIXES["nif"] + "anchorOf")) or "",
                         "other": self.label_of(value(other), names) if other is not None else "",
                         "doc": doc, "docTitle": self.doc_title(doc),
                         "begin": number(pr.get(PREFIXES["nif"] + "beginIndex")) or 0})
        figs.sort(key=lambda f: (f["metric"], f["period"], f["docTitle"], f["begin"]))
        groups = defaultdict(dict)
        for f in figs:
            if f["period"] and f["value"] is not None:
                groups[(f["metric"], f["unit"])].setdefault(f["period"], f["value"])
        series = []
        for (metric, unit), points in sorted(groups.items()):
            if len(points) < 2:
                continue
            pts = sorted(points.items())
            top = max(v for _, v in pts) or 1
            width = 48
            bars = [{"x": 10 + i * (width + 12), "h": max(1, round(110 * v / top)), "period": p, "value": v}
                    for i, (p, v) in enumerate(pts)]
            for b in bars:
                b["y"] = 130 - b["h"]
            series.append({"metric": metric, "unit": unit, "bars": bars, "width": width,
                           "svgWidth": 20 + len(bars) * (width + 12)})
        return figs, series, max(total, len(figs))

    def document(self, iri: str) -> dict:
        node = ox.NamedNode(iri)
        sentences = self.q("doc-sentences", doc=node)
        mentions = self.q("doc-mentions", doc=node)
        names, cores = {}, {}
        for r in self.q("doc-entities", doc=node):
            ent, cls = value(r["entity"]), value(r["class"])
            names.setdefault(ent, value(r["label"]))
            if cls.startswith(ONTOLOGY_NS) and cls[len(ONTOLOGY_NS):] in CORE:
                cores[ent] = cls[len(ONTOLOGY_NS):]
        # the text is rebuilt from the sentences at their offsets (the store keeps sentences, not the raw file)
        end = max((number(s["end"]) or 0 for s in sentences), default=0)
        chars = [" "] * end
        for s in sentences:
            b, t = number(s["begin"]), value(s["text"]) or ""
            chars[b:b + len(t)] = list(t)
        text = "".join(chars)
        spans, entities = [], {}
        for m in mentions:
            ent = value(m["entity"])
            core_name = cores.get(ent, "Other")
            label = names.get(ent) or short(ent)
            spans.append((number(m["begin"]), number(m["end"]), "ent ent-" + core_name, local_href(ent),
                          f"{core_name} {label}"))
            entities.setdefault(ent, {"iri": ent, "label": label, "core": core_name, "mentions": 0})["mentions"] += 1
        # paragraphs: a gap between two sentences (a line break in the original) starts a new paragraph
        paragraphs, spans_sorted = [], sorted(spans)
        order = sorted((number(s["begin"]), number(s["end"])) for s in sentences)
        cut = sorted(set([0] + [b for i, (b, _) in enumerate(order) if i and b > order[i - 1][1]] + [len(text)]))
        for a, b in zip(cut, cut[1:]):
            local = [(s - a, e - a, c, h, t) for s, e, c, h, t in spans_sorted if s >= a and e <= b]
            if text[a:b].strip():
                paragraphs.append(highlight(text[a:b].rstrip(), local))
        by_class = defaultdict(list)
        for e in sorted(entities.values(), key=lambda e: e["label"]):
            by_class[e["core"]].append(e)
        rules = {value(r["st"]): value(r["rule"]) for r in self.q("doc-rules", doc=node)}
        label = lambda i: names.get(i) or self.label_of(i, names)  # noqa: E731
        relations = sorted(({"s": value(r["s"]), "sLabel": label(value(r["s"])), "p": value(r["p"]),
                             "o": value(r["o"]), "oLabel": label(value(r["o"])),
                             "sentence": value(r["sentenceText"]), "rule": rules.get(value(r["st"]))}
                            for r in self.q("doc-relations", doc=node)), key=lambda x: (x["p"], x["sLabel"], x["oLabel"]))
        obs: dict[str, dict] = {}
        for r in self.q("doc-figures", doc=node):
            obs.setdefault(value(r["obs"]), {}).setdefault(value(r["p"]), r["o"])
        zc = lambda local: ONTOLOGY_NS + local  # noqa: E731
        figures = sorted(({"obs": o, "metric": value(pr.get(zc("metric"))) or "", "value": number(pr.get(zc("value"))),
                           "unit": value(pr.get(zc("unit"))) or "", "period": value(pr.get(zc("period"))) or "",
                           "area": label(value(pr[zc("area")])) if zc("area") in pr else "",
                           "subject": label(value(pr[zc("subject")])) if zc("subject") in pr else "",
                           "anchor": value(pr.get(PREFIXES["nif"] + "anchorOf")) or "",
                           "begin": number(pr.get(PREFIXES["nif"] + "beginIndex")) or 0}
                          for o, pr in obs.items()), key=lambda f: f["begin"])
        props = [{"p": value(r["p"]), "o": r["o"]} for r in self.q("outbound", e=node)]
        return {"iri": iri, "title": self.doc_title(iri), "paragraphs": paragraphs,
                "entities": dict(sorted(by_class.items())), "relations": relations, "figures": figures,
                "props": props, "sentences": len(sentences), "mentions": len(mentions)}

    def resource(self, iri: str) -> dict:
        node = ox.NamedNode(iri)
        return {"iri": iri, "labels": self.labels(node), "types": self.types(node),
                "props": [{"p": value(r["p"]), "o": r["o"]} for r in self.q("outbound", e=node)],
                "inbound": [{"s": value(r["s"]), "p": value(r["p"])} for r in self.q("inbound", e=node)]}

    def class_page(self, iri: str) -> dict:
        node = ox.NamedNode(iri)
        info = defaultdict(list)
        for r in self.q("class-info", **{"class": node}):
            info[value(r["p"])].append(r["o"])
        instances = [{"iri": value(r["x"]), "label": value(r["label"]) or short(value(r["x"])),
                      "documents": number(r["documents"])} for r in self.q("class-instances", **{"class": node})]
        return {"iri": iri, "info": info, "instances": instances}

    def search(self, text: str) -> list[dict]:
        out = {}
        for r in self.q("search", text=ox.Literal(text)):
            x = value(r["x"])
            if x not in out:
                core = next((t["iri"][len(ONTOLOGY_NS):] for t in self.types(ox.NamedNode(x)) if t["core"]), "")
                out[x] = {"iri": x, "label": value(r["label"]), "core": core}
        return sorted(out.values(), key=lambda r: (len(r["label"]), r["label"]))[:100]

    def neighbourhood(self, iri: str, hops: int = 1, limit: int = 300) -> dict:
        """Entities around ``iri`` (one or two hops) and the properties between them, for the graph view."""
        nodes: dict[str, dict | None] = {}
        edges: dict[tuple, dict] = {}

        def node(i: str) -> dict | None:
            if i not in nodes:
                core = next((t["iri"][len(ONTOLOGY_NS):] for t in self.types(ox.NamedNode(i)) if t["core"]), None)
                nodes[i] = None if core is None else {
                    "id": i, "label": self.labels(ox.NamedNode(i))["main"] or short(i), "core": core,
                    "href": local_href(i)}
            return nodes[i]

        def around(i: str) -> set[str]:
            found = set()
            n = ox.NamedNode(i)
            pairs = [(i, value(r["p"]), value(r["o"])) for r in self.q("neighbours-out", e=n)]
            pairs += [(value(r["s"]), value(r["p"]), i) for r in self.q("neighbours-in", e=n)]
            for s, p, o in pairs:
                if len(edges) >= limit:
                    break
                if node(s) and node(o):
                    edges.setdefault((s, p, o), {"source": s, "target": o, "label": short(p)})
                    found.add(o if s == i else s)
            return found

        centre = node(iri) or {"id": iri, "label": self.labels(ox.NamedNode(iri))["main"] or short(iri),
                               "core": "Other", "href": local_href(iri)}
        nodes[iri] = centre
        first = around(iri)
        if hops >= 2:
            for n in sorted(first)[:60]:
                if len(edges) >= limit:
                    break
                around(n)
        used = {e["source"] for e in edges.values()} | {e["target"] for e in edges.values()} | {iri}
        return {"center": iri, "nodes": [nodes[k] for k in sorted(used) if nodes.get(k)],
                "edges": list(edges.values())}
