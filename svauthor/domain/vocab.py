"""Vocabularies the spec draws on: service types, places and local needs."""

from __future__ import annotations

from pydantic import Field

from svauthor.domain.base import Strict


class ServiceType(Strict):
    id: str
    name: str
    description: str
    health_care: bool = Field(
        default=False, description="A relevant health care service that the PSR may cover"
    )
    light_touch: bool = Field(
        default=False, description="Usually a light touch service (PA23 Sch 1 / PCR Sch 3)"
    )
    works: bool = False
    goods: bool = Field(default=False,
                        description="A supply (goods) contract, not services: the Social Value "
                        "Act's services duty does not cover it")
    core_needs: list[str] = Field(
        default_factory=list,
        description="Local needs this service is itself bought to meet: naming them leads to no "
        "need-led measure or question, since those would re-sell the core service",
    )

    def facts(self) -> dict[str, bool]:
        """The service's flags under the fact names rules test (svauthor.domain.conditions)."""
        return {"health_care": self.health_care, "light_touch_service": self.light_touch,
                "works": self.works, "goods": self.goods}


class Place(Strict):
    id: str
    name: str
    nation: str
    area: str = ""


class Need(Strict):
    """A local need from a Local Needs Analysis, and the outcomes and measures it points to."""

    id: str
    name: str
    description: str
    outcomes: list[str] = Field(default_factory=list)
    measures: list[str] = Field(default_factory=list)
    why: str
    source: str
