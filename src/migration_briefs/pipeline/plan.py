"""Which briefs to build: every brief the data calls for, planned from the data and the
notebooks' declarations, and cached in the manifest under the hash of what the plan depends on,
so that a build with nothing to do never loads the data.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from migration_briefs import paths
from migration_briefs.model.draft_marks import DraftMark, refusal
from migration_briefs.model.params import VALUE_PATTERNS, BriefSpec
from migration_briefs.paths import Project
from migration_briefs.pipeline.inputs import plan_hash

LABELLED = ("goal", "mechanism", "country")  # the plan records their labels (facet_labels)


def facet_labels(dataset) -> dict[str, dict[str, str]]:
    """What the index's filters call each goal, mechanism and programme country the data holds,
    from the reference tables. Recorded in the plan when the data is loaded, so that the index,
    written on every build, never loads the data."""
    ref = dataset.reference
    return {"goal": {code: f"Goal {code}: {ref.goals[code].short}" for code in dataset.goals()},
            "mechanism": {code: ref.mechanisms[code].abbreviation for code in dataset.mechanisms()},
            "country": {code: ref.countries[code].name for code in dataset.countries()}}


def checked_labels(recorded: object) -> dict[str, dict[str, str]]:
    """`facet_labels` as read back from the manifest's cached plan; ValueError unless each label
    is a string under a value of its parameter's shape."""
    if not isinstance(recorded, dict) or not set(recorded) <= set(LABELLED):
        raise ValueError("the index's labels are not goals, mechanisms and countries")
    for facet, labels in recorded.items():
        if not isinstance(labels, dict) or not all(
                isinstance(code, str) and VALUE_PATTERNS[facet].fullmatch(code) and isinstance(label, str)
                for code, label in labels.items()):
            raise ValueError(f"the index's labels of {facet} are not codes and names")
    return recorded



@dataclass
class Filters:
    """Narrow a build to the briefs whose parameters have these values (a brief without the
    parameter is left out: GOAL=5 builds goal briefs only)."""

    year: int | str | None = None
    agency: str | None = None
    goal: str | int | None = None
    mechanism: str | None = None
    country: str | None = None

    def given(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def match(self, spec: BriefSpec, given: dict | None = None) -> bool:
        parameters = spec.parameters
        return all(name in parameters and str(parameters[name]).upper() == str(value).strip().upper()
                   for name, value in (self.given() if given is None else given).items())


@dataclass
class Plan:
    """Every brief the data calls for, and the briefs built on request beyond those (such as
    agency 'all' when the data has one agency) with the filters that asked for them. Cached in
    the manifest under the hash of the data and the library, so an unchanged project is never
    loaded again; briefs asked for stay known until the data can no longer make them."""

    digest: str
    briefs: list[BriefSpec]
    requested: list[tuple[dict, list[BriefSpec]]] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)  # each source page and its document's title, for the index
    drafts: list[dict] = field(default_factory=list)  # what no person has confirmed yet: no brief is built on it
    labels: dict = field(default_factory=dict)  # the index's names of goals, mechanisms, countries (facet_labels)
    papers: dict = field(default_factory=dict)  # agency -> the source texts its contributions cite (inputs.Inputs)
    loaded: object = field(default=None, repr=False, compare=False)  # the data set, when this build loaded it to plan

    def known(self) -> list[BriefSpec]:
        found: dict[str, BriefSpec] = {}
        for spec in self.briefs + [spec for _, specs in self.requested for spec in specs]:
            found.setdefault(spec.relpath, spec)
        return list(found.values())

    def to_json(self) -> dict:
        """As JSON reads it back (lists, not tuples), so that an unchanged plan compares equal to
        the cached one and a build with nothing to do need not write the manifest."""
        def spec(s: BriefSpec) -> dict:  # as asdict would, at a tenth of its time
            return {"agency": s.agency, "year": s.year, "notebook": s.notebook, "name": s.name, "brief": s.brief,
                    "params": [list(p) for p in s.params]}

        return {"hash": self.digest, "briefs": [spec(s) for s in self.briefs],
                "requested": [{"filters": given, "briefs": [spec(s) for s in specs]}
                              for given, specs in self.requested],
                "sources": self.sources, "drafts": self.drafts, "labels": self.labels, "papers": self.papers}

    @classmethod
    def from_json(cls, cached: dict) -> "Plan":
        """Raises TypeError, ValueError (ParameterError), KeyError or AttributeError on an
        entry that is not a brief: BriefSpec checks every value that becomes part of a path.
        By hand, not with pydantic: a build with nothing to do reads the cached plan, and
        importing pydantic would double its time (manifest.py)."""
        sources = [{"page": str(s["page"]), "title": str(s["title"])} for s in cached.get("sources", [])]
        if not all(re.fullmatch(r"sources/[A-Za-z0-9._-]+\.html", s["page"]) for s in sources):
            raise ValueError("a source page outside build/sources/")
        drafts = [asdict(DraftMark.from_json(d)) for d in cached.get("drafts", [])]
        papers = cached.get("papers", {})
        if not isinstance(papers, dict) or not all(isinstance(agency, str) and isinstance(texts, list) and all(
                isinstance(text, str) for text in texts) for agency, texts in papers.items()):
            raise ValueError("the papers of each agency are not lists of files")
        return cls(cached["hash"], [BriefSpec(**entry) for entry in cached["briefs"]],
                   [(dict(r["filters"]), [BriefSpec(**entry) for entry in r["briefs"]])
                    for r in cached.get("requested", [])], sources, drafts, checked_labels(cached.get("labels", {})),
                   papers)

    def unconfirmed(self, spec: BriefSpec) -> str | None:
        """Why `spec` may not be built yet (it rests on drafts: every one it rests on), or None."""
        parameters = spec.parameters
        if "agency" not in parameters or "year" not in parameters:
            return None
        subject = {k: v for k, v in parameters.items() if k not in ("agency", "year")}
        marks = [mark for mark in map(DraftMark.from_json, self.drafts)
                 if mark.covers(str(parameters["agency"]), int(parameters["year"]), **subject)]
        return refusal(marks) if marks else None


