"""What ``tradekg analyze`` prints: the most loaded agencies as an aligned table, then one line per finding.

The table is the top of :func:`~graph.analysis.workload.agency_load` with shares as
percentages; columns line up in a terminal with Chinese names (two columns per
character, see :func:`graph.results.display_width`). English names longer than
:data:`ENGLISH_WIDTH` are cut with an ellipsis; the CSV files keep them whole.

Examples
--------
>>> import pandas as pd
>>> load = pd.DataFrame({"agency": ["海关总署"], "agency_en": ["General Administration of Customs"],
...                      "involved": [26], "led": [9], "joined": [17], "national": [26], "local": [0],
...                      "national_share": [1.0], "local_share": [0.0]})
>>> print(format_table(headline(load)))
agency    in English                         involved  led  joined  national  local  national %  local %
--------  ---------------------------------  --------  ---  ------  --------  -----  ----------  -------
海关总署  General Administration of Customs        26    9      17        26      0        100%       0%
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import pandas as pd

from graph.results import display_width

__all__ = ["ENGLISH_WIDTH", "HEADLINE_COLUMNS", "format_table", "headline", "summary_lines"]

HEADLINE_COLUMNS: Final = {"agency": "agency", "agency_en": "in English", "involved": "involved",
                           "led": "led", "joined": "joined", "national": "national", "local": "local",
                           "national_share": "national %", "local_share": "local %"}
"""Columns of the headline, from :func:`agency_load`'s names to the printed ones."""

ENGLISH_WIDTH: Final = 34
"""Widest English name printed whole."""


def headline(load: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """The ``top`` rows of an agency-load table, with the headline's columns and names.

    Parameters
    ----------
    load : pandas.DataFrame
        From :func:`graph.analysis.workload.agency_load` (already in load order).
    top : int, default 10
        Rows to keep.

    Returns
    -------
    pandas.DataFrame
        Columns renamed as :data:`HEADLINE_COLUMNS` says; shares as text (``"65%"``).
    """
    frame = load.head(top)[list(HEADLINE_COLUMNS)].rename(columns=HEADLINE_COLUMNS).reset_index(drop=True)
    for column in ("national %", "local %"):
        frame[column] = [f"{share:.0%}" for share in frame[column]]
    frame["in English"] = [_cut(str(name)) if isinstance(name, str) else "" for name in frame["in English"]]
    return frame


def _cut(text: str) -> str:
    return text if len(text) <= ENGLISH_WIDTH else text[: ENGLISH_WIDTH - 1] + "…"


def format_table(frame: pd.DataFrame) -> str:
    """A DataFrame as aligned text: a header, a rule, one line per row; numbers to the right.

    Examples
    --------
    >>> print(format_table(pd.DataFrame({"agency": ["商务部", "海关总署"], "n": [3, 12]})))
    agency     n
    --------  --
    商务部     3
    海关总署  12
    """
    header = [str(c) for c in frame.columns]
    body = [["" if pd.isna(v) else str(v) for v in row] for row in frame.itertuples(index=False)]
    widths = [max([display_width(h), *(display_width(r[i]) for r in body)]) for i, h in enumerate(header)]
    right = [pd.api.types.is_numeric_dtype(frame[c]) or str(c).endswith("%") for c in frame.columns]

    def line(cells: list[str]) -> str:
        out = []
        for cell, width, flush_right in zip(cells, widths, right, strict=True):
            pad = " " * (width - display_width(cell))
            out.append(pad + cell if flush_right else cell + pad)
        return "  ".join(out).rstrip()

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *(line(r) for r in body)])


