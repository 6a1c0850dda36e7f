"""One router per resource; `ROUTERS` is the list the app includes."""

from service.console.routes import router as console_router
from service.routes import ask, chat, documents, faq, feedback, health, pages, privacy, push, search, subscribers

ROUTERS = [
    health.router, search.router, documents.router,
    ask.router, chat.router, faq.router, feedback.router,
    subscribers.router, push.router, pages.router, privacy.router,
    console_router,
]
