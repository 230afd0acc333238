"""Browse and search the question bank: a filtered list beside the selected question in full."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Markdown, OptionList
from textual.widgets.option_list import Option

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.questionbank import Question
from svauthor.training.content import MAX_QUERY_CHARS, question_markdown, search_questions


class BankBrowser(Horizontal):
    """Type to filter; the highlighted question shows with its guidance and strong answer."""

    def __init__(self, kb: KnowledgeBase, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kb = kb
        self._by_id = {q.id: q for q in kb.questions}
        self._shown: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="bank-left"):
            yield Input(placeholder="Search the bank", id="bank-search",
                        max_length=MAX_QUERY_CHARS)
            yield OptionList(id="bank-list")
        with VerticalScroll(id="bank-detail"):
            yield Markdown(id="bank-md")

    def on_mount(self) -> None:
        self.query_one("#bank-search", Input).tooltip = (
            "Every word must appear in the question's text, guidance, outcomes or measures")
        self._fill(self.kb.questions)

    def _fill(self, questions: list[Question]) -> None:
        listing = self.query_one("#bank-list", OptionList)
        listing.clear_options()
        listing.add_options([Option(Content(q.title), id=q.id) for q in questions])
        listing.border_title = f"{len(questions)} of {len(self.kb.questions)} questions"
        if questions:
            listing.highlighted = 0
            self._show(questions[0])
        else:
            self._shown = None
            self.query_one("#bank-md", Markdown).update(
                "No question matches all of those words. Try fewer or shorter words, "
                "or a measure reference such as NT29.")

    def _show(self, q: Question) -> None:
        if q.id == self._shown:  # typing often keeps the same first match: skip the re-render
            return
        self._shown = q.id
        self.query_one("#bank-md", Markdown).update(question_markdown(q, self.kb))
        self.query_one("#bank-detail", VerticalScroll).scroll_home(animate=False)

    @on(Input.Changed, "#bank-search")
    def _search(self, event: Input.Changed) -> None:
        self._fill(search_questions(self.kb, event.value))

    @on(Input.Submitted, "#bank-search")
    def _to_list(self) -> None:
        self.query_one("#bank-list", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#bank-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        q = self._by_id.get(event.option.id or "")
        if q is not None:
            self._show(q)
