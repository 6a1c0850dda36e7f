"""Policy question answering: grounded extractive answers, hand-over to staff, FAQ, conversations.

`service.qa.wiring.QA` is the part the container holds; the staff console reads its stores
(`tickets`, `faq`, `feedback`, `answers`).
"""
