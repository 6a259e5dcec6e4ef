"""The curated knowledge base: YAML files in this folder, loaded and validated into one immutable object."""

from knowledge.loader import DEFAULT_LIMITS, KnowledgeError, Limits, load_knowledge
from knowledge.models import Comparison, Fact, Knowledge, Policy, Quote, Source

__all__ = [
    "DEFAULT_LIMITS",
    "Comparison",
    "Fact",
    "Knowledge",
    "KnowledgeError",
    "Limits",
    "Policy",
    "Quote",
    "Source",
    "load_knowledge",
]
