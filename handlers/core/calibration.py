"""The calibrated decision: how likely the candidate answer is to be right, from what the matcher and ranker saw.

The matcher's rules (``handlers.core.decision``) answer on a clear lead; on members' own words they are timid on
paraphrase and bold on questions that share the base's words but ask something else. A logistic model weighs the
rules' verdict together with the signals behind it (the ``CALIBRATION_FEATURES`` of ``knowledge.models``: scores,
lead, coverage, the detail asked and lacked, the ranker's share) and gives the probability that the candidate is
the entry that answers. The engine answers when it reaches ``Matching.calibrated``, else offers or stays silent.

The candidate is the rules' answer; without one, what the bot would offer first (the entry that lacks the detail
asked, else the first "did you mean"). It decides only for an entry members' questions have taught the ranker
about (``examples.yaml``): its signals mean something else for an entry without examples (one a curator has just
added), and there the rules decide alone. Two rules stay above the model (``allowed``): an entry matched only on
common words is never an answer, and one that lacks the detail asked for answers only when that may be the context
of the message rather than what it asks ("for our 2024 report, what ..."; else "the articles don't say").

The weights are data (``knowledge/calibration.yaml``), learned by ``make calibrate`` (``benchmarks/calibrate.py``)
from every question of the tuning pool, answerable or not, each read by an engine whose ranker never learned from
that question's set. Nothing here reads text.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from config import Matching
from handlers.core import decision
from handlers.core.decision import Related
from handlers.core.query import DETAIL, Query
from handlers.core.scoring import Hit
from knowledge.models import CALIBRATION_FEATURES, Calibration, Entry

Likelihoods = Callable[[Sequence[Entry]], list[float]]  # log P(question | entry) of each entry (the ranker)


def features(
    candidate: Hit | None,
    answered: bool,
    aside: bool,
    hits: Sequence[Hit],
    query: Query,
    tuning: Matching,
    related: Related,
    likelihoods: Likelihoods,
    usual: bool,
    named: bool = False,
) -> dict[str, float]:
    """What the model weighs about ``candidate`` (its hit among ``hits``, the whole message's best; None when it
    is not among them): ``answered`` whether the rules answer with it, ``aside`` whether what it lacks may be the
    context of the message rather than what it asks (``Engine._aside``), ``usual`` whether members' questions taught
    the ranker words for it, ``named`` whether the question names the article it is of (what is left of the question
    once the article is named is short, and says less). Each feature is a flag, a share, a score or a small count."""
    f = dict.fromkeys(CALIBRATION_FEATURES, 0.0)
    f["answered"] = float(answered)
    if hits:
        f["top_score"], f["top_raw"] = hits[0].score, hits[0].raw
    relevant = decision.matched(hits, tuning)
    f["matched"] = min(len(relevant), 8) / 8
    tokens, terms = query.tokens, query.terms
    f["words"] = min(len(tokens), 20) / 20
    f["known"] = len(query.known) / max(len(terms), 1)
    f["detail"] = float(bool(query.asks & DETAIL))
    f["checks"] = float(query.checks)
    f["usual"] = float(usual)
    f["named"] = float(named)
    if candidate is None:
        return f
    h = candidate
    rivals = [x for x in hits if x.entry.id != h.entry.id and not related(h.entry, x.entry)]
    f["in_hits"] = 1.0
    f["is_top"] = float(hits[0].entry.id == h.entry.id)
    f["score"], f["raw"], f["coverage"], f["fit"] = h.score, h.raw, h.coverage, h.fit
    f["info"] = min(h.info, 20) / 10
    f["exact"], f["lacks"], f["relevant"] = float(h.exact), float(bool(h.lacks)), float(h.relevant)
    f["aside"] = float(bool(h.lacks) and aside)
    f["missing"] = float(len(h.missing))
    f["lead"] = h.score - (rivals[0].score if rivals else 0.0)
    f["lead_raw"] = h.raw - max((x.raw for x in rivals), default=0.0)
    if h in relevant:
        if len(relevant) == 1:
            f["share"] = f["ranker_top"] = f["single"] = 1.0
        else:
            scores = likelihoods([x.entry for x in relevant])
            mine, top = scores[relevant.index(h)], max(scores)
            f["share"] = math.exp(mine - top) / sum(math.exp(s - top) for s in scores)
            f["ranker_top"] = float(mine >= top)
    return f


def probability(calibration: Calibration, f: dict[str, float]) -> float:
    """The model's probability that the candidate is right (``features``), strictly between 0 and 1 (a bar of 1 is
    never reached) and 0 for anything not a number."""
    z = calibration.bias + sum(w * f[name] for name, w in calibration.weights.items())
    if not math.isfinite(z):
        return 0.0
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def allowed(f: dict[str, float]) -> bool:
    """Whether the model may answer with the candidate at all. What the rules answer with, it may (or may not).
    Otherwise the candidate must be matched on a word few entries use (one shared common word is no question),
    and one that lacks the detail asked for answers only when that may be the context of the message rather than
    what it asks (``aside``: "for our 2024 report, what ...")."""
    if f["answered"]:
        return True
    return bool(f["relevant"]) and (not f["lacks"] or bool(f["aside"]))
