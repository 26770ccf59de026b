"""ontology/zhichan.ttl and ontology/shapes.ttl: they parse, declare every term the project uses,
label and document every term, and keep the scorer's classification (by the local names of all
ancestors of a class or property) as intended."""
from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from zhichan.config import ONTOLOGY_IRI, ONTOLOGY_NS, home, ontology_dir
from zhichan.models import EntityType, Predicate

ONTOLOGY = ontology_dir() / "zhichan.ttl"
SHAPES = ontology_dir() / "shapes.ttl"
DESIGN = home() / "docs" / "design.md"

ZC = rdflib.Namespace(ONTOLOGY_NS)
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")

# What the scorer reads (shared/score.py): core classes, most specific first; label properties;
# relation predicates; observation fields. All by local name.
TYPE_ORDER = ["LoanProduct", "Policy", "Program", "Agency", "Company", "Person", "Place", "Organization"]
CORE_NAMES = set(TYPE_ORDER) | {"Observation"}
LABEL_PROPS = {"label", "prefLabel", "altLabel", "hiddenLabel", "name", "alternateName"}
PREDICATES = ["issuedBy", "signatory", "organizedBy", "offeredBy", "subOrganizationOf", "fundedBy", "locatedIn"]
OBS_FIELDS = {"value", "obsValue", "unit", "metric", "period", "area", "subject"}
PROPERTY_TYPES = (RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def onto() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY, format="turtle")


