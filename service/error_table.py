"""The one table from domain errors to HTTP statuses, handed to `create_app` (nothing registers itself).

Looked up along the error's MRO, so a subclass not named here gets its base's entry: a new
`DocumentError` is a 422 without an edit here, and each domain's base class is the fallback.
"""

from __future__ import annotations

from collections.abc import Mapping

from index.errors import (
    ArchiveTooLarge,
    DocumentError,
    DocumentNotFound,
    DocumentTooLarge,
    IndexError_,
    IndexMismatch,
    IndexNotReady,
    InvalidMetadata,
    InvalidQuery,
    ModelError,
)
from index.privacy import FindingNotFound, OriginalNotFound, PersonalDataFound
from push.errors import (
    CandidateNotFound,
    DeliveryNotFound,
    InvalidAudience,
    InvalidProfile,
    LinkNotFound,
    RunInProgress,
    SubscriberNotFound,
)
from service.console.errors import (
    ConsoleError,
    CsrfRejected,
    InvalidForm,
    InvalidStaff,
    LoginFailed,
    LoginLocked,
    NotLoggedIn,
    NotPermitted,
    SessionExpired,
    StaffExists,
    StaffNotFound,
)
from service.privacy.questions import RawQuestionNotFound
from service.qa.errors import (
    AnswerNotFound,
    CannotMerge,
    FaqNotFound,
    InvalidQuestion,
    InvalidSource,
    QAError,
    SessionNotFound,
    TicketClosed,
    TicketNotFound,
)
from service.security.tokens import TokenError, TokenNotFound

ErrorTable = Mapping[type[Exception], tuple[int, str]]

ERROR_TABLE: ErrorTable = {
    # index
    DocumentNotFound: (404, "document_not_found"),
    PersonalDataFound: (422, "personal_data_found"),
    FindingNotFound: (404, "finding_not_found"),
    OriginalNotFound: (404, "original_not_found"),
    DocumentTooLarge: (413, "payload_too_large"),
    ArchiveTooLarge: (413, "document_too_large"),
    DocumentError: (422, "document_unreadable"),
    InvalidQuery: (422, "invalid_query"),
    InvalidMetadata: (422, "invalid_metadata"),
    ModelError: (503, "model_unavailable"),
    IndexMismatch: (503, "index_mismatch"),
    IndexNotReady: (503, "index_not_ready"),
    IndexError_: (400, "index_error"),
    # Q&A
    InvalidQuestion: (422, "invalid_question"),
    SessionNotFound: (404, "session_not_found"),
    AnswerNotFound: (404, "answer_not_found"),
    TicketNotFound: (404, "ticket_not_found"),
    TicketClosed: (409, "ticket_closed"),
    CannotMerge: (409, "cannot_merge"),
    FaqNotFound: (404, "faq_not_found"),
    InvalidSource: (422, "invalid_source"),
    QAError: (400, "qa_error"),
    # push
    SubscriberNotFound: (404, "subscriber_not_found"),
    InvalidProfile: (422, "invalid_profile"),
    InvalidAudience: (422, "invalid_audience"),
    CandidateNotFound: (404, "candidate_not_found"),
    RunInProgress: (409, "run_in_progress"),
    DeliveryNotFound: (404, "delivery_not_found"),
    LinkNotFound: (404, "link_not_found"),
    # privacy and API tokens
    RawQuestionNotFound: (404, "raw_question_not_found"),
    TokenError: (422, "invalid_token_request"),
    TokenNotFound: (404, "token_not_found"),
    # text a database cannot store (lone surrogates in a form field) and integers past 64 bits: bad input
    UnicodeEncodeError: (422, "invalid_text"),
    OverflowError: (422, "number_out_of_range"),
    # console
    LoginFailed: (401, "login_failed"),
    LoginLocked: (429, "login_locked"),
    SessionExpired: (401, "session_expired"),
    NotLoggedIn: (401, "not_logged_in"),
    CsrfRejected: (403, "csrf_rejected"),
    NotPermitted: (403, "not_permitted"),
    StaffExists: (409, "staff_exists"),
    StaffNotFound: (404, "staff_not_found"),
    InvalidStaff: (422, "invalid_staff"),
    InvalidForm: (422, "invalid_form"),
    ConsoleError: (400, "console_error"),
}


def status_for(table: ErrorTable, error: Exception) -> tuple[int, str] | None:
    for klass in type(error).__mro__:
        if klass in table:
            return table[klass]
    return None
