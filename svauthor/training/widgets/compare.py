"""A good bank question beside its poor twin, with each flaw named and explained."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Markdown, Select

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.training.content import difference_markdown, good_markdown, poor_markdown


class GoodPoorPane(Vertical):
    """Pick a question; see how to ask it and how not to, side by side."""

    def __init__(self, kb: KnowledgeBase, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kb = kb
        self._by_id = {q.id: q for q in kb.questions}

    def compose(self) -> ComposeResult:
        options = [(Content(q.title), q.id) for q in self.kb.questions]
        yield Select(options, allow_blank=False, id="compare-select", prompt="Question")
        with VerticalScroll(id="compare-body"):
            with Horizontal(id="compare-row"):
                yield Markdown(id="good-md")
                yield Markdown(id="poor-md")
            yield Markdown(id="compare-why")

    def on_mount(self) -> None:
        self.query_one("#good-md").border_title = "How to ask it"
        self.query_one("#poor-md").border_title = "How not to"
        if self.kb.questions:
            self.show(self.kb.questions[0].id)

    def show(self, question_id: str) -> None:
        q = self._by_id.get(question_id)
        if q is None:
            return
        self.query_one("#good-md", Markdown).update(good_markdown(q))
        self.query_one("#poor-md", Markdown).update(poor_markdown(q))
        self.query_one("#compare-why", Markdown).update(difference_markdown(q))
        self.query_one("#compare-body", VerticalScroll).scroll_home(animate=False)

    @on(Select.Changed, "#compare-select")
    def _chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.show(event.value)