_UNTRUSTED = (TypeError, ValueError, KeyError, AttributeError)


def _load(project: Project):
    from migration_briefs.model.loader import load
    return load(project)


def _requested_again(dataset, kinds, cached: object, planned: set[str]) -> list[tuple[dict, list[BriefSpec]]]:
    """The briefs asked for before the data changed, planned again: those the data can no
    longer make, or now plans anyway, drop out."""
    from migration_briefs.model.params import plan
    found = []
    for entry in cached if isinstance(cached, list) else []:
        try:
            given = dict(entry["filters"])
            specs = [s for s in plan(dataset, kinds, Filters(**given).given()) if s.relpath not in planned]
        except _UNTRUSTED:
            continue
        if specs:
            found.append((given, specs))
    return found


def papers_of(project: Project, dataset) -> dict[str, list[str]]:
    """For each agency, the source texts its contribution files cite, relative to the root."""
    from migration_briefs.model.loader import source_text_path
    found: dict[str, set[str]] = {}
    for contribution in dataset.contributions:
        path = source_text_path(project.data_dir, contribution.source.text)
        if path is not None:
            found.setdefault(contribution.agency, set()).add(project.relative(path))
    return {agency: sorted(texts) for agency, texts in sorted(found.items())}


def plan_briefs(project: Project, hashes: dict[str, str], filters: Filters, manifest: dict,
                warn=None) -> tuple[list[BriefSpec], Plan]:
    """The briefs to consider, and the plan to cache. A filter that matches no known brief is
    checked against the data: a bad value gets the library's clear ParameterError, a valid one
    (such as agency 'all' with one agency) gets its briefs, remembered as requested."""
    digest = plan_hash(hashes)
    cached = manifest.get("plan", {})
    known, dataset = None, None
    if cached.get("hash") == digest:
        try:
            known = Plan.from_json(cached)
        except _UNTRUSTED as exc:
            if warn:
                warn(f"build/manifest.json: ignored the cached plan ({type(exc).__name__}: {exc}); "
                     "planning again from the data")
    if known is None:
        from migration_briefs.model.params import brief_kinds, plan
        dataset = _load(project)
        kinds = brief_kinds(project.notebooks_dir)
        planned = plan(dataset, kinds)
        known = Plan(digest, planned, _requested_again(dataset, kinds, cached.get("requested"),
                                                      {s.relpath for s in planned}),
                     [{"page": paths.source_page(name), "title": dataset.source_label(name)}
                      for name in sorted(dataset.sources)],
                     [asdict(mark) for mark in dataset.drafts], facet_labels(dataset), papers_of(project, dataset),
                     dataset)
    given = filters.given()
    chosen = [s for s in known.known() if filters.match(s, given)]
    if filters.given() and not chosen:
        from migration_briefs.model.params import brief_kinds, no_brief, plan
        given = filters.given()
        dataset, kinds = dataset or _load(project), brief_kinds(project.notebooks_dir)
        chosen = plan(dataset, kinds, given)
        if not chosen:
            raise no_brief(dataset, kinds, given)
        planned = {s.relpath for s in known.briefs}
        extra = [s for s in chosen if s.relpath not in planned]
        if extra:
            known.requested.append((given, extra))
    return chosen, known
