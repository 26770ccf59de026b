"""The seam between extraction and RDF.

Input: nothing (these are plain data classes). Output: pydantic models that ``extraction``
fills from a spaCy ``Doc`` and ``rdf`` turns into quads. Every offset is a character offset
into the *original* document text (not the normalised text), so that provenance points at
what a researcher sees when they open the file.
"""
from __future__ import annotations

from decimal import Decimal
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr


class EntityType(str, Enum):
    """The core classes of ``ontology/zhichan.ttl`` that an extracted entity can have."""

    Agency = "Agency"
    Policy = "Policy"
    Program = "Program"
    Company = "Company"
    LoanProduct = "LoanProduct"
    Organization = "Organization"
    Place = "Place"
    Person = "Person"


class Predicate(str, Enum):
    """Relations between entities (``zc:<name>`` in the ontology)."""

    issuedBy = "issuedBy"
    signatory = "signatory"
    organizedBy = "organizedBy"
    offeredBy = "offeredBy"
    subOrganizationOf = "subOrganizationOf"
    fundedBy = "fundedBy"
    locatedIn = "locatedIn"


class Model(BaseModel):
    model_config = ConfigDict(frozen=False, extra="forbid")


class TextSpan(Model):
    """A stretch of the original document text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Sentence(TextSpan):
    index: int = Field(ge=0)
    page: int | None = Field(None, ge=1, description="the page it starts on, for documents with pages (PDF)")


class Mention(TextSpan):
    """One place where a document names an entity."""

    sentence: int = Field(ge=0, description="index of the sentence holding the mention")


class DocumentInfo(Model):
    """What is known of a source document before extraction."""

    id: str = Field(description="stable identifier: the file stem, slugged")
    path: str
    title: str
    encoding: str
    sha256: str
    chars: int
    city: str | None = Field(None, description="the city the document is about (whole-city words and city-level office names resolve to it)")
    district: str | None = Field(None, description="the district the document is about (whole-district words, district-level office names)")
    province: str | None = Field(None, description="the province of the city (whole-province words resolve to it)")
    zone: str | None = Field(None, description="the zone (development zone, high-tech zone) the document is about, inside its city")
    year: str | None = Field(None, description="the year a figure without its own belongs to: the year an annual "
                                               "report covers, else the document's own year")
    date: str | None = Field(None, description="the document's date as far as it states it (YYYY or YYYY-MM-DD)")
    area: str | None = Field(None, description="key of the Place entity of the most specific area the document "
                                               "is about (zone, district, city or province)")


class Entity(Model):
    key: str = Field(description="canonical identity: the same key in two documents is the same entity")
    type: EntityType
    kind: str | None = Field(None, description="a finer class of the ontology, e.g. Court, Bank, Campaign")
    label: str = Field(description="preferred label: the fullest form")
    aliases: list[str] = Field(default_factory=list, description="every surface form in the document")
    mentions: list[Mention] = Field(default_factory=list)
    attributes: dict[str, str] = Field(default_factory=dict, description="e.g. adminCode, adminLevel, role")


class Relation(Model):
    subject: str = Field(description="key of the subject entity")
    predicate: Predicate
    object: str = Field(description="key of the object entity")
    evidence: Mention = Field(description="the sentence that states it")
    rule: str = Field(description="which rule found it (for debugging and evaluation)")


class Observation(Model):
    id: str = Field(description="stable within the document: start-end offsets of the figure")
    value: Decimal
    unit: str
    metric: str
    metric_concept: str | None = Field(None, description="the measure's normalised name: one skos:Concept per name "
                                                         "across documents (专利授权 + 件 → 专利授权量)")
    period: str | None = None
    area: str | None = Field(None, description="key of a Place entity")
    subject: str | None = Field(None, description="key of the organisation measured")
    qualifies: str | None = Field(None, description="id of the observation a growth rate qualifies")
    approximation: str | None = Field(None, description="the approximation word as written (more than, nearly, over …)")
    span: Mention = Field(description="the figure as written, number, multiplier and unit")
    text: Mention = Field(description="the shortest span stating it: metric and figure")


class Extraction(Model):
    """Everything one document states, ready to become its named graph."""

    document: DocumentInfo
    sentences: list[Sentence] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    observations: list[Observation] = Field(default_factory=list)
    # the rules folder the extraction read (None: extract/), not serialised: the RDF stage derives the
    # precomputed links and recipients with the same rules (an extraction read back from JSON uses extract/)
    _rules_dir: str | None = PrivateAttr(default=None)

    def entity(self, key: str) -> Entity | None:
        return next((e for e in self.entities if e.key == key), None)
