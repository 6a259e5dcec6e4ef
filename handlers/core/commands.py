"""The command registry: every command's name, usage, description, example, aliases and handler, in one table.

The engine dispatches through it, ``help`` lists it, and the console and the Discord extension read it (slash
commands are made from it). ``lookup`` marks the commands that ask the base something: the curators' records keep
those (``!policy X`` that found nothing is an unanswered question). Handlers take the engine and the argument text,
already cleaned, and return a Reply; command hints in it name ``PREFIX``, filled in by the edge.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from handlers.core.cards import first_sentence, pair_example, quote_heading
from handlers.core.reply import PREFIX, Citation, Field, Kind, Reply, Suggestion

if TYPE_CHECKING:
    from handlers.core.engine import Engine

Handler = Callable[["Engine", str], Reply]


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    description: str
    example: str
    aliases: tuple[str, ...]
    handler: Handler
    lookup: bool = False  # asks the base something: the curators' records keep it


def help_(engine: Engine, command: str = "") -> Reply:
    words = command.lstrip("!?.$%&*+-/;:<=>^~").split()
    if words:
        found = COMMAND_NAMES.get(words[0].casefold())
        return usage(found.name) if found else unknown_command(words[0].casefold())
    fields = tuple(Field(f"{PREFIX}{c.usage}", f"{c.description}\nExample: `{PREFIX}{c.example}`") for c in COMMANDS)
    body = (
        "Ask me about Industry 4.0, Industry 5.0 and Vietnam's industrial policy, in your own words or with a command."
    )
    return Reply(Kind.INFO, "IndustryBot commands", body, fields=fields)


def usage(name: str, problem: str = "") -> Reply:
    c = COMMAND_NAMES[name]
    body = f"{problem}\n" if problem else ""
    body += f"Usage: `{PREFIX}{c.usage}`\n{c.description}\nExample: `{PREFIX}{c.example}`"
    return Reply(Kind.USAGE, f"{PREFIX}{c.name}", body)


def unknown_command(name: str) -> Reply:
    guess = process.extractOne(name.casefold(), list(COMMAND_NAMES), scorer=fuzz.ratio, score_cutoff=60)
    suggestions = (Suggestion(COMMAND_NAMES[guess[0]].name, COMMAND_NAMES[guess[0]].name),) if guess else ()
    body = f"There is no command `{PREFIX}{name[:40]}`. See `{PREFIX}help` for the list."
    return Reply(Kind.UNKNOWN, "Unknown command", body, suggestions=suggestions)


def policy(engine: Engine, name: str = "") -> Reply:
    policies = engine.knowledge.policies
    if not name:
        items = tuple(f"**{p.name}**: {first_sentence(p.summary)}" for p in policies)
        return Reply(
            Kind.LIST,
            f"Policies ({len(policies)})",
            f"Show one with `{PREFIX}policy NAME`.",
            items=items,
            citations=engine.cards.cite(p.source for p in policies),
            answered=True,
        )
    decision = engine.lookup("policies", name)
    if decision.answer:
        return engine.cards.entry(decision.answer.entry, decision.answer.score)
    # Offers are judged against the whole base (a word is rare among all entries, not among thirteen policies).
    close = engine.offers([h for h in engine.search(name, limit=12) if h.kind == "policies"])
    body = f"I don't know a policy called “{name[:80]}”."
    if not close:
        body += f" `{PREFIX}policy` lists the policies I know."
    return Reply(Kind.UNKNOWN, "No such policy", body, suggestions=tuple(close[:3]))


def quote(engine: Engine, query: str = "", rng: random.Random | None = None) -> Reply:
    quotes = engine.knowledge.quotes
    if not quotes:
        return Reply(Kind.UNKNOWN, "No quotes", "The knowledge base has no quotes.")
    if not query:
        return engine.cards.entry((rng or random).choice(quotes), None)
    speaker = engine.lookups.speaker(query)
    if speaker:
        said = [q for q in quotes if q.speaker == speaker]
        if len(said) == 1:
            return engine.cards.entry(said[0], None)
        return engine.cards.quote_list(said, quote_heading(speaker, said))
    decision = engine.lookup("quotes", query)
    if decision.answer:
        return engine.cards.entry(decision.answer.entry, decision.answer.score)
    if decision.close:
        return engine.cards.quote_list([h.entry for h in decision.close], f"Quotes on “{query[:60]}”")  # type: ignore[misc]
    speakers = sorted({q.speaker for q in quotes})
    body = f"No quote matches “{query[:80]}”. The speakers I have quotes from: {', '.join(speakers)}."
    return Reply(Kind.UNKNOWN, "No matching quote", body)


def compare(engine: Engine, text: str = "") -> Reply:
    comparisons = engine.knowledge.comparisons
    found = engine.comparison(text) if text else None
    if found:
        comp, sides = found
        return engine.cards.entry(comp, None, sides=sides)
    items = tuple(f"**{c.title}**: `{PREFIX}compare {pair_example(c)}`" for c in comparisons)
    body = f"I can't compare “{text[:80]}”. These are the comparisons I know:" if text else "Pick a comparison:"
    return Reply(
        Kind.UNKNOWN if text else Kind.LIST,
        "Comparisons",
        body,
        items=items,
        answered=not text,
        citations=() if text else engine.cards.cite(c.source for c in comparisons),
    )


def sources(engine: Engine, _: str = "") -> Reply:
    cites = [Citation.of(s) for s in engine.knowledge.sources]
    items = tuple(f"**{c.title}**: {c.author}, {c.date or 'date not stated'} (`{c.source_id}`)" for c in cites)
    body = "Everything I say comes from these articles, and each answer names its source."
    return Reply(Kind.LIST, f"Sources ({len(items)})", body, items=items, answered=True)


def about(engine: Engine, _: str = "") -> Reply:
    counts = engine.knowledge.counts()
    body = (
        "IndustryBot answers questions on Industry 4.0, Industry 5.0 and Vietnam's industrial policy from a "
        "curated base drawn from four articles. It answers only when it is sure, and cites the article. "
        "Open source (MIT), self-hosted."
    )
    fields = tuple(Field(kind.title(), str(n), inline=True) for kind, n in counts.items())
    return Reply(Kind.INFO, "About IndustryBot", body, fields=fields, answered=True)


def ask(engine: Engine, question: str) -> Reply:
    """Only for the registry's sake: the engine answers ``ask`` itself, as addressed free text."""
    return engine.respond(question, addressed=True).reply or usage("ask")