def summary_lines(tables: Mapping[str, pd.DataFrame], *, seed: int) -> list[str]:
    """One line per finding of the analysis tables: leads, pairs, centrality, communities, bridges.

    Parameters
    ----------
    tables : mapping of str to pandas.DataFrame
        From :func:`graph.analysis.suite.analyze_graph`.
    seed : int
        The Louvain seed the communities were found with (it is printed).

    Returns
    -------
    list of str

    Examples
    --------
    >>> from graph.analysis.suite import analyze_graph
    >>> from graph.projection import read_graph
    >>> for line in summary_lines(analyze_graph(read_graph(SEED_OUT)), seed=42):
    ...     print(line)
    Leads: 28 of 44 measures have a lead; 重庆市人民政府口岸和物流办公室 leads most, 11 (39%); \
Herfindahl index 0.283 (as if 3.5 agencies led equally).
      national: 11 of 27 measures have a lead; 海关总署 leads 9 (82%); Herfindahl index 0.686.
      local: 17 of 17 measures have a lead; 重庆市人民政府口岸和物流办公室 leads 11 (65%); \
Herfindahl index 0.481.
    Heaviest pair: 交通运输部 and 海关总署 share 13 measures.
    Highest betweenness: 重庆市人民政府口岸和物流办公室 (0.103); \
weighted by shared measures: 海关总署 (0.145).
    Communities (Louvain, seed 42): 2, around 海关总署 (15 agencies), \
重庆市人民政府口岸和物流办公室 (13 agencies).
    Bridges between national and local documents: none directly; through sub-organisations: \
海关总署 (中华人民共和国重庆海关), \
中国国家铁路集团有限公司 (中铁联合国际集装箱有限公司重庆分公司; 重庆铁路办事处).
    """
    lines = []
    concentration = tables["lead_concentration"].set_index("scope")
    for scope, row in concentration.iterrows():
        if scope == "all":
            if not row["top_led"]:
                lines.append(f"Leads: none of {row['measures']} measures has a lead.")
                continue
            lines.append(f"Leads: {row['measures_led']} of {row['measures']} measures have a lead; "
                         f"{row['top_agency']} leads most, {row['top_led']} ({row['top_share_of_led']:.0%}); "
                         f"Herfindahl index {row['herfindahl']:.3f} "
                         f"(as if {row['lead_agencies_equivalent']:.1f} agencies led equally).")
        elif row["measures"]:
            lead = (f"{row['top_agency']} leads {row['top_led']} ({row['top_share_of_led']:.0%}); "
                    f"Herfindahl index {row['herfindahl']:.3f}." if row["top_led"] else "no lead.")
            lines.append(f"  {scope}: {row['measures_led']} of {row['measures']} measures have a lead; "
                         f"{lead}")
    pairs = tables["agency_pairs"]
    if len(pairs):
        first = pairs.iloc[0]
        lines.append(f"Heaviest pair: {first['agency_a']} and {first['agency_b']} "
                     f"share {first['measures']} measures.")
    central = tables["agency_centrality"]
    if len(central):
        top = central.iloc[0]
        weighted = central.sort_values("betweenness_weighted", ascending=False, kind="mergesort").iloc[0]
        lines.append(f"Highest betweenness: {top['agency']} ({top['betweenness']:.3f}); weighted by "
                     f"shared measures: {weighted['agency']} ({weighted['betweenness_weighted']:.3f}).")
    communities = tables["agency_communities"].drop_duplicates("community")
    around = ", ".join(f"{r.anchor} ({r.community_size} agenc{'y' if r.community_size == 1 else 'ies'})"
                       for r in communities.itertuples())
    lines.append(f"Communities (Louvain, seed {seed}): {len(communities)}"
                 + (f", around {around}." if around else "."))
    bridges = tables["bridging_agencies"]
    direct = bridges[bridges["bridges"] == "direct"]
    through = bridges[bridges["bridges"] != "direct"]
    said = ", ".join(direct["agency"]) if len(direct) else "none directly"
    if len(through):
        said += "; through sub-organisations: " + ", ".join(f"{r.agency} ({r.through})"
                                                             for r in through.itertuples())
    lines.append(f"Bridges between national and local documents: {said}.")
    return lines
