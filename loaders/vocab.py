"""Vocabularies as code: the tradekg ontology (``TKG``), Web Annotation (``OA``) and ELI.

``TKG`` was generated from ``ontology/tradekg.ttl`` by
``python -m rdflib.tools.defined_namespace_creator ontology/tradekg.ttl
https://w3id.org/tradekg/ontology# TKG --fail`` and is checked against the Turtle by
``tests/test_vocab.py``. With ``_fail = True`` a misspelt term raises ``AttributeError``
instead of minting a new IRI.

Examples
--------
>>> TKG.ledBy
rdflib.term.URIRef('https://w3id.org/tradekg/ontology#ledBy')
>>> TKG.ledby
Traceback (most recent call last):
...
AttributeError: term 'ledby' not in namespace 'https://w3id.org/tradekg/ontology#'
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["ELI", "OA", "TKG", "TKGC", "TKGID"]

TKGID = Namespace("https://w3id.org/tradekg/id/")
"""Where the graph's own resources live: documents, measures, agencies, places."""

TKGC = Namespace("https://w3id.org/tradekg/id/concept/")
"""The concept scheme's namespace (``ontology/concepts.ttl``)."""

TKGSH = Namespace("https://w3id.org/tradekg/shapes#")
"""The SHACL shapes' namespace (``ontology/shapes.ttl``, written ``tkgsh:``)."""


