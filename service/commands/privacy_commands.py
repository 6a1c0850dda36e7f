"""`zhengce privacy scan [--mask]`: the pre-publication check over documents already stored;
`zhengce privacy purge`: delete raw question text past its retention period.

    zhengce privacy scan            # list personal data found in published documents (masked), record it for staff
    zhengce privacy scan --mask     # and publish those documents masked, the originals kept for admins
"""

from __future__ import annotations

import argparse

from config import get_settings
from service.commands.common import started_container
from service.container import Container


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("privacy", help="personal information: scan stored documents, purge raw questions")
    sub = parser.add_subparsers(dest="privacy_command", required=True)
    scan = sub.add_parser("scan", help="run the pre-publication check over every stored document")
    scan.add_argument("--mask", action="store_true", help="publish documents with findings masked")
    scan.set_defaults(handler=scan_command)
    sub.add_parser("purge", help="delete raw question text older than privacy.raw_question_retention_days"
                   ).set_defaults(handler=purge_command)


def _container(*, started: bool) -> Container:
    if started:
        return started_container()
    container = Container.build(get_settings())
    container.prepare_database()
    return container


def scan_command(args: argparse.Namespace) -> int:
    from service.privacy.decisions import masking_ingestor

    container = _container(started=args.mask)
    flagged = 0
    for doc_id in container.index.policy_ids():
        policy = container.index.get_policy(doc_id)
        found = container.privacy.screen.scan_stored(policy)
        if not found:
            continue
        flagged += 1
        print(f"{doc_id}\t{policy.title}\t{len(found)} 处")
        for finding in found:
            print(f"  {finding.describe()}")
        if args.mask:
            masking_ingestor(container).ingest_policy(policy)
            print("  已遮盖发布，原文仅管理员可见")
    print(f"{flagged} 个文档含有个人信息" + ("，已遮盖" if args.mask and flagged else ""))
    container.close()
    return 1 if flagged and not args.mask else 0


def purge_command(_: argparse.Namespace) -> int:
    container = _container(started=False)
    print(f"deleted {container.privacy.questions.purge()} raw question texts past retention")
    container.close()
    return 0
