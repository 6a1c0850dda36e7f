"""Cutting a policy into retrievable chunks along its own structure.

A *unit* is the passage a citation points at; long units are split into chunks of at most
`max_chars`, at sentence ends (。；！？ and line ends), each repeating the last `overlap` characters
of the one before (from a clause boundary on), so a sentence cut in two still reads whole once.

Section labels (`Chunk.section`), what a citation quotes:

* a law article is one unit labelled by its number, `第三十八条`, heading and body together; the
  编/章/节 above it form `heading_path`, and its items （一）（二） stay inside it;
* outline items are labelled by the markers down to them, in standard brackets: `二、（三）`,
  `一、（二）3.`; a short heading line that has a body (`一、总体情况` over 一是…二是… paragraphs)
  goes into `heading_path` and its body becomes the unit, labelled `一、`; a body whose paragraphs
  open with 一是/二是… (annual reports) gives one unit per such paragraph, all with that label;
* text before the first heading is labelled `前言`, the 抄送/印发 block `版记`; a document with no
  headings at all has no sections (label "").

Tables (see `index.outline`): a task table, one whose header names a deadline column (完成时限)
and a responsibility column (责任单位), gives one unit per task row, e.g. `3.开展… 完成时限：12月底前
责任单位：区财政局…`; its outline cells (一、/（一）) act as headings. Other tables, such as the
statistics of an annual report, become one line per row (`规章 | 0 | 0 | 0`) in the body of the
unit they stand under, so they are grouped into readable chunks rather than one number per chunk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.models import Chunk, Policy
from index.outline import ARTICLE, END_MATTER, Heading, Table, blocks, heading_of

CHUNKER_VERSION = "structure-2"
PREAMBLE = "前言"

# A heading line up to this long, with a body under it, is a title rather than a paragraph.
_SHORT_HEADING = 40
_PATH_TITLE = 30
_DEADLINE_COLUMNS = ("完成时限", "完成时间", "时限")
_RESPONSIBLE_COLUMNS = ("责任单位", "牵头单位", "责任部门", "责任主体")
_SENTENCE = re.compile(r"[^。；！？!?;\n]*(?:[。；！？!?;]+[”’」』）)]*\n?|\n|$)")
_CLAUSE_END = re.compile(r"[。；！？!?;，,、\n]")
_ENUMERATED_PARAGRAPH = re.compile(r"\s*[一二三四五六七八九十]{1,3}是")


@dataclass
class Unit:
    section: str
    heading_path: list[str]
    text: str


def chunk_policy(policy: Policy, *, max_chars: int = 500, overlap: int = 80) -> list[Chunk]:
    if not 0 <= overlap < max_chars:
        raise ValueError(f"overlap ({overlap}) must be at least 0 and below max_chars ({max_chars})")
    chunks: list[Chunk] = []
    for unit in read_units(policy.text):
        for text in split_text(unit.text, max_chars, overlap):
            chunks.append(Chunk(
                doc_id=policy.id, ordinal=len(chunks), text=text, section=unit.section,
                heading_path=list(unit.heading_path),
                embed_text=embed_text(policy.title, unit.heading_path, text),
            ))
    return chunks


def embed_text(title: str, heading_path: list[str], text: str) -> str:
    """`《标题》 一、总体情况 > …` then the passage on the next line."""
    head = " ".join(part for part in (f"《{title}》", " > ".join(heading_path)) if part)
    return f"{head}\n{text}"


def read_units(text: str) -> list[Unit]:
    builder = _UnitBuilder()
    for block in blocks(text):
        if isinstance(block, Table):
            builder.add_table(block)
        else:
            builder.add_line(block)
    return builder.finish()


class _UnitBuilder:
    """Walks the lines of a document, keeping the open headings and the unit being filled."""

    def __init__(self) -> None:
        self.stack: list[Heading] = []
        self.heading: Heading | None = None  # the heading of the unit being filled
        self.ancestors: list[Heading] = []
        self.lines: list[str] = []
        self.units: list[Unit] = []
        self.structured = False

    def add_line(self, line: str) -> None:
        heading = heading_of(line)
        in_article = any(h.level == ARTICLE for h in self.stack)
        if heading is None or (in_article and heading.level > ARTICLE):
            self.lines.append(line)
        else:
            self._open(heading)

    def add_table(self, table: Table) -> None:
        header = next((i for i, row in enumerate(table.rows) if _is_task_header(row)), None)
        if header is None:
            self.lines.extend(" | ".join(cell for cell in row if cell) for row in table.rows)
            return
        self.add_table(Table(table.rows[:header]))
        names = _task_columns(table.rows[header])
        for row in table.rows[header + 1 :]:
            self._add_task_row(row, names)

    def _add_task_row(self, row: list[str], names: list[str]) -> None:
        """Outline cells open headings; the task becomes one line that carries its columns."""
        leading = [cell for cell in row[: -len(names)] if cell] if len(row) > len(names) else []
        if not leading:
            for cell in filter(None, row):
                self.add_line(cell)
            return
        for cell in leading[:-1]:
            self.add_line(cell)
        values = [f"{name}：{value}" for name, value in zip(names, row[-len(names) :], strict=True) if value]
        self.add_line(" ".join([leading[-1], *values]))

    def finish(self) -> list[Unit]:
        self._close(next_level=None)
        if not self.structured:
            for unit in self.units:
                unit.section = ""
        return self.units

    def _open(self, heading: Heading) -> None:
        self._close(next_level=heading.level)
        self.structured = True
        while self.stack and self.stack[-1].level >= heading.level:
            self.stack.pop()
        self.ancestors = list(self.stack)
        self.stack.append(heading)
        self.heading, self.lines = heading, [heading.line]

    def _close(self, next_level: int | None) -> None:
        """Turn the lines gathered so far into a unit, unless they are only a heading over children."""
        heading, lines = self.heading, self.lines
        self.lines = []
        if heading is None:
            if lines:
                self.units.append(Unit(PREAMBLE, [], "\n".join(lines)))
            return
        has_children = next_level is not None and next_level > heading.level
        if len(lines) == 1 and has_children:
            return
        path = [_path_title(h) for h in self.ancestors]
        if len(lines) > 1 and _is_title(heading):
            path, lines = [*path, _path_title(heading)], lines[1:]
        section = _section(self.ancestors, heading)
        self.units.extend(Unit(section, path, "\n".join(group)) for group in _paragraph_groups(lines))


def _paragraph_groups(lines: list[str]) -> list[list[str]]:
    """Split a body at paragraphs that open with 一是/二是…: each is a topic of its own in a report."""
    groups: list[list[str]] = [[]]
    for line in lines:
        if _ENUMERATED_PARAGRAPH.match(line) and groups[-1]:
            groups.append([])
        groups[-1].append(line)
    return groups


def _is_task_header(row: list[str]) -> bool:
    return any(c in _DEADLINE_COLUMNS for c in row) and any(c in _RESPONSIBLE_COLUMNS for c in row)


def _task_columns(header: list[str]) -> list[str]:
    """The header names from the first deadline or responsibility column to the end."""
    first = next(i for i, name in enumerate(header) if name in (*_DEADLINE_COLUMNS, *_RESPONSIBLE_COLUMNS))
    return header[first:]


def _is_title(heading: Heading) -> bool:
    return heading.level not in (ARTICLE, END_MATTER) and len(heading.line) <= _SHORT_HEADING


def _path_title(heading: Heading) -> str:
    if _is_title(heading):
        return heading.line.rstrip("。")
    first = re.split(r"[。；：:]", heading.line, maxsplit=1)[0]
    return first if len(first) <= _PATH_TITLE else first[:_PATH_TITLE] + "…"


def _section(ancestors: list[Heading], heading: Heading) -> str:
    if heading.level <= ARTICLE:
        return heading.marker
    return "".join(h.marker for h in ancestors if h.level > ARTICLE) + heading.marker


def split_text(text: str, max_chars: int, overlap: int) -> list[str]:
    """Pack sentences into pieces of at most `max_chars`, each starting with the previous one's tail."""
    if len(text) <= max_chars:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in _sentences(text, max_chars - overlap):
        if current and len(current) + len(sentence) > max_chars:
            pieces.append(current)
            current = _tail(current, overlap)
        current += sentence
    pieces.append(current)
    return [piece.strip() for piece in pieces if piece.strip()]


def _sentences(text: str, longest: int) -> list[str]:
    sentences = [match.group() for match in _SENTENCE.finditer(text) if match.group()]
    return [s[i : i + longest] for s in sentences for i in range(0, len(s), longest)]


def _tail(piece: str, overlap: int) -> str:
    """At most the last `overlap` characters, starting at a clause where one starts within them."""
    if not overlap:
        return ""
    window = piece[-overlap - 1 :]  # one more character: is the tail's start itself a clause start?
    boundary = _CLAUSE_END.search(window)
    return window[boundary.end() :] if boundary and boundary.end() < len(window) else piece[-overlap:]
