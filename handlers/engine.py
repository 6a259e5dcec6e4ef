"""The engine: one platform-neutral path from what a member typed to a reply, or to silence.

Commands (``!policy resolution 57``) and free text (``what is resolution 57?``) both end here, whether they
come from Discord, the console or ``bot.py ask``. Nothing in this module knows about Discord.
"""

from __future__ import annotations

import copy
import random
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from config import Matching
from handlers.matcher import Hit, Matcher
from handlers.reply import Citation, Field, Kind, Reply, Table, date_text
from knowledge.models import Comparison, Entry, Fact, Knowledge, Policy, Quote
from knowledge.text import fold

MAX_INPUT = 4_000  # characters of a message the engine reads; the rest is ignored
COMMAND_SCORE = 0.5  # a command that names its kind (!policy, !quote) answers on a lower bar
UNKNOWN_TEXT = "I don't know that."
LOOKUPS = ("policy", "quote", "compare", "ask")  # commands that ask the base something: the curators' records


@dataclass(frozen=True)
class Outcome:
    """A reply (None: silence) plus what the curators' records need.

    ``question`` is what was asked of the base (free text, or a lookup command as typed), None for anything else
    (help, about, an unknown command). ``nearest`` is the closest entry's id and ``score`` its score: for an
    answer, the entry given; for no answer, the one a curator would most likely extend.
    """

    reply: Reply | None
    question: str | None = None
    nearest: str | None = None
    score: float = 0.0

    @property
    def answered(self) -> bool:
        return self.reply is not None and self.reply.answered


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    description: str
    example: str
    aliases: tuple[str, ...] = ()


COMMANDS: tuple[Command, ...] = (
    Command("help", "help [command]", "List the commands, or show how to use one.", "help compare"),
    Command(
        "policy",
        "policy [name]",
        "List the policies, or show one: summary, points, who issued it and when.",
        "policy resolution 57",
        ("policies",),
    ),
    Command(
        "quote",
        "quote [speaker or topic]",
        "A random quote, or the quotes of a speaker or on a topic (direct or reported).",
        "quote Le Thai Ha",
        ("quotes",),
    ),
    Command(
        "compare",
        "compare A B",
        "Compare two things side by side, such as Industry 4.0 and 5.0.",
        "compare 4.0 5.0",
        ("comparison", "comparisons", "vs"),
    ),
    Command("ask", "ask QUESTION", "Ask a question in your own words.", "ask what is Industry 5.0?", ("question",)),
    Command("sources", "sources", "The four articles the bot's knowledge comes from.", "sources", ("source",)),
    Command("about", "about", "What this bot is and how much it knows.", "about", ("info",)),
)
COMMAND_NAMES = {name: c for c in COMMANDS for name in (c.name, *c.aliases)}

_SPLIT = re.compile(r"\s+(?:vs\.?|versus|and|with|or|against|to)\s+|\s*[,/&|]\s*|\s+-\s+", re.IGNORECASE)
_MENTIONS = re.compile(r"@(everyone|here)", re.IGNORECASE)


def clean(text: str) -> str:
    """Bounded, printable input: NFC, no control or format characters, no mass mentions, collapsed space."""
    text = unicodedata.normalize("NFC", text[:MAX_INPUT])
    text = "".join(ch if unicodedata.category(ch)[0] != "C" or ch in "\n\t" else " " for ch in text)
    return " ".join(_MENTIONS.sub(r"\1", text).split())


