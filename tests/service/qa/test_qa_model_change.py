"""FAQ and ticket vectors name their model: another model never compares with them, reindex re-embeds them."""

from __future__ import annotations

from pathlib import Path

from index.embedders import HashingEmbedder
from service.container import Container
from service.qa.faq import FaqStore
from service.qa.reembed import reembed_questions
from service.qa.tickets import TicketStore
from tests.conftest import make_settings

QUESTION = "公积金怎么提取"
PARAPHRASE = "公积金怎么提取呢？"


def test_after_a_model_change_faqs_are_skipped_until_reindex_re_embeds_them(tmp_path: Path) -> None:
    old_model, new_model = HashingEmbedder(256), HashingEmbedder(128)  # different models, different dimensions
    container = Container.build(make_settings(tmp_path), embedder=old_model)
    container.start()
    old = FaqStore(container.engine, model=old_model.name)
    old.add(QUESTION, "携带身份证到公积金中心办理。", [], old_model.encode_queries([QUESTION])[0])
    new = FaqStore(container.engine, model=new_model.name)
    new_vector = new_model.encode_queries([PARAPHRASE])[0]
    assert new.match(PARAPHRASE, new_vector, 0.5) is None  # the old 256-d vector is not compared (no crash)
    assert new.match(QUESTION, new_vector, 0.5) is not None  # the same words still match by text

    tickets = TicketStore(container.engine, container.qa.tickets.resolver, min_similarity=0.5, model=old_model.name)
    tickets.open_or_attach("社保断缴怎么办", old_model.encode_queries(["社保断缴怎么办"])[0], [], "a1")

    done = reembed_questions(container.engine, new_model.encode_queries, new_model.name)
    assert done == {"faq_entries": 1, "tickets": 1}
    hit = new.match(PARAPHRASE, new_vector, 0.5)
    assert hit is not None and hit[0].question == QUESTION
    assert reembed_questions(container.engine, new_model.encode_queries, new_model.name) == {
        "faq_entries": 0, "tickets": 0}
    container.close()
