"""`zhengce ingest`, `zhengce search`, `zhengce reindex`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from index.errors import IndexError_
from index.ingest import expand_paths
from service.commands.common import CommandError, started_container


def register(commands: argparse._SubParsersAction) -> None:
    ingest = commands.add_parser("ingest", help="index files or folders (recursively)")
    ingest.add_argument("paths", nargs="+", type=Path)
    ingest.set_defaults(handler=ingest_command)

    search = commands.add_parser("search", help="hybrid search over the index")
    search.add_argument("query")
    search.add_argument("--top-k", type=int, default=5)
    search.add_argument("--all-statuses", action="store_true", help="include repealed and amended documents")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.set_defaults(handler=search_command)

    reindex = commands.add_parser("reindex", help="chunk and embed every stored document again (new model or chunker)")
    reindex.set_defaults(handler=reindex_command)


def ingest_command(args: argparse.Namespace) -> int:
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        raise CommandError(f"路径不存在：{', '.join(missing)}")
    if not expand_paths(args.paths):
        raise CommandError("没有找到可导入的文件（支持 .md .txt .docx .pdf .html）")
    container = started_container()
    report = container.ingestor.ingest_paths(args.paths, progress=True)
    print(f"added {len(report.added)}, unchanged {len(report.unchanged)}, failed {len(report.failed)}, "
          f"chunks {report.chunks}")
    for path, reason in report.failed.items():
        print(f"  failed: {path}: {reason}")
    return 1 if report.failed and not report.added and not report.unchanged else 0


def search_command(args: argparse.Namespace) -> int:
    from index.filters import SearchFilters

    container = started_container()
    filters = SearchFilters(statuses=None) if args.all_statuses else SearchFilters()
    try:
        hits = container.searcher.search(args.query, args.top_k, filters)
    except IndexError_ as error:
        raise CommandError(str(error)) from error
    if args.json:
        rows = [{"doc_id": h.doc_id, "title": h.title, "doc_number": h.doc_number, "issuer": h.issuer,
                 "status": h.status, "section": h.section, "text": h.text, "score": round(h.score, 5)} for h in hits]
        print(json.dumps({"results": rows}, ensure_ascii=False, indent=2))
        return 0
    for n, hit in enumerate(hits, 1):
        print(f"[{n}] 《{hit.title}》 {hit.section}  ({hit.status}, {hit.doc_number or hit.doc_id}, {hit.score:.4f})")
        print(f"    {hit.text[:300]}")
    return 0


def reindex_command(_: argparse.Namespace) -> int:
    from config import get_settings
    from service.container import Container
    from service.qa.reembed import reembed_questions

    container = Container.build(get_settings())
    container.prepare_database()
    container.index.open(fresh=True)
    report = container.ingestor.reembed_all(progress=True)
    questions = reembed_questions(container.engine, container.index.embed_queries, container.index.model_name)
    print(f"re-embedded {len(report.added)} documents, {report.chunks} chunks; "
          f"{questions['faq_entries']} FAQ and {questions['tickets']} ticket questions")
    return 0