class Engine:
    """Answers from one knowledge base. Immutable once built: a reload builds a new engine."""

    def __init__(self, knowledge: Knowledge, matching: Matching | None = None, prefix: str = "!") -> None:
        self.knowledge = knowledge
        self.matching = matching or Matching()
        self.prefix = prefix
        self.matcher = Matcher(knowledge)
        self._speakers: dict[str, str] = {}
        for q in knowledge.quotes:
            for name in (q.speaker, *q.speaker_aliases):
                self._speakers.setdefault(fold(name), q.speaker)
        self._sides: list[tuple[str, int, int]] = [
            (" ".join(self.matcher.tokens(name)) or fold(name), c, s)
            for c, comp in enumerate(knowledge.comparisons)
            for s, side in enumerate(comp.sides)
            for name in (side.name, *side.aliases)
        ]
        self._side_keys = [key for key, _, _ in self._sides]
        self._kind_matchers: dict[str, Matcher] = {}  # shared by every prefix variant (with_prefix)

    def with_prefix(self, prefix: str) -> Engine:
        """This engine for a server with its own prefix: the same base and indexes, replies naming ``prefix``."""
        if prefix == self.prefix:
            return self
        variant = copy.copy(self)
        variant.prefix = prefix
        return variant

    # Indexes of one kind, for the commands that name it (!policy, !quote, !compare): built on first use.

    @property
    def _policies(self) -> Matcher:
        return self._kind_matcher("policies")

    @property
    def _quotes(self) -> Matcher:
        return self._kind_matcher("quotes")

    @property
    def _comparisons(self) -> Matcher:
        return self._kind_matcher("comparisons")

    def _kind_matcher(self, kind: str) -> Matcher:
        matcher = self._kind_matchers.get(kind)
        if matcher is None:
            entries = [(kind, e) for e in self.knowledge.kind(kind)]
            matcher = self._kind_matchers[kind] = Matcher(entries=entries, synonyms=self.matcher.synonyms)
        return matcher

    # ----- the one entry point -------------------------------------------------------------------------

    def handle(self, text: str, *, addressed: bool) -> Reply | None:
        """The reply to a message, or None for silence.

        ``addressed``: the member spoke to the bot (a mention, a DM, the console). Then an unknown question
        gets "I don't know that; did you mean ..."; otherwise it gets silence.
        """
        return self.respond(text, addressed=addressed).reply

    def respond(self, text: str, *, addressed: bool) -> Outcome:
        """``handle``, with what the curators' records need (see Outcome)."""
        text = clean(text)
        if text.startswith(self.prefix):
            return self.command(text[len(self.prefix) :])
        if not text:
            return Outcome(self.help() if addressed else None)
        return self._ask(text, addressed=addressed)

    def command(self, line: str) -> Outcome:
        """A prefix command (without its prefix). Unknown commands get "did you mean", noise gets silence."""
        name, _, args = line.partition(" ")
        if not name or not name[0].isalpha():
            return Outcome(None)  # "!", "!!!", "!?" are not commands
        command = COMMAND_NAMES.get(name.casefold())
        if command is None:
            return Outcome(self.unknown_command(name))
        return self.execute(command.name, args.strip())

    def run(self, name: str, args: str = "") -> Reply:
        """Run a known command by name with its argument text (what Discord's hybrid commands call)."""
        reply = self.execute(name, args).reply
        assert reply is not None  # a known command always replies
        return reply

    def execute(self, name: str, args: str = "") -> Outcome:
        """``run``, with what the curators' records need (see Outcome)."""
        args = clean(args)
        if name == "ask":
            outcome = self._ask(args, addressed=True)
            return outcome if outcome.reply else Outcome(self.usage("ask"))
        handlers: dict[str, Callable[[str], Reply]] = {
            "help": self.help,
            "policy": self.policy,
            "quote": self.quote,
            "compare": self.compare,
            "sources": lambda _: self.sources(),
            "about": lambda _: self.about(),
        }
        reply = handlers[name](args)
        if name not in LOOKUPS or not args:
            return Outcome(reply)
        question = f"{self.prefix}{name} {args}"
        if reply.answered:
            return Outcome(reply, question, reply.entry_id, reply.confidence if reply.confidence is not None else 1.0)
        hits = self.matcher.search(args, limit=1)
        return Outcome(reply, question, hits[0].entry.id if hits else None, hits[0].score if hits else 0.0)

    # ----- commands --------------------------------------------------------------------------------------

    def help(self, command: str = "") -> Reply:
        words = command.removeprefix(self.prefix).split()
        if words:
            name = words[0].casefold()
            found = COMMAND_NAMES.get(name)
            return self.usage(found.name) if found else self.unknown_command(name)
        fields = tuple(
            Field(f"{self.prefix}{c.usage}", f"{c.description}\nExample: `{self.prefix}{c.example}`") for c in COMMANDS
        )
        body = (
            "Ask me about Industry 4.0, Industry 5.0 and Vietnam's industrial policy. Every command also works as a "
            "slash command, and you can mention me with a question."
        )
        return Reply(Kind.INFO, "IndustryBot commands", body, fields=fields)

    def usage(self, name: str, problem: str = "") -> Reply:
        c = COMMAND_NAMES[name]
        body = f"{problem}\n" if problem else ""
        body += f"Usage: `{self.prefix}{c.usage}`\n{c.description}\nExample: `{self.prefix}{c.example}`"
        return Reply(Kind.USAGE, f"{self.prefix}{c.name}", body)

    def unknown_command(self, name: str) -> Reply:
        guess = process.extractOne(name.casefold(), list(COMMAND_NAMES), scorer=fuzz.ratio, score_cutoff=60)
        suggestions = (f"{self.prefix}{COMMAND_NAMES[guess[0]].name}",) if guess else ()
        body = f"There is no command `{self.prefix}{name[:40]}`. See `{self.prefix}help` for the list."
        return Reply(Kind.UNKNOWN, "Unknown command", body, suggestions=suggestions)

    def policy(self, name: str = "") -> Reply:
        policies = self.knowledge.policies
        if not name:
            items = tuple(f"**{p.name}**: {_first_sentence(p.summary)}" for p in policies)
            return Reply(
                Kind.LIST,
                f"Policies ({len(policies)})",
                f"Show one with `{self.prefix}policy NAME`.",
                items=items,
                citations=self._cite(p.source for p in policies),
                answered=True,
            )
        hits = self._policies.search(name, limit=5)
        picked = self._pick(hits, COMMAND_SCORE, self._policies)
        if isinstance(picked, Hit):
            return self.entry_reply("policies", picked.entry, picked.score)
        suggestions = tuple(f"{self.prefix}policy {h.entry.name}" for h in picked) or tuple(
            f"{self.prefix}policy {p.name}" for p in policies[:3]
        )
        return Reply(
            Kind.UNKNOWN,
            "No such policy",
            f"I don't know a policy called “{name[:80]}”.",
            suggestions=suggestions,
        )

    def quote(self, query: str = "", rng: random.Random | None = None) -> Reply:
        quotes = self.knowledge.quotes
        if not quotes:
            return Reply(Kind.UNKNOWN, "No quotes", "The knowledge base has no quotes.")
        if not query:
            return self.entry_reply("quotes", (rng or random).choice(quotes), None)
        speaker = self._speaker(query)
        if speaker:
            said = [q for q in quotes if q.speaker == speaker]
            if len(said) == 1:
                return self.entry_reply("quotes", said[0], None)
            return self._quote_list(said, f"{speaker}: {len(said)} quotes")
        hits = self._quotes.search(query, limit=5)
        picked = self._pick(hits, COMMAND_SCORE, self._quotes)
        if isinstance(picked, Hit):
            return self.entry_reply("quotes", picked.entry, picked.score)
        if picked:
            return self._quote_list([h.entry for h in picked], f"Quotes on “{query[:60]}”")
        speakers = sorted({q.speaker for q in quotes})
        return Reply(
            Kind.UNKNOWN,
            "No matching quote",
            f"No quote matches “{query[:80]}”.",
            suggestions=tuple(f"{self.prefix}quote {s}" for s in speakers[:3]),
        )

    def compare(self, text: str = "") -> Reply:
        comparisons = self.knowledge.comparisons
        found = self._find_comparison(text) if text else None
        if found:
            comp, sides = found
            return self.entry_reply("comparisons", comp, None, sides=sides)
        items = tuple(f"**{c.title}**: `{self.prefix}compare {_pair_example(c)}`" for c in comparisons)
        body = f"I can't compare “{text[:80]}”. These are the comparisons I know:" if text else "Pick a comparison:"
        return Reply(
            Kind.UNKNOWN if text else Kind.LIST,
            "Comparisons",
            body,
            items=items,
            answered=not text,
            citations=() if text else self._cite(c.source for c in comparisons),
        )

    def ask(self, question: str, *, addressed: bool = True) -> Reply | None:
        return self._ask(question, addressed=addressed).reply

    def _ask(self, question: str, *, addressed: bool) -> Outcome:
        question = clean(question)
        if not question:
            return Outcome(None)
        hits = self.matcher.search(question, limit=8)
        nearest = {"question": question, "nearest": hits[0].entry.id if hits else None}
        score = hits[0].score if hits else 0.0
        picked = self._pick(hits, self.matching.answer_threshold)
        if isinstance(picked, Hit):
            return Outcome(self.entry_reply(picked.kind, picked.entry, picked.score), **nearest, score=score)
        said = self._one_speaker(picked)
        if said:
            return Outcome(said, **nearest, score=score)
        if not addressed:
            return Outcome(None, **nearest, score=score)
        floor = self.matching.suggest_threshold
        # Suggestions may come from entries the answer checks ruled out: they are offers, not answers.
        suggestions = tuple(
            dict.fromkeys(
                self._suggestion(h) for h in hits if (h.score >= floor or h.coverage >= 0.5) and h.info >= _MIN_INFO
            )
        )[: self.matching.max_suggestions]
        body = "Try `!help`, or ask about Industry 4.0, Industry 5.0 or Vietnam's industrial policy."
        reply = Reply(
            Kind.UNKNOWN,
            UNKNOWN_TEXT,
            body.replace("!", self.prefix, 1),
            suggestions=suggestions,
            confidence=score,
        )
        return Outcome(reply, **nearest, score=score)

    def sources(self) -> Reply:
        cites = [Citation.of(s) for s in self.knowledge.sources]
        items = tuple(f"**{c.title}**: {c.author}, {c.date or 'date not stated'} (`{c.source_id}`)" for c in cites)
        body = "Everything I say comes from these articles, and each answer names its source."
        return Reply(Kind.LIST, f"Sources ({len(items)})", body, items=items, answered=True)

    def about(self) -> Reply:
        counts = self.knowledge.counts()
        body = (
            "IndustryBot answers questions on Industry 4.0, Industry 5.0 and Vietnam's industrial policy from a "
            "curated base drawn from four articles. It answers only when it is sure, and cites the article. "
            "Open source (MIT), self-hosted."
        )
        fields = tuple(Field(kind.title(), str(n), inline=True) for kind, n in counts.items())
        return Reply(Kind.INFO, "About IndustryBot", body, fields=fields, answered=True)

    # ----- autocomplete (slash commands) -----------------------------------------------------------------

    def complete(self, what: str, typed: str, limit: int = 25) -> list[str]:
        """Choices for a slash argument: 'policy' names, quote 'speaker's, 'compare' pairs; fuzzy-filtered."""
        if what == "policy":
            choices = [p.name for p in self.knowledge.policies]
        elif what == "speaker":
            choices = sorted({q.speaker for q in self.knowledge.quotes})
        elif what == "compare":
            choices = [
                f"{a.name} vs {b.name}"
                for c in self.knowledge.comparisons
                for i, a in enumerate(c.sides)
                for b in c.sides[i + 1 :]
            ]
        else:
            return []
        typed = fold(clean(typed))
        if not typed:
            return choices[:limit]
        folded = [fold(c) for c in choices]
        contains = [i for i, c in enumerate(folded) if typed in c]
        if contains:
            return [choices[i] for i in contains][:limit]
        scored = process.extract(typed, folded, scorer=fuzz.partial_ratio, limit=None, score_cutoff=75)
        return [choices[i] for _, _, i in sorted(scored, key=lambda s: (-s[1], s[2]))][:limit]

    # ----- replies ---------------------------------------------------------------------------------------

    def entry_reply(
        self, kind: str, entry: Entry, confidence: float | None, sides: Sequence[int] | None = None
    ) -> Reply:
        source = self.knowledge.source(entry.source)
        common = {"entry_id": entry.id, "confidence": confidence, "answered": True}
        if isinstance(entry, Fact):
            title = entry.title or (_sentence(entry.questions[0]) if entry.questions else "Fact")
            fields = (Field("Curator's note", entry.note),) if entry.note else ()
            return Reply(Kind.FACT, title, entry.text, fields=fields, citations=(Citation.of(source),), **common)
        if isinstance(entry, Quote):
            return self._quote_reply(entry, **common)
        if isinstance(entry, Policy):
            fields = []
            if entry.issued_by or entry.issued:
                issued = date_text(entry.issued)
                fields.append(Field("Issued", " · ".join(str(x) for x in (entry.issued_by, issued) if x), inline=True))
            if entry.points:
                fields.append(Field("Key points", "\n".join(f"• {p.text}" for p in entry.points)))
            if entry.aliases:
                fields.append(Field("Also known as", ", ".join(entry.aliases), inline=True))
            cites = self._cite([entry.source, *(p.source for p in entry.points if p.source)])
            return Reply(Kind.POLICY, entry.name, entry.summary, fields=tuple(fields), citations=cites, **common)
        assert isinstance(entry, Comparison)
        cols = list(sides) if sides else list(range(len(entry.sides)))
        header = ("Aspect", *(entry.sides[i].name for i in cols))
        rows = tuple((row.aspect, *(row.values[i] for i in cols)) for row in entry.rows)
        title = entry.title if len(cols) == len(entry.sides) else " vs ".join(header[1:])
        cites = self._cite([entry.source, *(r.source for r in entry.rows)])
        return Reply(Kind.COMPARISON, title, table=Table(header, rows), citations=cites, **common)

    def _quote_reply(self, q: Quote, **common: object) -> Reply:
        if q.kind == "direct":
            title, body, label = f"{q.speaker} said", f"“{q.text}”", "Direct quote, verbatim from the article"
        else:
            title, body, label = (
                f"{q.speaker}, in reported speech",
                q.text,
                "Reported speech: the article's account, not the speaker's own words",
            )
        fields = [Field("Speaker", f"{q.speaker}, {q.role}"), Field("Type", label)]
        if q.context:
            fields.append(Field("Context", q.context))
        return Reply(Kind.QUOTE, title, body, fields=tuple(fields), citations=self._cite([q.source]), **common)

    def _quote_list(self, quotes: Sequence[Quote], heading: str) -> Reply:
        items = tuple(
            f"“{q.text}” — {q.speaker} (direct quote)"
            if q.kind == "direct"
            else f"{q.speaker} (reported speech): {q.text}"
            for q in quotes
        )
        roles = dict.fromkeys(f"{q.speaker}: {q.role}" for q in quotes)
        return Reply(
            Kind.LIST,
            heading,
            "\n".join(roles),
            items=items,
            citations=self._cite(q.source for q in quotes),
            answered=True,
        )

    # ----- helpers ---------------------------------------------------------------------------------------

    def _pick(self, hits: list[Hit], threshold: float, matcher: Matcher | None = None) -> Hit | list[Hit]:
        m = matcher or self.matcher
        return decide(hits, threshold, self.matching.margin, self.matching.suggest_threshold, m.related)

    def _one_speaker(self, close: list[Hit]) -> Reply | None:
        """Close hits that are all one speaker's quotes ("what did santiago say") answer as that speaker's list."""
        if not close or close[0].score < self.matching.answer_threshold or close[0].coverage < 0.9:
            return None
        close = [h for h in close if h.score >= close[0].score - self.matching.margin]
        if any(not isinstance(h.entry, Quote) or h.entry.speaker != close[0].entry.speaker for h in close):
            return None
        speaker = close[0].entry.speaker
        said = sorted((q for q in self.knowledge.quotes if q.speaker == speaker), key=lambda q: q.kind != "direct")
        reply = self._quote_list(said, f"{speaker}: {len(said)} quotes")
        return replace(reply, entry_id=close[0].entry.id, confidence=close[0].score)

    def _speaker(self, query: str) -> str | None:
        key = fold(query).removeprefix("dr. ").removeprefix("dr ").removeprefix("mr ").removeprefix("mr. ")
        if key in self._speakers:
            return self._speakers[key]
        found = process.extractOne(key, list(self._speakers), scorer=fuzz.ratio, score_cutoff=85)
        if found:
            return self._speakers[found[0]]
        # A surname or given name alone ("santiago", "duong") names a speaker when only one has it.
        owners = {s for name, s in self._speakers.items() if key and key in name.split()}
        return owners.pop() if len(owners) == 1 else None

    def _find_comparison(self, text: str) -> tuple[Comparison, list[int]] | None:
        parts = [p for p in _SPLIT.split(text) if p.strip()]
        if len(parts) == 2:
            candidates = [tuple(parts)]
        else:
            words = text.split()
            candidates = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
        for a, b in candidates:
            found = self._pair(self._side(a), self._side(b))
            if found:
                return found
        # One name: the comparison it names, when only one has it (e.g. "heavy industrialization").
        sides = self._side(text)
        comps = {c for c, _ in sides}
        if len(comps) == 1:
            comp = self.knowledge.comparisons[comps.pop()]
            return comp, list(range(len(comp.sides)))
        hits = self._comparisons.search(text, 3) if not sides else []
        picked = self._pick(hits, self.matching.answer_threshold, self._comparisons)
        if isinstance(picked, Hit):
            comp = picked.entry
            assert isinstance(comp, Comparison)
            return comp, list(range(len(comp.sides)))
        return None

    def _side(self, text: str) -> set[tuple[int, int]]:
        text = text.strip()
        if text in {"2", "3", "4", "5"}:
            text += ".0"  # "!compare 4 5"
        key = " ".join(self.matcher.tokens(text)) or fold(text)
        exact = {(c, s) for k, c, s in self._sides if k == key}
        if exact or len(key) < 4:
            return exact
        close = process.extract(key, self._side_keys, scorer=fuzz.ratio, score_cutoff=88, limit=None)
        return {self._sides[i][1:] for _, _, i in close}

    def _pair(self, a: set[tuple[int, int]], b: set[tuple[int, int]]) -> tuple[Comparison, list[int]] | None:
        for ca, sa in sorted(a):
            for cb, sb in sorted(b):
                if ca == cb and sa != sb:
                    return self.knowledge.comparisons[ca], sorted((sa, sb))
        return None

    def _suggestion(self, hit: Hit) -> str:
        entry = hit.entry
        if isinstance(entry, Policy):
            return f"{self.prefix}policy {entry.name}"
        if isinstance(entry, Comparison):
            return f"{self.prefix}compare {_pair_example(entry)}"
        if isinstance(entry, Quote):
            return f"{self.prefix}quote {entry.speaker}"
        return _sentence(entry.questions[0]) if entry.questions else entry.id

    def _cite(self, source_ids: object) -> tuple[Citation, ...]:
        ids = dict.fromkeys(source_ids)  # type: ignore[call-overload]
        return tuple(Citation.of(self.knowledge.source(i)) for i in ids)


