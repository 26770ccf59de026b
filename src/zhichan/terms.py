"""The ontology's names in one place: namespaces, zc class and property names, graph and dataset IRIs.

Input: ``ontology/zhichan.ttl`` (read lazily, once). Output: constants and small lookups every stage
uses instead of repeating IRIs — ``zc("Agency")`` is the class IRI, ``CORE_CLASSES`` the eight entity
classes, ``RELATIONS`` the seven relation properties, ``kinds()`` the finer classes of each core class
as the ontology declares them (``rdfs:subClassOf``). ``zc()`` refuses a name the ontology does not
declare, and ``tests/test_ontology.py`` checks every constant here against the Turtle file, so a
renamed term fails at once instead of writing dangling IRIs.
"""
from __future__ import annotations

from functools import lru_cache

# ---------------------------------------------------------------------------------------- namespaces
ONTOLOGY_IRI = "https://w3id.org/zhichan/ontology"
ONTOLOGY_NS = ONTOLOGY_IRI + "#"
ID_BASE = "https://w3id.org/zhichan/id/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
QB = "http://purl.org/linked-data/cube#"
ORG = "http://www.w3.org/ns/org#"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
SH = "http://www.w3.org/ns/shacl#"
SCHEMA = "https://schema.org/"
# Wikidata and most published data write schema.org with http; the ontology aligns to both
SCHEMA_HTTP = "http://schema.org/"
SCHEMA_NS = (SCHEMA, SCHEMA_HTTP)
WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"

PREFIXES = {
    "zc": ONTOLOGY_NS, "id": ID_BASE, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "skos": SKOS, "prov": PROV,
    "nif": NIF, "dcterms": DCT, "qb": QB, "schema": SCHEMA, "owl": OWL, "void": VOID, "dcat": DCAT,
    "org": ORG, "sh": SH,
}

# ---------------------------------------------------------------------------------------- graphs and IRIs
ONTOLOGY_GRAPH = ONTOLOGY_IRI
GAZETTEER_GRAPH = f"{ID_BASE}graph/gazetteer"
VOID_GRAPH = f"{ID_BASE}graph/void"
ENTITIES_GRAPH = f"{ID_BASE}graph/entities"  # one canonical description per entity (store.replace_document)
BUILD_GRAPH = f"{ID_BASE}graph/build"  # the build record (builds)
LINKSET_GRAPH_PREFIX = f"{ID_BASE}graph/linkset/"
LINKSET_PREFIX = f"{ID_BASE}linkset/"
DOCUMENT_GRAPH_PREFIX = f"{ID_BASE}graph/"  # then the document id (rdf.graph_iri)
DATASET = f"{ID_BASE}dataset"
PLACE_BASE = f"{ID_BASE}place/"
EXTERNAL_BASE = f"{ID_BASE}external/"

# ---------------------------------------------------------------------------------------- zc terms
CORE_CLASSES = ("Agency", "Policy", "Program", "Company", "LoanProduct", "Organization", "Place", "Person")
CORE5 = CORE_CLASSES[:5]
EVIDENCE_CLASSES = ("Observation", "Document")
RELATIONS = ("issuedBy", "signatory", "organizedBy", "offeredBy", "subOrganizationOf", "fundedBy", "locatedIn")
PLACE_LEVELS = ("Province", "PrefectureCity", "District", "County", "CountyLevelCity")
# the other zc terms the engine writes or reads by name
PROPERTIES = ("adminCode", "adminParent", "linkSubject", "linkTarget", "score", "rule", "recipient",
              "figureUnit", "figurePeriod", "figureArea", "storeFormat")
# what zhichan.summaries derives per document (counts on the document, one node per co-occurring pair)
SUMMARY_COUNTS = ("sentenceCount", "entityCount", "relationCount", "figureCount")
COOCCURRENCE = ("CoOccurrence", "pairSource", "pairTarget", "jointAct")
# what zhichan.precomputed writes into a document graph at ingest for the prepared queries
PRECOMPUTED = ("productInSentence", "productReferredBack", "sentenceFigure", "statedYear")


def zc(name: str) -> str:
    """The IRI of a zc term; a name the ontology does not declare is a programming error."""
    if name not in declared():
        raise KeyError(f"zc:{name} is not declared in ontology/zhichan.ttl")
    return ONTOLOGY_NS + name


@lru_cache(maxsize=1)
def _triples() -> tuple:
    import pyoxigraph as ox

    from .config import ontology_dir

    path = ontology_dir() / "zhichan.ttl"
    return tuple(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


@lru_cache(maxsize=1)
def declared() -> frozenset[str]:
    """Local names of every zc term the ontology types (classes, properties)."""
    return frozenset(t.subject.value[len(ONTOLOGY_NS):] for t in _triples()
                     if t.predicate.value == RDF + "type" and t.subject.value.startswith(ONTOLOGY_NS))


@lru_cache(maxsize=1)
def kinds() -> dict[str, tuple[str, ...]]:
    """Each core class → the zc classes declared (transitively) beneath it, sorted."""
    parents: dict[str, set[str]] = {}
    for t in _triples():
        if t.predicate.value == RDFS + "subClassOf" and t.subject.value.startswith(ONTOLOGY_NS) \
                and t.object.value.startswith(ONTOLOGY_NS):
            parents.setdefault(t.subject.value[len(ONTOLOGY_NS):], set()).add(t.object.value[len(ONTOLOGY_NS):])

    def ancestors(name: str, seen: frozenset = frozenset()) -> set[str]:
        out = set()
        for p in parents.get(name, ()):
            if p not in seen:
                out |= {p} | ancestors(p, seen | {name})
        return out

    out: dict[str, list[str]] = {c: [] for c in CORE_CLASSES}
    for name in sorted(parents):
        for core in CORE_CLASSES:
            if core in ancestors(name) and name not in CORE_CLASSES:
                out[core].append(name)
    return {c: tuple(v) for c, v in out.items()}


def core_of() -> dict[str, str]:
    """Lower-cased class local name (core class or finer kind) → its core class."""
    return {n.lower(): core for core, ks in kinds().items() for n in (core, *ks)}
