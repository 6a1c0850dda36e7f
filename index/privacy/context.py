"""Names and addresses that only context tells apart: columns of a table and rows of a list.

A 公示 list puts a person in a table row (markdown `| 张三 | … |`, tab-separated cells, or a Word table
read as one `\\t`-prefixed cell per line with a blank line after each row) under a 姓名/户主 column, or
on a numbered line that also carries an identifier (`1. 张三 330203… 138…`). A 2–4 character word
there is a name; a cell under 住址/家庭住址 is an address.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from index.privacy.findings import ADDRESS, CN_ID, MOBILE, PERSON_NAME, Finding
from index.privacy.recognizers import STRONG_KINDS

_NAME_HEADER = re.compile(r"^(?:姓名|户主|户主姓名|申请人|申请人姓名|名字|家庭成员|救助对象|获奖人|受助人|收款人)$")
_ADDRESS_HEADER = re.compile(r"^(?:住址|家庭住址|居住地址|户籍地址|现住址|家庭地址|地址)$")
_ID_HEADER = re.compile(r"^(?:身份证号|身份证号码|公民身份号码|证件号码|身份证)$")
_ID_SHAPED = re.compile(r"^\d{15}(?:\d{2}[\dXx])?$")
_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:·[\u4e00-\u9fff]{1,8})?$")
_LIST_LEAD = re.compile(
    r"^\s*(?:\d{1,4}[.、．)]|[（(]\d{1,4}[)）]|\d{1,4}\s)?\s*(?P<value>[\u4e00-\u9fff]{2,4})(?=[\s,，、:：\t|])")
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛"
    "邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝"
    "路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂"
    "全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝竺奉"
)
_NOT_NAMES = {"联系人", "联系电话", "电话", "手机", "身份证", "地址", "住址", "姓名", "户主", "备注", "合计", "序号",
              "项目编号", "编号", "单位", "金额"}


@dataclass(frozen=True)
class _Cell:
    start: int
    end: int
    text: str


def table_findings(text: str) -> list[Finding]:
    found: list[Finding] = []
    for rows in _tables(text):
        columns: dict[int, str] = {}
        width = 0
        for cells in rows:
            header = {i: kind for i, c in enumerate(cells) if (kind := _header_kind(c.text))}
            if header:
                columns, width = header, len(cells)
                continue
            if not columns or len(cells) != width:
                continue
            for index, kind in columns.items():
                cell = cells[index]
                if cell.text and _fits(kind, cell.text):
                    found.append(Finding(kind, cell.start, cell.end, cell.text, 0.8))
    return found


def list_findings(text: str, found: list[Finding]) -> list[Finding]:
    """The leading name of a line that also carries an identifier of a person."""
    marked_lines = {_line_start(text, f.start) for f in found if f.kind in STRONG_KINDS or f.kind == MOBILE}
    names = []
    for start in sorted(marked_lines):
        end = text.find("\n", start)
        match = _LIST_LEAD.match(text[start:end if end >= 0 else len(text)])
        if match and match.group("value")[0] in _SURNAMES and match.group("value") not in _NOT_NAMES:
            names.append(Finding(PERSON_NAME, start + match.start("value"), start + match.end("value"),
                                 match.group("value"), 0.7))
    return names


def _header_kind(cell: str) -> str | None:
    if _NAME_HEADER.match(cell):
        return PERSON_NAME
    if _ADDRESS_HEADER.match(cell):
        return ADDRESS
    if _ID_HEADER.match(cell):
        return CN_ID
    return None


def _fits(kind: str, cell: str) -> bool:
    """Whether a cell under a column of `kind` holds such a value (an ID column also flags a bad check digit).

    A cell already masked (`岳林街道****`, `张**`) is not found again.
    """
    if "*" in cell:
        return False
    if kind == PERSON_NAME:
        return bool(_NAME.match(cell)) and cell not in _NOT_NAMES
    if kind == CN_ID:
        return bool(_ID_SHAPED.match(cell))
    return True


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _tables(text: str) -> Iterator[list[list[_Cell]]]:
    """Runs of table rows; each row a list of stripped cells with their spans."""
    rows: list[list[_Cell]] = []
    block: list[_Cell] = []
    offset = 0
    for line in text.split("\n"):
        if line.startswith("\t") and "\t" not in line[1:]:
            block.append(_strip(offset + 1, line[1:]))
        else:
            if block:
                rows.append(block)
                block = []
            cells = _split_row(offset, line)
            if cells is not None:
                rows.append(cells)
            elif line.strip() and rows:
                yield rows
                rows = []
        offset += len(line) + 1
    if block:
        rows.append(block)
    if rows:
        yield rows


def _split_row(offset: int, line: str) -> list[_Cell] | None:
    if line.strip().startswith("|"):
        if re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", line):
            return []
        parts, position = [], offset
        for part in line.split("|"):
            parts.append(_strip(position, part))
            position += len(part) + 1
        return [c for c in parts[1:-1]] if line.rstrip().endswith("|") else parts[1:]
    if "\t" in line.strip():
        parts, position = [], offset
        for part in line.split("\t"):
            parts.append(_strip(position, part))
            position += len(part) + 1
        return [c for c in parts if c.text]
    return None


def _strip(offset: int, raw: str) -> _Cell:
    lead = len(raw) - len(raw.lstrip())
    value = raw.strip()
    return _Cell(offset + lead, offset + lead + len(value), value)
