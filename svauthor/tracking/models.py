"""The register's tables (SQLAlchemy 2). Alembic migrations in `migrations/` create them.

A return is never edited in place: a corrected return is a new revision and the earlier one is
marked superseded, so the audit trail and the data keep both.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Organisation(Base):
    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class Contract(Base):
    __tablename__ = "contracts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    supplier: Mapped[str] = mapped_column(String(200))
    service_type: Mapped[str] = mapped_column(String(100))
    value_gbp: Mapped[float] = mapped_column(Float)
    award_date: Mapped[date] = mapped_column(Date)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    #: Added in schema revision 3. "contract": returns by contract quarter (Y1Q1 is the first
    #: three months from the start date); "calendar": the calendar quarters of registers made
    #: before revision 3, kept so that nothing already filed changes meaning.
    periods: Mapped[str] = mapped_column(String(10), server_default="calendar")
    #: The buyer's nation (revision 3): whose bank holidays count when a return is due.
    nation: Mapped[str] = mapped_column(String(20), server_default="england")
    organisation: Mapped[Organisation] = relationship()
    places: Mapped[list[ContractPlace]] = relationship(cascade="all, delete-orphan",
                                                      order_by="ContractPlace.place")
    commitments: Mapped[list[Commitment]] = relationship(cascade="all, delete-orphan",
                                                        order_by="Commitment.position")


class ContractPlace(Base):
    __tablename__ = "contract_places"
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), primary_key=True)
    place: Mapped[str] = mapped_column(String(100), primary_key=True)


class Commitment(Base):
    __tablename__ = "commitments"
    __table_args__ = (UniqueConstraint("contract_id", "measure_ref"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    measure_ref: Mapped[str] = mapped_column(String(40))
    measure_text: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(40))
    theme: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(200))
    partner_vcfse: Mapped[bool] = mapped_column(Boolean)
    baseline: Mapped[float | None] = mapped_column(Float, nullable=True)
    delivery_method: Mapped[str] = mapped_column(Text)
    targets: Mapped[list[Target]] = relationship(cascade="all, delete-orphan",
                                                 order_by="Target.year")


class Target(Base):
    __tablename__ = "targets"
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    target: Mapped[float] = mapped_column(Float)


class Return(Base):
    __tablename__ = "returns"
    __table_args__ = (UniqueConstraint("contract_id", "quarter", "revision"),
                      Index("ix_returns_current", "quarter", "superseded"),
                      Index("ix_returns_period_end", "period_end", "superseded"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    quarter: Mapped[str] = mapped_column(String(7))
    revision: Mapped[int] = mapped_column(Integer)
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)
    digest: Mapped[str] = mapped_column(String(64))
    source_file: Mapped[str] = mapped_column(String(300))
    submitted_by: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(DateTime)
    #: The last day of the quarter the return covers (revision 3): the roll-up selects by it.
    period_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    lines: Mapped[list[ReturnLine]] = relationship(cascade="all, delete-orphan",
                                                   order_by="ReturnLine.id")
    case_studies: Mapped[list[CaseStudy]] = relationship(cascade="all, delete-orphan",
                                                        order_by="CaseStudy.id")


class ReturnLine(Base):
    __tablename__ = "return_lines"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id"), index=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id"), index=True)
    actual: Mapped[float] = mapped_column(Float)
    evidence: Mapped[str] = mapped_column(Text)
    narrative: Mapped[str] = mapped_column(Text)


class CaseStudy(Base):
    """Added in schema revision 2: the stories behind the numbers."""

    __tablename__ = "case_studies"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id"), index=True)
    measure_ref: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    story: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    contract_ref: Mapped[str] = mapped_column(String(100))
    detail: Mapped[str] = mapped_column(Text)


#: Tables in the order a full export lists them (parents before children).
EXPORT_ORDER = ("organisations", "contracts", "contract_places", "commitments", "targets",
                "returns", "return_lines", "case_studies", "audit")
