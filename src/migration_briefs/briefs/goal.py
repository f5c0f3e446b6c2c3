"""The brief on one SDG goal: what the paper names and what an analyst ties to the goal's targets."""
from __future__ import annotations

from html import escape

from migration_briefs.briefs import prose
from migration_briefs.briefs.base import Brief, Nothing, default_dataset, sdg_names
from migration_briefs.briefs.fragments import Fragment, SourceRef, paragraph
from migration_briefs.model.dataset import ALL, Dataset, ItemRecord, goal_of
from migration_briefs.model.params import check_goal, check_one_agency, check_year
from migration_briefs.model.reference import sdg_sort_key


class GoalBrief(Brief):
    kind = "goal"

    def __init__(self, dataset: Dataset, agency: str, year: int, goal: str):
        self.goal = goal
        self.goal_record = dataset.reference.goals[goal]
        super().__init__(dataset, agency, year)
        self.named = self.data.document_names(self.goal, self.year, self.agency)

    def select(self):
        return self.data.items(year=self.year, agency=self.agency, goal=self.goal)

    @property
    def subject(self) -> tuple:
        return "goal", self.goal

    @property
    def title(self) -> str:
        return f"SDG Goal {self.goal}: {self.goal_record.short}"

    @property
    def subtitle(self) -> str:
        # a year of commitments only is not work done: the subtitle claims no more than the brief
        if self.records and not (self.done or self.outcomes):
            return prose.capitalise(f"{self.agency_possessive} commitments on gender and migration for {self.year}")
        return prose.capitalise(f"{self.agency_possessive} work on gender and migration in {self.year}")

    def targets(self) -> list[str]:
        """The goal's targets that the document names for the year, or that items are tied to."""
        named = {code for _, s in self.data.statements(self.year, self.agency) for code in s.codes
                 if "." in code and goal_of(code) == self.goal}
        tied = {link.code for r in self.records for link in r.links(self.goal) if "." in link.code}
        return sorted(named | tied, key=sdg_sort_key)

    def extra_citations(self, contribution) -> set[str]:
        return {p for code in (self.goal, *self.targets())
                for c, ids in self.data.document_names(code, self.year, self.agency) if c is contribution for p in ids}

    def named_refs(self, code: str) -> list[SourceRef]:
        return [self.cite(c, ids) for c, ids in self.data.document_names(code, self.year, self.agency)]

    @property
    def goal_title(self) -> str:
        """The goal in its official words, for the notebook's sentence."""
        return self.goal_record.title

    @property
    def paper_subject(self) -> str:
        return "The papers" if len(self.contributions) > 1 else "The paper"

    def leading_messages(self):
        # What the document itself says about the goal comes first: a fact-checker needs it most.
        if self.named:
            named_targets = [t for t in self.targets() if self.data.document_names(t, self.year, self.agency)]
            what = sdg_names([self.goal, *named_targets])
            return [(f"{self.paper_subject} names {escape(what)} for {escape(self.agency_possessive)} {self.year} "
                     f"work as a whole, not for single activities.", self.named_refs(self.goal))]
        frames = "".join(f", which it sets out to support {escape(f.frame)}" for _, f in
                         self.data.framing(self.year, self.agency)[:1])
        return [(f"{self.paper_subject} names no SDG goal or target for {escape(self.agency_possessive)} "
                 f"{self.year} work{frames}.",
                 [self.cite(c, f.source) for c, f in self.data.framing(self.year, self.agency)])]

    def target_sections(self) -> Fragment:
        """For each target: its official wording, whether the document names it, and each item
        tied to it with the analyst's reason (or the document's words)."""
        parts = []
        for code in self.targets():
            refs = self.named_refs(code)
            named = (f' <strong class="named">Named by the document for the {self.year} work'
                     f'{self.links(refs)}.</strong>' if refs else "")
            lines = []
            for record in self.records:
                for link in record.links(self.goal):
                    if link.code != code:
                        continue
                    if hasattr(link, "reason"):
                        why = f'<span class="reason">Analyst: {escape(link.reason)}</span>'
                        cite = self.refs([record])
                    else:
                        why = '<span class="reason">Stated by the document for this item.</span>'
                        cite = [self.cite(record.contribution, link.source)]
                    status = f' <span class="item-status">– {self.status_word(record)}</span>'
                    lines.append(f'<li><a href="{self.sibling_href("overview")}#{self.item_anchor(record)}">{escape(record.item.title)}</a>'
                                 f"{status}. {why}{self.links(cite)}</li>")
            body = (f'<ul class="item-lines">{"".join(lines)}</ul>' if lines else
                    paragraph("No item is tied to this target."))
            parts.append(f'<h3 id="target-{code.replace(".", "-")}">Target {escape(code)}</h3>'
                         f'{paragraph(f"“{escape(self.ref.targets[code].title)}”{named}", "target-text")}{body}')
        if not parts:
            return Nothing("no target of this goal")
        return Fragment("".join(parts))

    @property
    def subject_name(self) -> str:
        return f"Goal {self.goal}"

    def meeting_columns(self) -> list[str]:
        return [*super().meeting_columns(), "Tied by the paper", "Tied only by an analyst"]

    def meeting_row(self, records: list[ItemRecord]) -> list[str]:
        stated = sum(1 for r in records if any(goal_of(link.code) == self.goal for link in r.item.sdg.stated))
        return [*super().meeting_row(records), str(stated or "–"), str(len(records) - stated or "–")]

    def changes(self, before, after, before_year, after_year):
        if self.agency == ALL:
            return super().changes(before, after, before_year, after_year)
        old, new = ({link.code for r in records for link in r.links(self.goal) if "." in link.code}
                    for records in (before, after))
        return ([("targets tied for the first time", sorted(new - old, key=sdg_sort_key)),
                 ("targets no longer tied", sorted(old - new, key=sdg_sort_key))], "targets")

    def rows_of(self, table: str, frame):
        rows = super().rows_of(table, frame)
        return rows[rows["goal"] == self.goal] if table == "sdg-links" else rows

    def coverage_chart(self):
        from migration_briefs.briefs.charts import coverage_matrix
        named = [code for code in self.targets() if self.data.document_names(code, self.year, self.agency)]
        chart = coverage_matrix(self.records, self.ref, rows="items", goal=self.goal, named=named)
        return chart or Nothing("the matrix would say no more than the list")



def goal_brief(goal, year, agency, dataset: Dataset | None = None) -> GoalBrief:
    dataset = dataset or default_dataset()
    return GoalBrief(dataset, check_one_agency(dataset, agency), check_year(dataset, year), check_goal(dataset, goal))
