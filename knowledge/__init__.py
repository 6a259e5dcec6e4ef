"""The curated knowledge base: YAML files in this folder, loaded and validated into one immutable object."""

from knowledge.loader import KnowledgeError, load_knowledge
from knowledge.models import Comparison, Fact, Knowledge, Policy, Quote, Source

__all__ = [
    "Comparison",
    "Fact",
    "Knowledge",
    "KnowledgeError",
    "Policy",
    "Quote",
    "Source",
    "load_knowledge",
]
