"""The decision: answer with one entry, offer a few, or stay silent. Nothing here reads text.

RoboDanny's rule for tags: answer on an exact name, or on a clear lead; otherwise offer the candidates. A runner-up
that is ``related`` to the top hit (the same article, asked for in the same words) answers the same thing, so it does
not count against the lead. All the numbers come from ``config.Matching``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from config import Matching
from handlers.core.scoring import Hit
from knowledge.models import Entry, Quote

Related = Callable[[Entry, Entry], bool]


@dataclass(frozen=True)
class Decision:
    answer: Hit | None  # the entry to answer with
    close: tuple[Hit, ...] = ()  # when there is none: the hits close to the top, best first


def decide(hits: Sequence[Hit], threshold: float, tuning: Matching, related: Related | None = None) -> Decision:
    """The hit to answer with, when it is confident and clearly ahead; else the close runners-up."""
    if not hits:
        return Decision(None)
    top = hits[0]
    rivals = [h for h in hits[1:] if h.entry.id != top.entry.id and not (related and related(top.entry, h.entry))]
    second = rivals[0].score if rivals else 0.0
    if top.exact and all(h.entry.source == top.entry.source for h in hits if h.exact):
        return Decision(top)  # its name, or a name of entries of one article: any of them answers
    lead = top.score - second
    confident = top.score + tuning.lead_bonus * min(lead, 0.25) >= threshold
    if confident and lead >= tuning.margin and top.info >= tuning.min_info:
        return Decision(top)
    floor = max(top.score - 0.15, tuning.suggest_threshold)
    return Decision(None, tuple(h for h in hits if h.score >= floor))


def matched(hits: Sequence[Hit], tuning: Matching) -> list[Hit]:
    """The hits matched on more than common words: a word few entries use, two words unless the question has one,
    and words worth ``min_info``. Only these are ever offered or weighed by the ranker."""
    return [h for h in hits if h.relevant and h.info >= tuning.min_info]


def agreed(hits: Sequence[Hit], likelihoods: Callable[[Sequence[Hit]], list[float]], tuning: Matching) -> Hit | None:
    """The matcher's best hit when the ranker agrees (``likelihoods``: log P(words | entry) of each hit's entry):
    it holds at least ``tuning.agree`` of the likelihood among the relevant hits (two at least: with one, the
    ranker would have no say), lacks nothing asked, and matched words worth ``agree_info``. Two ways of reading
    members' words that agree are surer than either; else None."""
    relevant = matched(hits, tuning)
    top = hits[0] if hits else None
    if top is None or len(relevant) < 2 or relevant[0] is not top or top.lacks or tuning.agree >= 1:
        return None
    if top.score < tuning.suggest_threshold or top.info < tuning.agree_info:
        return None
    scores = likelihoods(relevant)
    if scores[0] < max(scores):
        return None
    share = 1.0 / sum(math.exp(s - scores[0]) for s in scores)
    return top if share >= tuning.agree else None


def as_asked(
    answer: Hit,
    hits: Sequence[Hit],
    likelihoods: Callable[[Sequence[Hit]], list[float]],
    tuning: Matching,
    related: Related,
) -> Hit:
    """Of the entries members ask for as one with ``answer`` (``related``) among ``hits``, the one their words (the
    ranker) favour: "the challenges 001 lists" is the list's overview as often as the list. Only one that lacks
    nothing asked, would answer on its own score, and that the words favour over ``answer`` itself ("what was that
    directive called": the directive, not one of its solutions); a quote stays a quote (its words may be what is
    asked for)."""
    relevant = matched(hits, tuning)
    if len(relevant) < 2 or isinstance(answer.entry, Quote):
        return answer
    weighed = relevant if answer in relevant else [answer, *relevant]  # never one the words favour less than it
    scores = likelihoods(weighed)
    top = weighed[scores.index(max(scores))]
    if top is answer or top.lacks or top.score < tuning.answer_threshold:
        return answer
    return top if related(answer.entry, top.entry) else answer


def one_speaker(close: Sequence[Hit], tuning: Matching) -> Hit | None:
    """Close hits that are all one speaker's quotes ("what did santiago say"): the best of them, else None."""
    if not close or close[0].score < tuning.answer_threshold or close[0].coverage < 0.9:
        return None
    close = [h for h in close if h.score >= close[0].score - tuning.margin]
    speakers = {h.entry.speaker if isinstance(h.entry, Quote) else None for h in close}
    return close[0] if len(speakers) == 1 and None not in speakers else None


def said_by(close: Sequence[Hit], tuning: Matching) -> Hit | None:
    """ "Who said X" with close hits that are one article's account of one speaker's words (the quote and the
    fact retelling it): the quote, which names its speaker; else None."""
    if not close or close[0].score < tuning.answer_threshold:
        return None
    close = [h for h in close if h.score >= close[0].score - tuning.margin]
    quotes = [h for h in close if isinstance(h.entry, Quote)]
    speakers = {h.entry.speaker for h in quotes if isinstance(h.entry, Quote)}
    sources = {h.entry.source for h in close}
    return quotes[0] if len(speakers) == 1 and len(sources) == 1 else None


def offers(hits: Sequence[Hit], tuning: Matching) -> list[Hit]:
    """Hits worth offering when there is no answer: close enough, or explaining much of the question, matched on
    more than common words, and on at least one word few entries use ("capital" alone never offers venture capital
    for "capital of France"). They may be entries the answer checks ruled out: offers, not answers."""
    return [
        h for h in matched(hits, tuning) if h.score >= tuning.suggest_threshold or h.coverage >= tuning.suggest_coverage
    ]


def unsaid(hits: Sequence[Hit], threshold: float) -> Hit | None:
    """The entry the question is plainly about but which lacks the detail asked for ("how many people does Samsung
    employ" against Samsung's exports): the best hit that would answer but for what it lacks, else None."""
    best = max(hits, key=lambda h: h.raw, default=None)
    if best is None or not best.lacks or best.raw < threshold or not best.relevant:
        return None
    # ... not when another entry holds every word of the question it does, and lacks nothing ("when was the 4.0
    # summit held": the summit's own entry gives its dates, its organisers' does not)
    if any(not h.lacks and h.relevant and h.coverage >= best.coverage for h in hits):
        return None
    return best