COMMANDS: tuple[Command, ...] = (
    Command("help", "help [command]", "List the commands, or show how to use one.", "help compare", (), help_),
    Command(
        "policy",
        "policy [name]",
        "List the policies, or show one: summary, points, who issued it and when.",
        "policy resolution 57",
        ("policies",),
        policy,
        lookup=True,
    ),
    Command(
        "quote",
        "quote [speaker or topic]",
        "A random quote, or the quotes of a speaker or on a topic (direct or reported).",
        "quote Le Thai Ha",
        ("quotes",),
        quote,
        lookup=True,
    ),
    Command(
        "compare",
        "compare A B",
        "Compare two things side by side, such as Industry 4.0 and 5.0.",
        "compare 4.0 5.0",
        ("comparison", "comparisons", "vs"),
        compare,
        lookup=True,
    ),
    Command(
        "ask",
        "ask QUESTION",
        "Ask a question in your own words.",
        "ask what is Industry 5.0?",
        ("question",),
        ask,
        lookup=True,
    ),
    Command("sources", "sources", "The four articles the bot's knowledge comes from.", "sources", ("source",), sources),
    Command("about", "about", "What this bot is and how much it knows.", "about", ("info",), about),
)
COMMAND_NAMES = {name: c for c in COMMANDS for name in (c.name, *c.aliases)}
