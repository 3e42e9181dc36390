"""任务分工 tables: measures as table rows, with responsible bodies in their own columns.

An annex often lists tasks in a table: 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限. In a
text file the cells are separated by tabs, ``|`` or runs of spaces; an HTML table reaches the
loaders the same way (cells become tab-separated, see :mod:`loaders.html_text`). A row
becomes a measure whose clause is written from its role columns (牵头单位：X；配合单位：Y),
so it is parsed by the same rules as a parenthesised clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.clause_grammar import ClauseGrammar

__all__ = ["TableRow", "find_task_rows"]

_CELL_SPLIT = re.compile(r"\s*[|｜]\s*|\s{2,}")
_TASK_COLUMNS = ("重点任务", "工作任务", "主要任务", "任务内容", "具体措施", "工作措施", "改革事项",
                 "政策措施", "任务", "事项", "措施")
_DEADLINE_COLUMNS = ("完成时限", "完成时间", "时间节点", "时限要求", "时限")
_NUMBER_COLUMNS = ("序号", "编号")


@dataclass(frozen=True, slots=True)
class TableRow:
    """One task row: its number, task text, clause written from its role cells, and offsets.

    ``start``/``end`` delimit the row's line; ``task_start`` where its task cell begins.
    """

    number: str
    task: str
    clause: str
    deadline: str | None
    start: int
    end: int
    task_start: int


def _cells(line: str) -> list[str]:
    """Cells of a row: tab-separated (empty cells kept), else split at | or runs of spaces."""
    line = line.strip(" \n")
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    return [c.strip() for c in _CELL_SPLIT.split(line.strip()) if c.strip()]


def _header(cells: list[str], grammar: ClauseGrammar) -> tuple[dict[str, int], list[str]] | None:
    """Column positions of a task table's header row and its role columns, or None."""
    columns: dict[str, int] = {}
    roles: list[str] = []
    for index, cell in enumerate(cells):
        name = cell.replace(" ", "")
        if name in _NUMBER_COLUMNS:
            columns["number"] = index
        elif name in _DEADLINE_COLUMNS:
            columns["deadline"] = index
        elif grammar.is_role_column(name):
            columns[name] = index
            roles += [] if name in roles else [name]
        elif "task" not in columns and any(name.endswith(t) for t in _TASK_COLUMNS):
            columns["task"] = index
    return (columns, roles) if roles and "task" in columns else None


def find_task_rows(norm: str, start: int = 0, end: int | None = None,
                   grammar: ClauseGrammar | None = None) -> list[TableRow]:
    """Find the rows of 任务分工 tables in width-normalised text.

    Parameters
    ----------
    norm : str
        Width-normalised text.
    start, end : int
        The region to search.
    grammar : ClauseGrammar, optional
        Tells role columns (牵头单位, 主要责任部门 …) by their label; the shipped one by default.

    Returns
    -------
    list of TableRow

    Examples
    --------
    >>> text = ("序号\\t重点任务\\t牵头单位\\t配合单位\\t完成时限\\n"
    ...         "1\\t推行提前申报。\\t省商务厅\\t省财政厅、省港航集团\\t2099年底前\\n")
    >>> [(r.number, r.task, r.clause, r.deadline) for r in find_task_rows(text)]
    [('1', '推行提前申报。', '牵头单位：省商务厅；配合单位：省财政厅、省港航集团', '2099年底前')]
    """
    end = len(norm) if end is None else end
    grammar = grammar or ClauseGrammar.default()
    rows: list[TableRow] = []
    columns: tuple[dict[str, int], list[str]] | None = None
    pos = start
    while pos < end:
        line_end = norm.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        cells = _cells(norm[pos:line_end])
        filled = [c for c in cells if c]
        header = _header(cells, grammar) if len(filled) >= 3 else None
        if header is not None:
            columns = header
        elif columns is not None and len(cells) >= len(columns[0]) - 1 and len(filled) >= 3:
            row = _row(norm, pos, line_end, cells, columns, len(rows) + 1)
            if row is not None:
                rows.append(row)
        elif columns is not None and filled:
            columns = None  # the table has ended
        pos = line_end + 1
    return rows


def _row(norm: str, start: int, end: int, cells: list[str],
         header: tuple[dict[str, int], list[str]], ordinal: int) -> TableRow | None:
    columns, roles = header

    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    task = cell("task")
    parts = [f"{name}：{cell(name)}" for name in roles if cell(name)]
    if not task or not parts:
        return None
    number = cell("number").rstrip(".、")
    number = number if number.isdigit() else str(ordinal)
    task_start = norm.find(task, start, end)
    return TableRow(number, task, "；".join(parts), cell("deadline") or None, start, end,
                    task_start if task_start >= 0 else start)
