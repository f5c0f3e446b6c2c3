"""The brief on one SDG goal: what the papers name, what they tie to single items, and what
analysts tie to the goal's targets. Its words: notebooks/goal_brief.yaml and
notebooks/system_goal.yaml."""
from __future__ import annotations

from collections import Counter

from migration_briefs.briefs.base import AllAgencies, Brief, Nothing, OneAgency, default_dataset, html
from migration_briefs.briefs.fragments import Fragment, paragraph
from migration_briefs.model.dataset import Dataset, ItemRecord, goal_of
from migration_briefs.model.params import check_goal, check_one_agency, check_system, check_year
from migration_briefs.model.reference import sdg_sort_key


class GoalBrief(Brief):
    kind = "goal"

    def __init__(self, dataset: Dataset, scope, year: int, words, goal: str):
        self.goal = goal
        self.goal_record = dataset.reference.goals[goal]
        super().__init__(dataset, scope, year, words)
        # where the papers name the goal or one of its targets for the year's work as a whole
        self.named = [(c, s.source) for c, s in self.data.statements(self.year, self.agency)
                      if any(goal_of(code) == self.goal for code in s.codes)]

    def select(self):
        return self.data.items(year=self.year, agency=self.agency, goal=self.goal)

    @property
    def subject(self) -> tuple:
        return "goal", self.goal

    def subject_facts(self) -> dict:
        return {"goal": self.goal, "short": self.goal_record.short}

    @property
    def goal_title(self) -> str:
        """The goal in its official words."""
        return self.goal_record.title

    def targets(self) -> list[str]:
        """The goal's targets that the document names for the year, or that items are tied to."""
        named = {code for _, s in self.data.statements(self.year, self.agency) for code in s.codes
                 if "." in code and goal_of(code) == self.goal}
        tied = {link.code for r in self.records for link in r.links(self.goal) if "." in link.code}
        return sorted(named | tied, key=sdg_sort_key)

    def extra_citations(self, contribution) -> set[str]:
        return {p for code in (self.goal, *self.targets())
                for c, ids in self.data.document_names(code, self.year, self.agency) if c is contribution for p in ids}

    def naming(self, agency: str) -> list[tuple]:
        """(contribution, paragraph ids) where the agency's paper names the goal or one of its
        targets for the year's work as a whole (the goals chart marks the same agencies)."""
        return [(c, s.source) for c, s in self.data.statements(self.year, agency)
                if any(goal_of(code) == self.goal for code in s.codes)]

    def stated_links(self, records: list[ItemRecord] | None = None) -> list[tuple]:
        """(record, link) for each tie of an item to the goal or one of its targets that its paper states."""
        return [(r, link) for r in (self.records if records is None else records)
                for link in r.item.sdg.stated if goal_of(link.code) == self.goal]

    # --- pieces ---------------------------------------------------------------------------------
    def about(self) -> Fragment:
        """The goal in its official words; where the papers neither name it nor tie an item to
        it (a notebook run by hand for any goal), that the brief has nothing to report."""
        about = paragraph(self.say("about", goal_title=self.goal_title))
        if not self.records and not self.named:
            about += paragraph(self.say("nothing"))
        return Fragment(about)

    def message_named(self):
        """What the papers themselves say of the goal, which a fact-checker needs first: the goal
        or targets they name for the year's work as a whole, those they tie to single items, or
        that they name none (and what else they name)."""
        statements = self.data.statements(self.year, self.agency)
        named = sorted({code for _, s in statements for code in s.codes if goal_of(code) == self.goal}, key=sdg_sort_key)
        named_elsewhere = sorted({code for _, s in statements for code in s.codes if goal_of(code) != self.goal},
                                 key=sdg_sort_key)
        stated = self.stated_links()
        everything = self.data.items(year=self.year, agency=self.agency)
        stated_elsewhere = any(goal_of(link.code) != self.goal for r in everything for link in r.item.sdg.stated)
        frames = self.data.framing(self.year, self.agency)[:1] if not (named or stated) else []
        refs = [self.cite(c, s.source) for c, s in statements if any(goal_of(code) == self.goal for code in s.codes)]
        refs += [self.cite(r.contribution, link.source) for r, link in stated]
        if named_elsewhere and not named:  # the sentence says what the papers name instead: cite where
            refs += [self.cite(c, s.source) for c, s in statements]
        refs += [self.cite(c, f.source) for c, f in self.data.framing(self.year, self.agency)] if not refs else []
        return [({"named": named, "named_elsewhere": named_elsewhere, "naming_papers": len({c.year for c, _ in self.named}),
                  "tying_papers": len({(r.agency, r.contribution.year) for r, _ in stated}),
                  "naming_elsewhere_papers": len({(c.agency, c.year) for c, _ in statements}),
                  "stated": sorted({link.code for _, link in stated}, key=sdg_sort_key),
                  "stated_items": len({r.key for r, _ in stated}), "stated_elsewhere": stated_elsewhere,
                  "frame": frames[0][1].frame if frames else ""}, refs)]

    def target_sections(self) -> Fragment:
        """For each target: its official wording and each item tied to it with the analyst's reason
        (or the document's words), in full where this brief tells it (whether the document names
        the target, the first key message says)."""
        parts = []
        told_here: set[str] = set()
        for code in self.targets():
            lines = []
            for record in self.records:
                for link in record.links(self.goal):
                    if link.code != code:
                        continue
                    analyst = hasattr(link, "reason")
                    # told in full once, under its first target, where this brief tells it
                    told = self.item_told(record) if self.tells(record) and record.key not in told_here else None
                    cite = self.refs([record]) if analyst or told else [self.cite(record.contribution, link.source)]
                    lines.append(self.say("targets.item", item=told["title"] if told else self.item_link(record),
                                          status=html(self.status_word(record)), reason=link.reason if analyst else "",
                                          summary=told["summary"] if told else "",
                                          outcomes=told["outcomes"] if told else "", cite=self.cite_html(cite)))
                    told_here.add(record.key)
            body = (f'<ul class="item-lines">{"".join(f"<li>{line}</li>" for line in lines)}</ul>' if lines else
                    paragraph(self.say("targets.no_item")))
            parts.append(f'<h3 id="target-{code.replace(".", "-")}">{self.say("targets.heading", target=code)}</h3>'
                         + paragraph(self.say("targets.text", target_title=self.ref.targets[code].title), "target-text")
                         + body)
        if not parts:
            return Nothing("no target of this goal")
        return Fragment("".join(parts))

    def target_counts(self) -> Fragment:
        """Each target of the goal that a paper names or that the work of several agencies is tied
        to, in its official words, with its counts, stated and analysts' apart (the agencies' briefs
        give each item and reason); the targets of one agency's work alone in one closing sentence."""
        lines, alone = [], []
        for code in self.targets():
            links = [(r, link) for r in self.records for link in r.links(self.goal) if link.code == code]
            stated = sum(1 for _, link in links if not hasattr(link, "reason"))
            facts = {"target": code, "tied_items": len(links), "by_whom": self.by_whom(stated, len(links)),
                     "agencies_tied": len({r.agency for r, _ in links}),
                     "naming": len({c.agency for c, _ in self.data.document_names(code, self.year, self.agency)})}
            if facts["agencies_tied"] <= 1 and not facts["naming"]:
                alone.append(facts)
                continue
            lines.append(self.say("targets.counted", target_title=self.ref.targets[code].title, **facts))
        if not lines and not alone:
            return Nothing("no target of this goal")
        html_ = (f'<ul class="item-lines" aria-label="{self.say("targets.label")}">'
                 + "".join(f"<li>{line}</li>" for line in lines) + "</ul>") if lines else ""
        if alone:
            html_ += paragraph(self.say("targets.alone", targets=alone))
        return Fragment(html_)

    def coverage_chart(self):
        """This agency's items against the goal's targets (charts.coverage_matrix)."""
        from migration_briefs.briefs.charts import coverage_matrix
        named = [code for code in self.targets() if self.data.document_names(code, self.year, self.agency)]
        chart = coverage_matrix(self.records, self.ref, rows="items", goal=self.goal, named=named, words=self.words)
        return chart or Nothing("the matrix would say no more than the list")

    def agencies_chart(self):
        """The agencies against the goal's targets (charts.agencies_by_goal)."""
        from migration_briefs.briefs.charts import agencies_by_goal
        named = {c.agency: {code for s in c.sdg_statements if s.year == self.year for code in s.codes}
                 for c in self.contributions}
        return agencies_by_goal(self.records, self.ref, goal=self.goal, named=named, words=self.words) \
            or Nothing("too few agencies")

    # --- across meetings and agencies -------------------------------------------------------------
    def meeting_facts(self, records: list[ItemRecord]) -> dict:
        stated = sum(1 for r in records if any(goal_of(link.code) == self.goal for link in r.item.sdg.stated))
        return {**super().meeting_facts(records), "stated": stated, "analyst": len(records) - stated}

    def subject_changes(self, before, after):
        old, new = ({link.code for r in records for link in r.links(self.goal) if "." in link.code}
                    for records in (before, after))
        return {"new": sorted(new - old, key=sdg_sort_key), "gone": sorted(old - new, key=sdg_sort_key)}

    def agency_facts(self, agency, records):
        stated = [r for r in records if r.basis(self.goal) == "stated"]
        named = self.naming(agency)
        links = [(link.code, not hasattr(link, "reason")) for r in records for link in r.links(self.goal)
                 if "." in link.code]
        return {"stated": len(stated), "analyst": len(records) - len(stated),
                "named": html(f'{self.say("agency_table.yes")}{self.links([self.cite(c, ids) for c, ids in named])}')
                if named else False,
                "targets": self.say("agency_table.targets",
                                    paper=sorted({c for c, by_paper in links if by_paper}, key=sdg_sort_key),
                                    analyst=sorted({c for c, by_paper in links if not by_paper}, key=sdg_sort_key))}

    def rows_of(self, table: str, frame):
        rows = super().rows_of(table, frame)
        return rows[rows["goal"] == self.goal] if table == "sdg-links" else rows

    def message_ties(self):
        """How many agencies' papers name the goal for the year (and in how many papers), how many
        agencies have items tied to it, and how many of those with a tie their own paper states."""
        papers = {(c.agency, c.year) for a in self.reporting for c, _ in self.naming(a)}
        return [({"naming": len({agency for agency, _ in papers}), "naming_papers": len(papers), "tied": len(self.agencies),
                  "stating": len({r.agency for r in self.records if r.basis(self.goal) == "stated"})}, [])]

    def message_most_tied(self):
        """The target or targets tied to the most items, of how many tied at all, from how many
        agencies, by whom."""
        links = [(r, link) for r in self.records for link in r.links(self.goal) if "." in link.code]
        by_target = Counter(link.code for _, link in links)
        if not by_target:
            return []
        top = max(by_target.values())
        leaders = sorted((c for c in by_target if by_target[c] == top), key=sdg_sort_key)
        mine = [(r, link) for r, link in links if link.code in leaders]
        stated = sum(1 for _, link in mine if not hasattr(link, "reason"))
        return [({"leaders": leaders, "top": top, "targets": len(by_target), "agencies_tied": len({r.agency for r, _ in mine}),
                  "by_whom": self.by_whom(stated, len(mine))}, [])]

    def by_whom(self, stated: int, items: int):
        """Who made the ties a count counts: the papers, analysts or both (words: `by_whom`)."""
        return self.say("by_whom", stated=stated, items=items)


def goal_brief(goal, year, agency, dataset: Dataset | None = None, words: str = "goal_brief") -> GoalBrief:
    """The brief on one goal in one agency's work (words: notebooks/goal_brief.yaml)."""
    dataset = dataset or default_dataset()
    return GoalBrief(dataset, OneAgency(check_one_agency(dataset, agency)), check_year(dataset, year), words,
                     check_goal(dataset, goal))


def system_goal(goal, year, agency="all", dataset: Dataset | None = None, words: str = "system_goal") -> GoalBrief:
    """The brief on one goal across every agency's papers (words: notebooks/system_goal.yaml)."""
    dataset = dataset or default_dataset()
    return GoalBrief(dataset, AllAgencies(check_system(dataset, agency)), check_year(dataset, year), words,
                     check_goal(dataset, goal))

