"""Personal information in documents: recognizers, masking, and the pre-publication check.

The face of this package: `Analyzer` (find), `mask_text` (mask), `PrivacyScreen` (the check on ingest),
`PrivacyStore` (findings, decisions, originals).
"""

from index.privacy.analyzer import Analyzer
from index.privacy.errors import FindingNotFound, LocatedFinding, OriginalNotFound, PersonalDataFound, PrivacyError
from index.privacy.findings import KIND_LABELS, Finding
from index.privacy.masking import mask_text
from index.privacy.screen import PUBLISH_MODES, PrivacyScreen
from index.privacy.store import DECISIONS, PrivacyStore

__all__ = [
    "DECISIONS", "KIND_LABELS", "PUBLISH_MODES", "Analyzer", "Finding", "FindingNotFound", "LocatedFinding",
    "OriginalNotFound", "PersonalDataFound", "PrivacyError", "PrivacyScreen", "PrivacyStore", "mask_text",
]
