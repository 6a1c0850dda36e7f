"""Do two questions ask the same thing? Used to find a staff answer (FAQ) for a paraphrase and to let an
open ticket absorb paraphrases of its question.

Two questions are the same intent when their cosine reaches the threshold and nothing marks them apart:
a different subject among those people confuse (社保 vs 公积金, 医保 vs 养老), a different action
(申请 vs 续签 vs 注销), a different kind of figure (多久 vs 多少钱), or one word swapped in an otherwise
identical question (二手房交易税费怎么算 / 新房交易税费怎么算: the frame is shared, the swapped words share no
character, so the word is what the asker means to tell apart). Cosine alone cannot do it: on
the labelled pairs (`eval/faq_pairs.jsonl`) paraphrases and same-topic questions of another intent
overlap in cosine, while these marks separate most of the overlap. The threshold is chosen on the dev
pairs (`scripts/eval_faq_pairs.py`), and reported on the test pairs.
"""

from __future__ import annotations

from service.qa.retrieval import question_terms
from service.qa.slots import AMOUNT, CONDITIONS, COUNT, DURATION, FIGURE, RATE, asked_slot
from service.qa.synonyms import canonical
from service.qa.text import normalize_question

# subjects people mix up: the words for each
SUBJECTS: dict[str, tuple[str, ...]] = {
    "公积金": ("公积金",),
    "医保": ("医保", "医疗保险", "报销", "门诊", "住院"),
    "养老": ("养老", "退休金"),
    "失业": ("失业",),
    "工伤": ("工伤",),
    "生育": ("生育", "产假"),
    "陪产": ("陪产",),
    "个税": ("个税", "个人所得税", "专项附加"),
    "企业所得税": ("企业所得税",),
    "增值税": ("增值税",),
    "门诊": ("门诊",),
    # who a benefit is for
    "高校毕业生": ("高校毕业生", "大学生", "应届生", "毕业生"),
    "退役军人": ("退役军人", "复员", "转业"),
    "残疾人": ("残疾",),
    "老年人": ("老年人", "老人", "高龄"),
    "农民工": ("农民工", "进城务工"),
    "住院": ("住院",),
}
# actions on the same subject that are different errands
ACTIONS: dict[str, tuple[str, ...]] = {
    "续": ("续签", "续期", "到期", "过期", "换证", "换新", "延期"),
    "补": ("补办", "重新办", "丢", "掉了", "遗失"),
    "销": ("注销",),
    "设": ("注册", "设立", "开办"),
    "取": ("提取", "取出", "取公积金"),
    "贷": ("贷款", "贷"),
    "缴": ("缴费", "缴存", "补缴", "交多少"),
    "转": ("转移", "转入", "转出"),
    "查": ("查询", "查缴费", "记录"),
    "退": ("退货", "无理由退"),
    "运费": ("运费",),
    "投标": ("投标",),
    "履约": ("履约",),
    "离": ("离婚",),
    "婚": ("结婚",),
    "违": ("违章", "违法"),
    "户": ("户口", "落户"),
    "财": ("财产",),
}
_FIGURES = {AMOUNT, COUNT, DURATION, RATE}
SHARED_FRAME = 0.5  # a swap counts when the shared start and end make up at least this share of the question
MAX_SWAP = 6        # and each swapped part is at most this many characters


def marks(question: str) -> tuple[frozenset[str], frozenset[str]]:
    subjects = frozenset(k for k, words in SUBJECTS.items() if any(w in question for w in words))
    actions = frozenset(k for k, words in ACTIONS.items() if any(w in question for w in words))
    return subjects, actions


def _slots_differ(a: str, b: str) -> bool:
    slot_a, slot_b = asked_slot(a), asked_slot(b)
    specific = _FIGURES | {FIGURE, CONDITIONS}
    if slot_a not in specific or slot_b not in specific or slot_a == slot_b:
        return False
    return not ({slot_a, slot_b} & {FIGURE} and {slot_a, slot_b} - {FIGURE} <= _FIGURES)


def swapped_word(a: str, b: str) -> bool:
    """Whether the questions are one frame with one part swapped for words sharing no character with it
    (人才公寓申请条件 / 人才购房补贴申请条件), after everyday words are put in policy terms (社保 → 社会保险).
    A swap of question words alone (能 / 可以) is none."""
    a, b = normalize_question(canonical(a)), normalize_question(canonical(b))
    shortest = min(len(a), len(b))
    start = next((n for n in range(shortest) if a[n] != b[n]), shortest)
    end = next((n for n in range(shortest - start) if a[-1 - n] != b[-1 - n]), shortest - start)
    part_a, part_b = a[start:len(a) - end], b[start:len(b) - end]
    return (bool(part_a and part_b) and not set(part_a) & set(part_b)
            and bool(question_terms(part_a) or question_terms(part_b))  # not 能 / 可以
            and start + end >= SHARED_FRAME * max(len(a), len(b)) and max(len(part_a), len(part_b)) <= MAX_SWAP)


def intents_differ(a: str, b: str) -> bool:
    """Whether something in the wording marks the two questions as different errands."""
    (subjects_a, actions_a), (subjects_b, actions_b) = marks(a), marks(b)
    return subjects_a != subjects_b or actions_a != actions_b or _slots_differ(a, b) or swapped_word(a, b)


class ParaphraseMatcher:
    def __init__(self, min_similarity: float) -> None:
        self.min_similarity = min_similarity

    def same_intent(self, a: str, b: str, cosine: float) -> bool:
        return cosine >= self.min_similarity and not intents_differ(a, b)
