"""The engine's own replies when the base has no answer: chatter, off-topic, unknown, and "the articles don't say"."""

from __future__ import annotations

from collections.abc import Sequence

from handlers.core.reply import PREFIX, Kind, Reply, Suggestion

UNKNOWN_TEXT = "I don't know that."
NOT_SAID_TEXT = "The articles don't say"
TOPICS = "Industry 4.0, Industry 5.0 and Vietnam's industrial policy"

_DETAIL = {
    "number": "that figure",
    "date": "that date",
    "day": "that date",
    "place": "where",
    "who": "who",
    "issuer": "who issued it",
    "now": "what is current now",
}


def chatter(off_topic: bool) -> Reply:
    """A friendly word for a greeting or thanks; a plain one for a question the articles never cover."""
    if off_topic:
        body = f"That's outside what I know: I answer from four articles on {TOPICS}. Try `{PREFIX}help`."
        return Reply(Kind.INFO, "Not something I cover", body)
    body = f"Hi! Ask me about {TOPICS}, in your own words, or try `{PREFIX}help` for the commands."
    return Reply(Kind.INFO, "IndustryBot here", body)


def unknown(suggestions: Sequence[Suggestion], confidence: float) -> Reply:
    body = f"Try `{PREFIX}help`, or ask about {TOPICS}."
    return Reply(Kind.UNKNOWN, UNKNOWN_TEXT, body, suggestions=tuple(suggestions), confidence=confidence)


def not_said(question: str, kinds: Sequence[str], words: Sequence[str], offer: Suggestion, confidence: float) -> Reply:
    """The base covers the topic but not the detail asked for (``kinds``: a number, a date, a place...; ``words``:
    what the question names that the entry never mentions): say so, and offer what the articles do say."""
    details = [_DETAIL[k] for k in kinds if k in _DETAIL]
    if details:
        what = " or ".join(dict.fromkeys(details))
        body = f"The articles don't give {what} for “{question[:120]}”."
    elif words:
        body = f"The articles say nothing about {', '.join(words[:3])} here: “{question[:120]}”."
    else:
        body = f"The articles don't answer “{question[:120]}”."
    body += " The nearest thing they do say is offered below."
    return Reply(Kind.UNKNOWN, NOT_SAID_TEXT, body, suggestions=(offer,), confidence=confidence)
