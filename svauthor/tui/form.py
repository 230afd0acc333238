"""The wizard's raw form state and its translation into a TenderSpec, field by field.

The form keeps exactly what the user typed (so a half-typed value survives an autosave); turning
it into spec data collects a message per field instead of raising. No Textual here.
"""

from __future__ import annotations

import contextlib
from dataclasses import asdict, dataclass, field
from typing import Any

from pydantic import ValidationError

from svauthor.domain.knowledge import KnowledgeBase
from svauthor.domain.results import NeedEvidence
from svauthor.domain.spec import TenderSpec
from svauthor.domain.validation import friendly_message
from svauthor.inputs import parse_date, parse_money, parse_pct, parse_whole
from svauthor.ukformat import fmt_gbp

DATE_FIELDS = (
    "planned_procurement_notice", "market_engagement", "tender_published",
    "participation_deadline", "invitation_to_tender",
    "clarification_deadline", "tender_deadline", "award_notice", "contract_start",
)
STAGE_DATES = ("participation_deadline", "invitation_to_tender")
"""Dates of a participation stage: shown for procedures that can have one."""
ROUTE_FLAGS = (
    "electronic_submission", "documents_with_notice", "urgency", "light_touch",
    "pre_selected_suppliers", "agreed_tender_period", "dynamic_market",
    "electronic_notification", "representations_received",
)
ROUTE_FLAG_DEFAULTS = {"electronic_submission": True, "documents_with_notice": True,
                       "electronic_notification": True}
NATIONS = ("england", "wales", "scotland", "northern_ireland")
#: Older drafts kept these facts aside (before the app had fields for them); read them in.
KEPT_BUYER = ("nation", "devolved_authority")
KEPT_ROUTE = ("electronic_notification", "representations_received")
KEPT_DATES = STAGE_DATES
TRISTATE = ("infer", "yes", "no")

#: Spec fields the form carries through without a step to edit them.
CARRIED_FIELDS = ("already_required", "local_needs_analysis", "tender", "accepted_risks",
                  "sign_off", "contract_kpis")
#: The Local Needs Analysis rows read with the spec (not a spec field: the loader adds them).
EVIDENCE_KEY = "needs_evidence"


