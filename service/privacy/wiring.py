"""`Privacy`: the pre-publication check and the question masking, built from settings in one place."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine

from config import Settings
from index.privacy import Analyzer, PrivacyScreen, PrivacyStore
from service.console.secret import console_secret
from service.privacy.questions import QuestionPrivacy
from service.qa.models import Clock, utc_now


@dataclass
class Privacy:
    store: PrivacyStore
    screen: PrivacyScreen
    questions: QuestionPrivacy

    @classmethod
    def build(cls, settings: Settings, engine: Engine, *, clock: Clock = utc_now) -> Privacy:
        privacy = settings.privacy

        def key() -> bytes:  # read on first use: building stays cheap
            return hashlib.sha256(b"privacy-fingerprint:" + console_secret(settings).encode()).digest()

        store = PrivacyStore(engine, key, clock=clock)
        screen = PrivacyScreen(Analyzer(allow_contact_lines=privacy.allow_contact_lines), store, privacy.publish)
        questions = QuestionPrivacy(engine, timedelta(days=privacy.raw_question_retention_days), clock,
                                    enabled=privacy.mask_questions)
        return cls(store, screen, questions)
