"""What every edge holds: the settings and the current engine, with a reload that keeps the last good base."""

from __future__ import annotations

import logging
import threading

from config import Settings
from handlers.engine import Engine
from handlers.reply import Field, Kind, Reply
from knowledge import KnowledgeError, load_knowledge

log = logging.getLogger(__name__)

MAX_ERRORS_SHOWN = 15


class Service:
    def __init__(self, settings: Settings, engine: Engine) -> None:
        self.settings = settings
        self.engine = engine
        self._lock = threading.Lock()

    @classmethod
    def start(cls, settings: Settings) -> Service:
        """Load the base named by the settings; raises KnowledgeError when it is invalid."""
        return cls(settings, cls._build(settings))

    @staticmethod
    def _build(settings: Settings) -> Engine:
        knowledge = load_knowledge(settings.knowledge_path)
        return Engine(knowledge, settings.matching, settings.prefix)

    def handle(self, text: str, *, addressed: bool) -> Reply | None:
        return self.engine.handle(text, addressed=addressed)

    def reload(self) -> Reply:
        """Re-read the knowledge folder. On any error the running base stays and the reply lists the errors."""
        with self._lock:
            try:
                engine = self._build(self.settings)
            except KnowledgeError as exc:
                log.warning("Reload failed, keeping the running base:\n%s", exc)
                shown = exc.errors[:MAX_ERRORS_SHOWN]
                more = len(exc.errors) - len(shown)
                body = "\n".join(shown) + (f"\n… and {more} more" if more > 0 else "")
                return Reply(Kind.ERROR, "Reload failed: the running knowledge base is kept", body)
            self.engine = engine
        counts = engine.knowledge.counts()
        log.info("Knowledge reloaded: %s", counts)
        fields = tuple(Field(kind.title(), str(n), inline=True) for kind, n in counts.items())
        return Reply(Kind.INFO, "Knowledge reloaded", f"From `{self.settings.knowledge_dir}`.", fields=fields)