_MIN_INFO = 1.2  # an answer needs matched words worth more than a couple of common ones
LEAD_BONUS = 0.5  # a clear lead over the next entry adds half of it (up to 0.25) to the confidence


def decide(
    hits: list[Hit],
    threshold: float,
    margin: float,
    floor: float,
    related: Callable[[Entry, Entry], bool] | None = None,
) -> Hit | list[Hit]:
    """The hit to answer with, when it is confident and clearly ahead; else the close runners-up.

    RoboDanny's rule for tags: answer on an exact name, or on a clear lead; otherwise offer the candidates.
    A runner-up that is ``related`` to the top hit (the same article, asked for in the same words) answers
    the same thing, so it does not count against the lead.
    """
    if not hits:
        return []
    top = hits[0]
    rivals = [h for h in hits[1:] if h.entry is not top.entry and not (related and related(top.entry, h.entry))]
    second = rivals[0].score if rivals else 0.0
    if top.exact and not (len(hits) > 1 and hits[1].exact):
        return top
    lead = top.score - second
    if top.score + LEAD_BONUS * min(lead, 0.25) >= threshold and lead >= margin and top.info >= _MIN_INFO:
        return top
    return [h for h in hits if h.score >= max(top.score - 0.15, floor)]


def _pair_example(c: Comparison) -> str:
    a, b = c.sides[0], c.sides[1]
    return f"{_short(a)} {_short(b)}" if " " not in _short(a) + _short(b) else f"{a.name} vs {b.name}"


def _short(side: object) -> str:
    aliases = [a for a in getattr(side, "aliases", ()) if len(a) <= 12]
    return min(aliases, key=len) if aliases else getattr(side, "name", "")


def _first_sentence(text: str) -> str:
    end = re.search(r"(?<=[.!?])\s", text)
    return text[: end.start()] if end else text


def _sentence(question: str) -> str:
    q = question.strip()
    q = q[0].upper() + q[1:]
    return q if q[-1] in ".?!" else q + "?"