class TKG(DefinedNamespace):
    """The tradekg ontology, ``ontology/tradekg.ttl``."""

    _NS = Namespace("https://w3id.org/tradekg/ontology#")

    _fail = True

    AdministrativeLevel: URIRef  # The level of government a body belongs to: national, provincial, municipal or district.
    Agency: URIRef  # A government body, public institution or state enterprise that can be responsible for a measure.
    CollectiveActor: URIRef  # A class of actors named as one, not one body: 各地区人民政府, 各有关部门, 相关部门.
    Concept: URIRef  # A named trade-facilitation instrument or practice (Single Window, two-step declaration, AEO …) from the project's concept scheme.
    District: URIRef  # District, county or new area.
    DocumentRule: URIRef  # A rule a clause states for the rest of its document, such as 排名第一的单位为牵头单位，下同.
    Enterprise: URIRef  # An enterprise named as responsible for a measure, such as a state-owned port or railway group.
    Guide: URIRef  # Steers the measure without carrying it out (指导).
    Joint: URIRef  # Shares the measure with the other listed agencies, none leading (按职责分工负责).
    Lead: URIRef  # Carries the measure: explicit 牵头, the only agency listed, or first listed under a document rule.
    Measure: URIRef  # One numbered task of a policy document, with the bodies responsible for it.
    MeasureAlignment: URIRef  # A measure of a lower-level document that takes up one of a higher-level document, with the score and evidence.
    Municipal: URIRef  # Prefecture-level city.
    National: URIRef  # Central government level.
    Participant: URIRef  # Works on the measure beside a lead (参与, 配合, 落实).
    Place: URIRef  # An administrative division, region, port, corridor, river or country named in a measure or serving as a jurisdiction.
    PolicyDocument: URIRef  # A notice, plan or opinion issued by government bodies; identified by its document number (文号) where it has one.
    Provincial: URIRef  # Province, autonomous region or provincial-level municipality.
    PublicInstitution: URIRef  # A public institution, laboratory or university named as responsible for a measure.
    Responsibility: URIRef  # The qualified link from a measure to one agency listed in one of its clauses, with the agency's role and listed rank.
    Role: URIRef  # What a listed agency does for a measure: lead, joint, participant or guide.
    Section: URIRef  # A numbered heading of a document (一、 or （一）) under which measures sit.
    SourceFile: URIRef  # A file the graph was read from, identified by the digest of its content.
    Target: URIRef  # A deadline and/or quantified goal a measure sets (2021年底前 … 7个工作日以内).
    addressee: URIRef  # A body or class of bodies the document is addressed to, as written.
    adminCode: URIRef  # The GB/T 2260 code of an administrative division (CN for China).
    agency: URIRef  # The agency a responsibility names.
    asWritten: URIRef  # The agency's name as the clause writes it, without 等, 负责, 牵头 …
    clause: URIRef  # The literal parenthesised clause the responsibility was read from.
    clauseIndex: URIRef  # Which clause of its measure (1-based) the responsibility was read from; a measure may carry several.
    comparator: URIRef  # How the measured value must relate to the target value: <=, >= or ~.
    concerns: URIRef  # A trade-facilitation concept the measure names.
    digest: URIRef  # The SHA-256 digest of a source file's bytes.
    dueDate: URIRef  # The last day the target's deadline allows (2021年底前 -> 2021-12-31).
    alignedWith: URIRef  # A measure of a higher-level document this lower-level measure takes up (see tkg:MeasureAlignment).
    localMeasure: URIRef  # The lower-level measure of an alignment.
    alignedMeasure: URIRef  # The higher-level measure of an alignment.
    alignmentScore: URIRef  # How strongly the two measures align: a weighted sum of shared concepts, shared agency and text similarity.
    sharedConcept: URIRef  # A concept both aligned measures concern.
    sharedAgency: URIRef  # An agency both aligned measures name, directly or through a parent.
    matchedPhrase: URIRef  # The longest text the two aligned measures have in common.
    fromMeasure: URIRef  # The measure whose clause states the rule; it applies from there on.
    hasTarget: URIRef  # A deadline or quantified goal the measure sets.
    implementingActor: URIRef  # The actor an implementing-actor rule names for what follows, as written.
    inDocument: URIRef  # The document a measure or section belongs to.
    inSection: URIRef  # The section a measure (or a sub-section) sits in.
    issuedBy: URIRef  # A body that issued (signed) the document.
    jurisdiction: URIRef  # The administrative division a document speaks for or a body belongs to.
    ledBy: URIRef  # Shortcut: an agency with role lead for the measure.
    level: URIRef  # The administrative level of an agency.
    line: URIRef  # The 1-based line of the source file where a span starts.
    mentionsPlace: URIRef  # A place the measure names.
    metric: URIRef  # What a quantified goal measures (平均时间).
    number: URIRef  # A measure's or section's number in Arabic digits, qualified by its section where numbering restarts (2.3).
    openEnded: URIRef  # True when the clause's list is not exhaustive (等, 等相关部门, 会同有关部门).
    placeType: URIRef  # country, province, municipality, city, district, region, port, corridor, river or zone.
    printedLabel: URIRef  # The number as printed in the document: （十二）, 3．
    rank: URIRef  # The 1-based position of the agency in its clause's list.
    resolved: URIRef  # True when the agency was found in the authority file; false for names the file does not know.
    responsibility: URIRef  # Links a measure to one of its qualified responsibilities.
    responsibleAgency: URIRef  # Shortcut: any agency listed for the measure, whatever its role.
    role: URIRef  # What the agency does for the measure.
    rule: URIRef  # A rule the document states for its measures.
    ruleKind: URIRef  # first_listed_leads or implementing_actor.
    scope: URIRef  # The 适用范围 a labelled clause gives.
    source: URIRef  # The span of a source file a record was read from: an oa:SpecificResource with a text-position selector.
    targetValue: URIRef  # The number a quantified goal sets.
    text: URIRef  # The full text of a measure, or the literal text of a clause or rule.
    transmits: URIRef  # A 印发 notice transmits the plan it wraps.
    transmittedBy: URIRef  # The 印发 notice that transmits this plan.
    unit: URIRef  # The unit of a quantified goal (个工作日, %).


class OA(DefinedNamespace):
    """W3C Web Annotation vocabulary: only the terms tradekg uses."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    SpecificResource: URIRef  # A resource with a selector pointing into its source
    TextPositionSelector: URIRef  # Selects text by character start and end offsets
    hasSource: URIRef  # The resource a specific resource is a part of
    hasSelector: URIRef  # The selector of a specific resource
    start: URIRef  # Start offset of a text-position selector (inclusive)
    end: URIRef  # End offset of a text-position selector (exclusive)


class ELI(DefinedNamespace):
    """European Legislation Identifier ontology: only the terms tradekg uses."""

    _NS = Namespace("http://data.europa.eu/eli/ontology#")
    _fail = True

    LegalResource: URIRef  # A work in the legislative sense
    cites: URIRef  # Citation in the text of the legal resource
    implements: URIRef  # This legal resource carries another one out in its own context (an informative link)
