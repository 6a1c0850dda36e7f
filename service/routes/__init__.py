"""One router per resource; `ROUTERS` is the list the app includes."""

from service.routes import ask, chat, documents, faq, feedback, health, search

ROUTERS = [health.router, search.router, documents.router]
ROUTERS += [ask.router, chat.router, faq.router, feedback.router]