@dataclass
class FormState:
    """Everything the user has entered, as entered; `to_raw`/`from_raw` round-trip via YAML."""

    title: str = ""
    buyer_name: str = ""
    sector: str = "local_authority"
    central: str = "infer"
    regime: str = "procurement_act_2023"
    procedure: str = "open"
    route_flags: dict[str, bool] = field(default_factory=lambda: dict(ROUTE_FLAG_DEFAULTS))
    service_type: str = ""
    value: str = ""
    duration: str = ""
    places: list[str] = field(default_factory=list)
    local_needs: list[str] = field(default_factory=list)
    lots: str = "1"
    vcfse: str = "infer"
    sv_pct: str = ""
    qual_pct: str = ""
    dates: dict[str, str] = field(default_factory=dict)
    overrides: list[dict[str, str]] = field(default_factory=list)
    question_edits: list[dict[str, str]] = field(default_factory=list)
    framework: str | None = None
    #: Spec fields no wizard step edits yet (e.g. `already_required`, `local_needs_analysis`),
    #: carried through unchanged so opening and saving a spec never drops them.
    carried: dict[str, Any] = field(default_factory=dict)
    kept: dict[str, Any] = field(default_factory=dict)
    """Only in drafts written before the app had fields for these facts: read into the
    fields by `from_raw`, then empty."""
    nation: str = "england"
    devolved_authority: bool = False
    #: Rewordings set aside while their question is removed (the spec cannot hold both): they
    #: come back when the question is put back. Kept in the draft, not in the spec.
    parked_edits: list[dict[str, str]] = field(default_factory=list)

    def copy(self) -> FormState:
        return FormState.from_raw(self.to_raw())

    def to_raw(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_raw(cls, raw: Any) -> FormState:
        """Rebuild from autosaved data, tolerating anything odd rather than failing."""
        form = cls()
        if not isinstance(raw, dict):
            return form
        for name in ("title", "buyer_name", "sector", "central", "regime", "procedure",
                     "service_type", "value", "duration", "lots", "vcfse", "sv_pct", "qual_pct"):
            value = raw.get(name)
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                setattr(form, name, str(value))
        if form.central not in TRISTATE:
            form.central = "infer"
        if form.vcfse not in TRISTATE:
            form.vcfse = "infer"
        for name in ("places", "local_needs"):
            value = raw.get(name)
            if isinstance(value, list):
                setattr(form, name, [str(v) for v in value if isinstance(v, str | int)])
        flags = raw.get("route_flags")
        if isinstance(flags, dict):
            form.route_flags = {k: bool(v) for k, v in flags.items() if k in ROUTE_FLAGS}
        dates = raw.get("dates")
        if isinstance(dates, dict):
            form.dates = {k: str(v) for k, v in dates.items() if k in DATE_FIELDS and v}
        for name in ("overrides", "question_edits", "parked_edits"):
            value = raw.get(name)
            if isinstance(value, list):
                setattr(form, name, [{str(k): str(v) for k, v in item.items() if v is not None}
                                     for item in value if isinstance(item, dict)])
        if isinstance(raw.get("framework"), str):
            form.framework = raw["framework"]
        carried = raw.get("carried")
        if isinstance(carried, dict):
            form.carried = {k: v for k, v in carried.items()
                            if k in CARRIED_FIELDS or k == EVIDENCE_KEY}
        kept = raw.get("kept")
        old = kept if isinstance(kept, dict) else {}
        nation = raw.get("nation", old.get("nation"))
        if nation in NATIONS:
            form.nation = str(nation)
        devolved = raw.get("devolved_authority", old.get("devolved_authority"))
        if isinstance(devolved, bool):
            form.devolved_authority = devolved
        for flag in KEPT_ROUTE:
            if isinstance(old.get(flag), bool) and not (isinstance(flags, dict) and flag in flags):
                form.route_flags[flag] = old[flag]
        for key in KEPT_DATES:
            if isinstance(old.get(key), str) and old[key] and key not in form.dates:
                form.dates[key] = old[key]
        return form

    @classmethod
    def from_spec(cls, spec: TenderSpec) -> FormState:
        buyer_central = spec.buyer.central_government_authority
        tt = spec.timetable.given() if spec.timetable else {}
        return cls(
            title=spec.title,
            buyer_name=spec.buyer.name,
            sector=spec.buyer.sector,
            central="infer" if buyer_central is None else ("yes" if buyer_central else "no"),
            regime=spec.route.regime,
            procedure=spec.route.procedure,
            route_flags={f: bool(getattr(spec.route, f)) for f in ROUTE_FLAGS},
            service_type=spec.service_type,
            value=fmt_gbp(spec.value_gbp),
            duration=str(spec.duration_months),
            places=list(spec.places),
            local_needs=list(spec.local_needs),
            lots=str(spec.lots),
            vcfse="infer" if spec.vcfse_suitable is None else (
                "yes" if spec.vcfse_suitable else "no"),
            sv_pct=_pct_text(spec.evaluation.social_value_pct),
            qual_pct=_pct_text(spec.evaluation.qualitative_pct),
            dates={k: v.isoformat() for k, v in tt.items()},
            overrides=[o.model_dump(mode="json") for o in spec.overrides],
            question_edits=[q.model_dump(mode="json", exclude_none=True) for q in spec.questions],
            framework=spec.framework,
            carried={**{k: v for k, v in spec.model_dump(
                mode="json", include=set(CARRIED_FIELDS), exclude_none=True).items() if v},
                **({EVIDENCE_KEY: [e.model_dump(mode="json") for e in spec.all_needs_evidence]}
                   if spec.all_needs_evidence else {})},
            nation=spec.buyer.nation,
            devolved_authority=spec.buyer.devolved_authority,
        )

    # Overrides -----------------------------------------------------------------------------

    def override_for(self, measure: str) -> dict[str, str] | None:
        return next((o for o in self.overrides if o.get("measure") == measure), None)

    def set_override(self, measure: str, action: str, reason: str) -> None:
        """Record (or replace) the one override a measure can carry."""
        self.clear_override(measure)
        self.overrides.append({"measure": measure, "action": action, "reason": reason})

    def clear_override(self, measure: str) -> None:
        self.overrides = [o for o in self.overrides if o.get("measure") != measure]

    def edit_for(self, question: str) -> dict[str, str] | None:
        return next((q for q in self.question_edits
                     if q.get("question") == question and q.get("action") == "edit"), None)

    def set_edit(self, question: str, text: str, reason: str) -> None:
        self.clear_edit(question)
        self.question_edits.append(
            {"question": question, "action": "edit", "reason": reason, "text": text})

    def clear_edit(self, question: str) -> None:
        self.question_edits = [q for q in self.question_edits
                               if not (q.get("question") == question and q.get("action") == "edit")]

    def question_change(self, question: str, action: str) -> dict[str, str] | None:
        """The user's `action` ("add" or "remove") on a bank question, if recorded."""
        return next((q for q in self.question_edits
                     if q.get("question") == question and q.get("action") == action), None)

    def add_question(self, question: str, reason: str) -> None:
        """Ask a bank question the rules did not choose (the reason goes on the record)."""
        self._clear_change(question, "remove")
        self._clear_change(question, "add")
        self.question_edits.append({"question": question, "action": "add", "reason": reason})

    def remove_question(self, question: str, reason: str) -> bool:
        """Leave out a question. A question the user added is simply taken back out; a
        rewording of it is set aside (the spec cannot remove and reword one question) and
        returns with it. True when a rewording was set aside."""
        if self.question_change(question, "add") is not None:
            self._clear_change(question, "add")
            return False
        edit = self.edit_for(question)
        if edit is not None:
            self.clear_edit(question)
            self.parked_edits = [p for p in self.parked_edits if p.get("question") != question]
            self.parked_edits.append(dict(edit))
        self._clear_change(question, "remove")
        self.question_edits.append({"question": question, "action": "remove", "reason": reason})
        return edit is not None

    def put_back_question(self, question: str) -> bool:
        """Undo a removal; a rewording set aside with it comes back. True if one did."""
        self._clear_change(question, "remove")
        parked = next((p for p in self.parked_edits if p.get("question") == question), None)
        if parked is None:
            return False
        self.parked_edits = [p for p in self.parked_edits if p is not parked]
        self.question_edits.append(parked)
        return True

    def _clear_change(self, question: str, action: str) -> None:
        self.question_edits = [q for q in self.question_edits
                               if not (q.get("question") == question
                                       and q.get("action") == action)]


def _pct_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


# Form -> spec --------------------------------------------------------------------------------


@dataclass
class Outcome:
    """The spec the form describes (None while any field is wrong) and a message per field."""

    spec: TenderSpec | None
    errors: dict[str, str]


def build_spec(form: FormState, kb: KnowledgeBase) -> Outcome:
    """Validate the form as a TenderSpec, never raising: problems are returned per field."""
    errors: dict[str, str] = {}
    data: dict[str, Any] = {
        "title": form.title,
        "buyer": {"name": form.buyer_name, "sector": form.sector},
        "route": {"regime": form.regime, "procedure": form.procedure, **form.route_flags},
        "service_type": form.service_type,
        "places": list(form.places),
        "local_needs": list(form.local_needs),
    }
    if form.central != "infer":
        data["buyer"]["central_government_authority"] = form.central == "yes"
    if form.nation != "england" or form.devolved_authority:  # the defaults stay unwritten
        data["buyer"].update(nation=form.nation, devolved_authority=form.devolved_authority)
    if form.vcfse != "infer":
        data["vcfse_suitable"] = form.vcfse == "yes"
    if form.framework:
        data["framework"] = form.framework
    data.update({k: v for k, v in form.carried.items() if k in CARRIED_FIELDS})

    def parsed(name: str, key: str, text: str, parse: Any, required: bool,
               target: dict[str, Any]) -> None:
        if not text.strip():
            if required:
                errors[name] = "Required."
            return
        try:
            target[key] = parse(text)
        except ValueError as exc:
            errors[name] = _sentence(str(exc))

    parsed("value", "value_gbp", form.value, parse_money, True, data)
    parsed("duration", "duration_months", form.duration,
           lambda t: parse_whole(t, "months", "36"), True, data)
    parsed("lots", "lots", form.lots, lambda t: parse_whole(t, "lots", "1"), False, data)
    evaluation: dict[str, Any] = {}
    parsed("sv_pct", "social_value_pct", form.sv_pct, parse_pct, False, evaluation)
    parsed("qual_pct", "qualitative_pct", form.qual_pct, parse_pct, False, evaluation)
    if evaluation:
        data["evaluation"] = evaluation
    timetable: dict[str, Any] = {}
    for key in DATE_FIELDS:
        parsed(f"tt_{key}", key, form.dates.get(key, ""), parse_date, False, timetable)
    if timetable:
        data["timetable"] = timetable
    if form.overrides:
        data["overrides"] = [dict(o) for o in form.overrides]
    if form.question_edits:
        data["questions"] = [dict(q) for q in form.question_edits]
    if not form.service_type:
        errors["service_type"] = "Required: choose the kind of service."

    try:
        spec = TenderSpec.model_validate(data, context={"kb": kb})
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            name = field_for_loc(loc)
            if name not in errors:
                errors[name] = _friendly(err, loc)
        return Outcome(None, errors)
    if errors:
        return Outcome(None, errors)
    rows = form.carried.get(EVIDENCE_KEY)
    if rows and isinstance(rows, list):  # the Local Needs Analysis rows read when it was opened
        with contextlib.suppress(ValidationError):  # a damaged autosave: keep the spec as is
            spec = spec.with_needs_evidence([NeedEvidence.model_validate(r) for r in rows])
    return Outcome(spec, {})


def field_for_loc(loc: tuple[Any, ...]) -> str:
    """The form field a pydantic error location belongs to."""
    head = loc[0] if loc else ""
    simple = {"title": "title", "service_type": "service_type", "value_gbp": "value",
              "duration_months": "duration", "places": "places", "local_needs": "local_needs",
              "vcfse_suitable": "vcfse", "lots": "lots", "overrides": "overrides",
              "questions": "question_edits", "framework": "framework"}
    if head in simple:
        return simple[head]
    sub = loc[1] if len(loc) > 1 else None
    if head == "buyer":
        return {"name": "buyer_name", "sector": "sector", "central_government_authority": "central",
                "nation": "nation", "devolved_authority": "nation"}.get(
                    str(sub), "nation" if len(loc) == 1 else "buyer_name")
    if head == "route":
        if sub == "regime":
            return "regime"
        return "route_flags" if sub in ROUTE_FLAGS else "procedure"
    if head == "evaluation":
        return "qual_pct" if sub == "qualitative_pct" else "sv_pct"
    if head == "timetable":
        return f"tt_{sub}" if sub in DATE_FIELDS else "timetable"
    return "general"


def _friendly(err: Any, loc: tuple[Any, ...]) -> str:
    kind = err["type"]
    if kind == "missing" or (kind == "string_too_short" and not err.get("input")):
        return "Required."
    if kind == "string_too_long":
        limit = err.get("ctx", {}).get("max_length")
        return f"Too long: at most {limit} characters." if limit else "Too long."
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        ctx = err.get("ctx", {})
        if loc[:1] == ("value_gbp",):
            return "Enter a whole-life value above £0 (and below £100 billion)."
        if loc[:1] == ("duration_months",):
            return "Enter between 1 and 600 months."
        if loc[:1] == ("lots",):
            return "Enter between 1 and 500 lots."
        if loc[:1] == ("evaluation",):
            return "Enter a percentage between 0 and 100."
        bound = next(iter(ctx.values()), "")
        return f"Out of range ({kind.replace('_', ' ')} {bound})."
    if loc[:1] == ("overrides",) and len(loc) > 1 and isinstance(loc[1], int):
        return f"Override {loc[1] + 1}: {friendly_message(err, TenderSpec, loc)}"
    return _sentence(friendly_message(err, TenderSpec, loc))


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def procedures_for(regime: str) -> tuple[str, ...]:
    """The procedures of a regime, from the law data (rules/law/regimes.yaml)."""
    from svauthor.domain.law import shipped_regimes

    return shipped_regimes().procedures(regime)
