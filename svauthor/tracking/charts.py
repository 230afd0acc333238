"""Accessible charts (matplotlib, no display): every chart has alt text, and ratings and lines
are told apart by labels, markers and line styles, never by colour alone."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
STYLES = ("-", "--", "-.", ":")
HATCHES = ("", "//", "..", "xx")


@dataclass(frozen=True)
class Chart:
    png: bytes
    alt: str


def _plt() -> object:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig: object) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=110, bbox_inches="tight")  # type: ignore[attr-defined]
    _plt().close(fig)  # type: ignore[attr-defined]
    return out.getvalue()


def delivery_bars(title: str, rows: Sequence[tuple[str, float | None, str]]) -> Chart:
    """Horizontal bars: each measure's actual as a % of its target, labelled with its rating."""
    plt = _plt()
    shown = [(ref, pct, rating) for ref, pct, rating in rows]
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(shown) + 1.2))  # type: ignore[attr-defined]
    refs = [r for r, _, _ in shown][::-1]
    values = [min(p, 200.0) if p is not None else 0.0 for _, p, _ in shown][::-1]
    ax.barh(refs, values, color="#1d70b8", edgecolor="black", linewidth=0.5)
    ax.axvline(100, color="black", linestyle="--", linewidth=1)
    for i, (_, pct, rating) in enumerate(shown[::-1]):
        label = f"{pct:.0f}% {rating}" if pct is not None else rating
        ax.text(max(values[i], 100) + 3, i, label, va="center", fontsize=8)
    ax.set_xlim(0, 260)
    ax.set_xlabel("Actual as a percentage of the target for the quarter (dashed line: target)")
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    described = "; ".join(
        f"{ref} {pct:.0f}% of target, {rating}" if pct is not None else f"{ref}: {rating}"
        for ref, pct, rating in shown)
    return Chart(_save(fig), f"Bar chart, {title}. {described}.")


def trend_lines(title: str, quarters: Sequence[str],
                series: Sequence[tuple[str, Sequence[float | None]]]) -> Chart:
    """Lines per measure across quarters (year-to-date % of target), each with its own marker."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7, 3.2))  # type: ignore[attr-defined]
    for i, (label, values) in enumerate(series):
        xs = [q for q, v in zip(quarters, values, strict=True) if v is not None]
        ys = [min(v, 200.0) for v in values if v is not None]
        ax.plot(xs, ys, marker=MARKERS[i % len(MARKERS)], linestyle=STYLES[i % len(STYLES)],
                label=label, linewidth=1.2)
    ax.axhline(100, color="black", linestyle="--", linewidth=1)
    ax.set_ylabel("% of target, year to date")
    ax.set_title(title, fontsize=10)
    ax.set_ylim(0, 210)
    if series:
        ax.legend(fontsize=7, ncol=4, loc="lower center", bbox_to_anchor=(0.5, -0.45))
    fig.tight_layout()
    parts = []
    for label, values in series:
        known = [f"{q} {v:.0f}%" for q, v in zip(quarters, values, strict=True) if v is not None]
        parts.append(f"{label}: {', '.join(known) if known else 'no returns'}")
    return Chart(_save(fig), f"Line chart, {title}, by quarter. " + "; ".join(parts) + ".")


def grouped_bars(title: str, groups: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
                 ylabel: str) -> Chart:
    """Grouped bars (for example target, actual and last year per measure), told apart by hatching."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7, 3.2))  # type: ignore[attr-defined]
    width = 0.8 / max(1, len(series))
    for i, (label, values) in enumerate(series):
        xs = [g + i * width for g in range(len(groups))]
        bars = ax.bar(xs, values, width, label=label, hatch=HATCHES[i % len(HATCHES)],
                      edgecolor="black", linewidth=0.5)
        ax.bar_label(bars, labels=[f"{v:,.0f}" for v in values], fontsize=7)
    # wrapped, so long labels ("Approaching target", "Requires improvement") never overlap
    ax.set_xticks([g + width * (len(series) - 1) / 2 for g in range(len(groups))],
                  [textwrap.fill(g, 12) for g in groups])
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    parts = [f"{g}: " + ", ".join(f"{label} {values[j]:,.0f}" for label, values in series)
             for j, g in enumerate(groups)]
    return Chart(_save(fig), f"Bar chart, {title}. " + "; ".join(parts) + ".")