def local(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def ancestors(graph: rdflib.Graph, node: rdflib.URIRef, relation: rdflib.URIRef) -> set[rdflib.URIRef]:
    """``node`` and everything it reaches by ``relation``*."""
    seen, todo = {node}, [node]
    while todo:
        for parent in graph.objects(todo.pop(), relation):
            if isinstance(parent, rdflib.URIRef) and parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def ancestor_names(graph, node, relation) -> set[str]:
    return {local(str(n)) for n in ancestors(graph, node, relation)}


def declared_classes(graph) -> set[rdflib.URIRef]:
    return {s for s in graph.subjects(RDF.type, OWL.Class) if isinstance(s, rdflib.URIRef) and s.startswith(ZC)}


def declared_properties(graph) -> set[rdflib.URIRef]:
    return {s for t in PROPERTY_TYPES for s in graph.subjects(RDF.type, t) if s.startswith(ZC)}


# ---------------------------------------------------------------- what docs/design.md lists

def _class_lines() -> list[str]:
    """The items of the "## Classes" list of docs/design.md, continuation lines joined."""
    text = DESIGN.read_text(encoding="utf-8")
    section = text.split("## Classes", 1)[1].split("\n## ", 1)[0]
    return re.sub(r"\n[ \t]+", " ", section).splitlines()


def design_kinds() -> dict[str, str]:
    """finer class → core class, from the "## Classes" list of docs/design.md."""
    kinds = {}
    for line in _class_lines():
        m = re.match(r"- (\w+): (.*)", line)
        if m:
            for name in re.findall(r"\b[A-Z][A-Za-z]+\b", m.group(2)):
                kinds[name] = m.group(1)
    return kinds


def design_classes() -> set[str]:
    names = set()
    for line in _class_lines():
        if line.startswith("- "):
            names |= set(re.findall(r"\b[A-Z][A-Za-z]+\b", line))
    return names


def design_properties() -> set[str]:
    text = DESIGN.read_text(encoding="utf-8")
    section = text.split("## Properties", 1)[1].split("\n## ", 1)[0]
    section = re.sub(r"\([^)]*\)", "", section, flags=re.S)   # drop the explanations
    section = re.sub(r"\b\w+:", "", section)                    # drop "relations:", "places:" …
    return {tok for tok in re.split(r"[\s,;.]+", section) if re.fullmatch(r"[a-z][A-Za-z0-9]+", tok)}


def design_zc_terms() -> set[str]:
    return set(re.findall(r"\bzc:(\w+)", DESIGN.read_text(encoding="utf-8")))


def test_design_lists_are_read():
    # guards the parsers above: if design.md changes layout, these would silently find nothing
    assert {"Agency", "Court", "Zone", "Village", "Mention", "StockExchange"} <= design_classes()
    assert {"issuedBy", "adminParent", "value", "sourcePath", "role"} <= design_properties()
    assert design_kinds()["Court"] == "Agency" and design_kinds()["Village"] == "Place"
    assert design_kinds()["PublicInstitution"] == "Agency"


# ---------------------------------------------------------------- parsing

@pytest.mark.parametrize("path", [ONTOLOGY, SHAPES], ids=lambda p: p.name)
def test_parses_with_rdflib_and_pyoxigraph(path: Path):
    g = rdflib.Graph().parse(path, format="turtle")
    triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    assert len(g) > 50
    assert len(triples) == len(g)


def test_ontology_header(onto):
    o = rdflib.URIRef(ONTOLOGY_IRI)
    assert (o, RDF.type, OWL.Ontology) in onto
    assert onto.value(o, OWL.versionInfo) is not None
    assert onto.value(o, DCT.license) == rdflib.URIRef("https://www.apache.org/licenses/LICENSE-2.0")
    assert onto.value(o, DCT.created) is not None
    assert {t.language for t in onto.objects(o, DCT.title)} >= {"zh", "en"}
    assert {t.language for t in onto.objects(o, DCT.description)} >= {"zh", "en"}


# ---------------------------------------------------------------- every term declared and documented

@pytest.mark.parametrize("name", sorted(design_classes()))
def test_design_class_is_declared(onto, name):
    assert (ZC[name], RDF.type, OWL.Class) in onto, f"zc:{name} is in docs/design.md but not declared"


@pytest.mark.parametrize("name", sorted(design_properties()))
def test_design_property_is_declared(onto, name):
    assert ZC[name] in declared_properties(onto), f"zc:{name} is in docs/design.md but not declared"


@pytest.mark.parametrize("name", sorted(design_zc_terms()))
def test_zc_term_in_design_is_declared(onto, name):
    assert ZC[name] in declared_classes(onto) | declared_properties(onto)


def _used_by_the_code() -> set[str]:
    """zc: names the other stages write: model enums, ``zc("X")`` in src, kinds in extract/."""
    names = {t.value for t in EntityType} | {p.value for p in Predicate}
    for path in (home() / "src" / "zhichan").rglob("*.py"):
        names |= set(re.findall(r"""\bzc\(["'](\w+)["']\)""", path.read_text(encoding="utf-8")))
    extract = home() / "extract"
    for path in extract.rglob("*.json*"):
        names |= set(re.findall(r'"kind"\s*:\s*"(\w+)"', path.read_text(encoding="utf-8")))
    for path in extract.rglob("*.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if not line.startswith("#") and len(cols) >= 3 and re.fullmatch(r"[A-Z]\w+", cols[2].strip()):
                names.add(cols[2].strip())
    return names


def test_every_term_the_code_writes_is_declared(onto):
    declared = {local(str(t)) for t in declared_classes(onto) | declared_properties(onto)}
    missing = sorted(_used_by_the_code() - declared)
    assert not missing, f"used in src/ or extract/ but not declared in ontology/zhichan.ttl: {missing}"


def test_classes_are_exactly_those_of_the_design(onto):
    # a class added to the ontology is added to docs/design.md too (the contract between modules)
    assert {local(c) for c in declared_classes(onto)} == design_classes()


def _terms(graph):
    return sorted(declared_classes(graph) | declared_properties(graph))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_term_has_a_label_per_language(onto, lang):
    missing = [local(t) for t in _terms(onto)
               if not any(isinstance(l, rdflib.Literal) and l.language == lang for l in onto.objects(t, RDFS.label))]
    assert not missing, f"no rdfs:label@{lang}: {missing}"


def test_every_term_has_one_label_per_language(onto):
    for term in _terms(onto):
        langs = [l.language for l in onto.objects(term, RDFS.label)]
        assert len(langs) == len(set(langs)), f"zc:{local(term)} has two labels in one language"


def test_every_term_has_an_english_comment(onto):
    missing = [local(t) for t in _terms(onto)
               if not any(c.language == "en" and len(c) > 10 for c in onto.objects(t, RDFS.comment))]
    assert not missing, f"no rdfs:comment@en: {missing}"


def test_only_zc_terms_and_external_declarations(onto):
    # everything the ontology says about zc: things is about declared terms (typos show up here)
    declared = declared_classes(onto) | declared_properties(onto)
    mentioned = {t for t in onto.all_nodes() if isinstance(t, rdflib.URIRef) and t.startswith(ZC)}
    assert mentioned <= declared, sorted(mentioned - declared)


# ---------------------------------------------------------------- class hierarchy

@pytest.mark.parametrize("kind,core", sorted(design_kinds().items()))
def test_finer_class_reaches_its_core_class(onto, kind, core):
    reached = ancestors(onto, ZC[kind], RDFS.subClassOf)
    assert ZC[core] in reached
    other_cores = {ZC[c] for c in CORE_NAMES if c != core} & reached
    assert not other_cores, f"zc:{kind} also reaches {other_cores}"


def test_every_class_but_the_text_ones_reaches_exactly_one_core_class(onto):
    cores = {ZC[c] for c in CORE_NAMES}
    for cls in declared_classes(onto):
        reached = ancestors(onto, cls, RDFS.subClassOf) & cores
        if local(cls) in {"Document", "Sentence", "Mention", "CoOccurrence"}:  # evidence, derived pairs: no core class
            assert not reached
        else:
            assert len(reached) == 1, f"zc:{local(cls)} reaches {reached}"


def test_no_subclass_cycles(onto):
    for cls in declared_classes(onto):
        parents = set(onto.objects(cls, RDFS.subClassOf))
        assert all(cls not in ancestors(onto, p, RDFS.subClassOf) for p in parents if isinstance(p, rdflib.URIRef))


# ---------------------------------------------------------------- what the scorer reads (constraints a–d)

def scorer_type(graph, cls) -> str | None:
    """The core type the scorer gives an instance of ``cls``: the first of TYPE_ORDER among the
    local names of ``cls`` and all its ancestors."""
    names = ancestor_names(graph, cls, RDFS.subClassOf)
    return next((t for t in TYPE_ORDER if t in names), None)


def test_a_only_intended_classes_get_a_core_name(onto):
    kinds = design_kinds()
    intended = {ZC[c] for c in CORE_NAMES} | {ZC[k] for k in kinds}
    every_class = {s for s in onto.subjects(RDFS.subClassOf, None) if isinstance(s, rdflib.URIRef)}
    for cls in every_class | declared_classes(onto):
        names = ancestor_names(onto, cls, RDFS.subClassOf)
        if cls not in intended:
            assert not names & CORE_NAMES, f"{cls} would be scored as {names & CORE_NAMES}"


@pytest.mark.parametrize("kind,core", sorted(design_kinds().items()) + [(c, c) for c in TYPE_ORDER])
def test_a_scorer_types_each_class_as_its_core(onto, kind, core):
    assert scorer_type(onto, ZC[kind]) == core


@pytest.mark.parametrize("name", ["Document", "Sentence", "Mention"])
def test_a_text_classes_have_no_core_ancestor(onto, name):
    assert not ancestor_names(onto, ZC[name], RDFS.subClassOf) & CORE_NAMES


def test_b_admin_parent_is_not_located_in(onto):
    assert "locatedIn" not in ancestor_names(onto, ZC.adminParent, RDFS.subPropertyOf)
    assert "adminParent" not in ancestor_names(onto, ZC.locatedIn, RDFS.subPropertyOf)


def test_c_only_label_properties_are_labels(onto):
    nif_anchor = rdflib.URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf")
    props = {s for s in onto.subjects(RDFS.subPropertyOf, None)} | declared_properties(onto) | {nif_anchor}
    for prop in props:
        names = ancestor_names(onto, prop, RDFS.subPropertyOf)
        if local(str(prop)) not in LABEL_PROPS:
            assert not names & LABEL_PROPS, f"{prop} would be read as a label ({names & LABEL_PROPS})"


@pytest.mark.parametrize("name", ["value", "unit", "metric", "period", "area", "subject"])
def test_d_observation_fields_keep_their_names(onto, name):
    assert ZC[name] in declared_properties(onto)
    assert (ZC[name], RDFS.domain, ZC.Observation) in onto


def test_d_no_other_property_reads_as_an_observation_field_or_relation(onto):
    intended = {ZC[n] for n in ["value", "unit", "metric", "period", "area", "subject"] + PREDICATES}
    for prop in {s for s in onto.subjects(RDFS.subPropertyOf, None)} | declared_properties(onto):
        names = ancestor_names(onto, prop, RDFS.subPropertyOf)
        if prop not in intended:
            assert not names & (OBS_FIELDS | set(PREDICATES)), f"{prop} would be read as {names}"


@pytest.mark.parametrize("name", PREDICATES + ["adminParent"])
def test_relations_are_object_properties(onto, name):
    assert (ZC[name], RDF.type, OWL.ObjectProperty) in onto


def test_located_in_has_no_domain(onto):
    # "anything → Place": a domain would make a reasoner retype every located thing
    assert onto.value(ZC.locatedIn, RDFS.domain) is None
    assert onto.value(ZC.locatedIn, RDFS.range) == ZC.Place


# ---------------------------------------------------------------- alignments

@pytest.mark.parametrize("term,relation,external", [
    ("Agency", RDFS.subClassOf, "http://www.w3.org/ns/org#FormalOrganization"),
    ("Agency", RDFS.subClassOf, "https://schema.org/GovernmentOrganization"),
    ("Company", RDFS.subClassOf, "https://schema.org/Corporation"),
    ("Organization", RDFS.subClassOf, "http://www.w3.org/ns/org#Organization"),
    ("Bank", RDFS.subClassOf, "https://schema.org/BankOrCreditUnion"),
    ("Bank", RDFS.subClassOf, "https://spec.edmcouncil.org/fibo/ontology/FBC/FunctionalEntities/FinancialServicesEntities/Bank"),
    ("LoanProduct", RDFS.subClassOf, "https://schema.org/LoanOrCredit"),
    ("Place", RDFS.subClassOf, "https://schema.org/Place"),
    ("AdministrativeArea", RDFS.subClassOf, "https://schema.org/AdministrativeArea"),
    ("Person", RDFS.subClassOf, "https://schema.org/Person"),
    ("Event", RDFS.subClassOf, "https://schema.org/Event"),
    ("Regulation", RDFS.subClassOf, "https://schema.org/Legislation"),
    ("University", RDFS.subClassOf, "https://schema.org/CollegeOrUniversity"),
    ("Document", RDFS.subClassOf, "http://www.w3.org/ns/prov#Entity"),
    ("Observation", RDFS.subClassOf, "http://purl.org/linked-data/cube#Observation"),
    ("Sentence", RDFS.subClassOf, "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Sentence"),
    ("subOrganizationOf", RDFS.subPropertyOf, "http://www.w3.org/ns/org#subOrganizationOf"),
    ("adminParent", RDFS.subPropertyOf, "https://schema.org/containedInPlace"),
    ("fundedBy", RDFS.subPropertyOf, "https://schema.org/funder"),
    ("offeredBy", RDFS.subPropertyOf, "https://schema.org/provider"),
    ("organizedBy", RDFS.subPropertyOf, "https://schema.org/organizer"),
    ("sentence", RDFS.subPropertyOf, "http://www.w3.org/ns/prov#wasDerivedFrom"),
    ("value", RDFS.subPropertyOf, "http://purl.org/linked-data/sdmx/2009/measure#obsValue"),
    ("period", RDFS.subPropertyOf, "http://purl.org/linked-data/sdmx/2009/dimension#refPeriod"),
    ("area", RDFS.subPropertyOf, "http://purl.org/linked-data/sdmx/2009/dimension#refArea"),
])
def test_alignment(onto, term, relation, external):
    assert (ZC[term], relation, rdflib.URIRef(external)) in onto


@pytest.mark.parametrize("name,kind", [
    ("value", "MeasureProperty"), ("unit", "AttributeProperty"), ("metric", "DimensionProperty"),
    ("period", "DimensionProperty"), ("area", "DimensionProperty"), ("subject", "DimensionProperty"),
])
def test_data_cube_component_kinds(onto, name, kind):
    assert (ZC[name], RDF.type, rdflib.URIRef("http://purl.org/linked-data/cube#" + kind)) in onto


# ---------------------------------------------------------------- shapes file

def test_shapes_name_every_shape_and_target_core_classes():
    g = rdflib.Graph().parse(SHAPES, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    targets = set(g.objects(None, sh.targetClass))
    assert {ZC[c] for c in TYPE_ORDER + ["Observation", "Mention"]} <= targets
    for prop_shape in g.objects(None, sh.property):
        assert isinstance(prop_shape, rdflib.URIRef), "property shapes have IRIs so reports name them"
    onto = rdflib.Graph().parse(ONTOLOGY, format="turtle")
    declared = declared_classes(onto) | declared_properties(onto)
    used = {t for t in g.all_nodes() if isinstance(t, rdflib.URIRef) and t.startswith(ZC)}
    assert used <= declared, f"shapes use undeclared terms: {sorted(used - declared)}"


# ---------------------------------------------------------------- schema.org under both IRIs

def test_every_schema_org_alignment_holds_for_http_and_https(onto):
    https, http = "https://schema.org/", "http://schema.org/"
    stated = {(s, p, str(o)) for s, p, o in onto if p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass)
              and str(o).startswith((https, http))}
    assert len(stated) >= 40
    for s, p, o in stated:
        other = http + o[len(https):] if o.startswith(https) else https + o[len(http):]
        assert (s, p, other) in stated, f"{s} {p} {o} has no twin {other}"


def test_an_http_schema_org_query_finds_zc_classes():
    """Data typed the Wikidata way (http://schema.org/) joins the ontology's classes."""
    st = ox.Store()
    st.load(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE)
    rows = list(st.query("SELECT ?c WHERE { ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>+ "
                         "<http://schema.org/Organization> }"))
    assert f"<{ONTOLOGY_NS}Organization>" in {str(r["c"]) for r in rows}


# ---------------------------------------------------------------- terms.py against the ontology

def test_every_name_in_terms_is_declared(onto):
    from zhichan import terms

    declared = {str(s)[len(ONTOLOGY_NS):] for s in onto.subjects(RDF.type, None) if str(s).startswith(ONTOLOGY_NS)}
    names = (*terms.CORE_CLASSES, *terms.EVIDENCE_CLASSES, *terms.RELATIONS, *terms.PLACE_LEVELS, *terms.PROPERTIES)
    assert set(names) <= declared, set(names) - declared
    assert terms.declared() == declared
    assert terms.ONTOLOGY_IRI == ONTOLOGY_IRI and terms.ONTOLOGY_NS == ONTOLOGY_NS
    with pytest.raises(KeyError):
        terms.zc("Agancy")
    assert terms.zc("Agency") == ONTOLOGY_NS + "Agency"


def test_kinds_are_the_subclasses_the_ontology_declares(onto):
    from zhichan import terms

    for core, kinds in terms.kinds().items():
        below = {str(c)[len(ONTOLOGY_NS):] for c in onto.transitive_subjects(RDFS.subClassOf, ZC[core])} - {core}
        assert set(kinds) == below, core
    assert terms.core_of()["court"] == "Agency" and terms.core_of()["bankbranch"] == "Company"


# ---------------------------------------------------------------- documentation, one language a page

def test_each_docs_page_keeps_one_language(onto):
    import importlib.util

    spec = importlib.util.spec_from_file_location("ontology_docs", home() / "docs" / "ontology_docs.py")
    docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(docs)
    for lang in docs.LANGUAGES:
        page = docs.one_language(onto, lang)
        langs = {o.language.split("-")[0] for o in page.objects() if isinstance(o, rdflib.Literal) and o.language}
        assert langs == {lang}
        assert (ZC.Court, RDFS.label, None) in page
