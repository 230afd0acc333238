"""The eight wizard steps, in order."""

from __future__ import annotations

from svauthor.tui.state import StepPlan
from svauthor.tui.steps.base import Step
from svauthor.tui.steps.basics import BasicsStep
from svauthor.tui.steps.generate import GenerateStep
from svauthor.tui.steps.measures import MeasuresStep
from svauthor.tui.steps.places import PlacesStep
from svauthor.tui.steps.questions import QuestionsStep
from svauthor.tui.steps.size import SizeStep
from svauthor.tui.steps.timetable import TimetableStep
from svauthor.tui.steps.vcfse import VcfseStep

STEPS: tuple[type[Step], ...] = (
    BasicsStep, SizeStep, PlacesStep, VcfseStep, MeasuresStep, QuestionsStep, TimetableStep,
    GenerateStep,
)

STEP_PLANS: tuple[StepPlan, ...] = tuple(StepPlan(s.FIELDS, s.CHECKS) for s in STEPS)
"""Each step's fields and checks; a step's number is its position in STEPS."""

__all__ = ["STEPS", "STEP_PLANS", "Step"]
