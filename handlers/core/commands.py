"""The command registry: every command's name, usage, description, example, aliases and handler, in one table.

The engine dispatches through it, ``help`` lists it, and the console and the Discord extension read it (slash
commands are made from it). ``lookup`` marks the commands that ask the base something: the curators' records keep
those (``!policy X`` that found nothing is an unanswered question). Handlers take the engine and the argument text,
already cleaned, and return a Reply in the language asked for (``lang``); command hints in it name ``PREFIX``,
filled in by the edge. A command's usage, description and example are messages of ``handlers.i18n``
(``cmd.NAME.usage`` ...): the registry holds the English ones, ``Command.text`` gives them in any language.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from rapidfuzz import fuzz, process

from handlers import i18n
from handlers.core.cards import first_sentence, pair_example, quote_heading
from handlers.core.reply import PREFIX, Citation, Field, Kind, Reply, Suggestion
from handlers.i18n import DEFAULT, Lang

if TYPE_CHECKING:
    from handlers.core.engine import Engine


class Handler(Protocol):
    """A command's handler: the engine and the argument text in, a reply in ``lang`` out."""

    def __call__(self, engine: Engine, args: str, /, *, lang: Lang = ...) -> Reply: ...


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    description: str
    example: str
    aliases: tuple[str, ...]
    handler: Handler
    lookup: bool = False  # asks the base something: the curators' records keep it

    def text(self, part: str, lang: Lang = DEFAULT) -> str:
        """Its ``usage``, ``description`` or ``example`` in ``lang``."""
        return i18n.text(f"cmd.{self.name}.{part}", lang)


def _command(name: str, aliases: tuple[str, ...], handler: Handler, *, lookup: bool = False) -> Command:
    """A registry entry, its English texts from the catalogue."""
    texts = [i18n.text(f"cmd.{name}.{part}") for part in ("usage", "description", "example")]
    return Command(name, *texts, aliases, handler, lookup)


def help_(engine: Engine, command: str = "", *, lang: Lang = DEFAULT) -> Reply:
    words = command.lstrip("!?.$%&*+-/;:<=>^~").split()
    if words:
        found = COMMAND_NAMES.get(words[0].casefold())
        return usage(found.name, lang=lang) if found else unknown_command(words[0].casefold(), lang)
    fields = tuple(Field(f"{PREFIX}{c.text('usage', lang)}", _entry(c, lang)) for c in COMMANDS)
    body = i18n.text("help.body", lang, topics=i18n.text("topics", lang))
    return Reply(Kind.INFO, i18n.text("help.title", lang), body, fields=fields, lang=lang)


def _entry(c: Command, lang: Lang) -> str:
    description, example = c.text("description", lang), c.text("example", lang)
    return i18n.text("help.entry", lang, description=description, example=example, prefix=PREFIX)


def usage(name: str, problem: str = "", *, lang: Lang = DEFAULT) -> Reply:
    c = COMMAND_NAMES[name]
    body = f"{problem}\n" if problem else ""
    body += i18n.text(
        "usage.body",
        lang,
        prefix=PREFIX,
        usage=c.text("usage", lang),
        description=c.text("description", lang),
        example=c.text("example", lang),
    )
    return Reply(Kind.USAGE, f"{PREFIX}{c.name}", body, lang=lang)


def unknown_command(name: str, lang: Lang = DEFAULT) -> Reply:
    guess = process.extractOne(name.casefold(), list(COMMAND_NAMES), scorer=fuzz.ratio, score_cutoff=60)
    suggestions = (Suggestion(COMMAND_NAMES[guess[0]].name, COMMAND_NAMES[guess[0]].name),) if guess else ()
    body = i18n.text("unknown_command.body", lang, prefix=PREFIX, name=name[:40])
    return Reply(Kind.UNKNOWN, i18n.text("unknown_command.title", lang), body, suggestions=suggestions, lang=lang)


def policy(engine: Engine, name: str = "", *, lang: Lang = DEFAULT) -> Reply:
    policies = engine.knowledge.policies
    if not name:
        items = tuple(f"**{p.name}**: {first_sentence(p.summary)}" for p in policies)
        return Reply(
            Kind.LIST,
            i18n.text("policy.list_title", lang, count=len(policies)),
            i18n.text("policy.list_body", lang, prefix=PREFIX),
            items=items,
            citations=engine.cards.cite((p.source for p in policies), lang),
            answered=True,
            lang=lang,
        )
    decision = engine.lookup("policies", name)
    if decision.answer:
        return engine.cards.entry(decision.answer.entry, decision.answer.score, lang=lang)
    # Offers are judged against the whole base (a word is rare among all entries, not among thirteen policies).
    close = engine.offers([h for h in engine.search(name, limit=12) if h.kind == "policies"])
    body = i18n.text("policy.unknown", lang, name=name[:80])
    if not close:
        body += i18n.text("policy.unknown_hint", lang, prefix=PREFIX)
    title = i18n.text("policy.unknown_title", lang)
    return Reply(Kind.UNKNOWN, title, body, suggestions=tuple(close[:3]), lang=lang)


def quote(engine: Engine, query: str = "", rng: random.Random | None = None, *, lang: Lang = DEFAULT) -> Reply:
    quotes = engine.knowledge.quotes
    if not quotes:
        return Reply(Kind.UNKNOWN, i18n.text("quote.none_title", lang), i18n.text("quote.none", lang), lang=lang)
    if not query:
        return engine.cards.entry((rng or random).choice(quotes), None, lang=lang)
    speaker = engine.lookups.speaker(query)
    if speaker:
        said = [q for q in quotes if q.speaker == speaker]
        if len(said) == 1:
            return engine.cards.entry(said[0], None, lang=lang)
        return engine.cards.quote_list(said, quote_heading(speaker, said, lang), lang)
    decision = engine.lookup("quotes", query)
    if decision.answer:
        return engine.cards.entry(decision.answer.entry, decision.answer.score, lang=lang)
    if decision.close:
        heading = i18n.text("quote.topic_title", lang, query=query[:60])
        return engine.cards.quote_list([h.entry for h in decision.close], heading, lang)  # type: ignore[misc]
    speakers = ", ".join(sorted({q.speaker for q in quotes}))
    body = i18n.text("quote.no_match", lang, query=query[:80], speakers=speakers)
    return Reply(Kind.UNKNOWN, i18n.text("quote.no_match_title", lang), body, lang=lang)


def compare(engine: Engine, text: str = "", *, lang: Lang = DEFAULT) -> Reply:
    comparisons = engine.knowledge.comparisons
    found = engine.comparison(text) if text else None
    if found:
        comp, sides = found
        return engine.cards.entry(comp, None, sides=sides, lang=lang)
    items = tuple(f"**{c.title}**: `{PREFIX}compare {pair_example(c)}`" for c in comparisons)
    body = i18n.text("compare.unknown", lang, text=text[:80]) if text else i18n.text("compare.pick", lang)
    return Reply(
        Kind.UNKNOWN if text else Kind.LIST,
        i18n.text("compare.title", lang),
        body,
        items=items,
        answered=not text,
        citations=() if text else engine.cards.cite((c.source for c in comparisons), lang),
        lang=lang,
    )


def sources(engine: Engine, _: str = "", *, lang: Lang = DEFAULT) -> Reply:
    cites = [Citation.of(s, lang) for s in engine.knowledge.sources]
    unstated = i18n.text("reply.date_not_stated", lang)
    items = tuple(
        i18n.text("sources.item", lang, title=c.title, author=c.author, date=c.date or unstated, id=c.source_id)
        for c in cites
    )
    title = i18n.text("sources.title", lang, count=len(items))
    return Reply(Kind.LIST, title, i18n.text("sources.body", lang), items=items, answered=True, lang=lang)


def about(engine: Engine, _: str = "", *, lang: Lang = DEFAULT) -> Reply:
    counts = engine.knowledge.counts()
    body = i18n.text("about.body", lang, topics=i18n.text("topics", lang))
    fields = tuple(Field(i18n.text(f"kind.{kind}", lang), str(n), inline=True) for kind, n in counts.items())
    return Reply(Kind.INFO, i18n.text("about.title", lang), body, fields=fields, answered=True, lang=lang)


def ask(engine: Engine, question: str, *, lang: Lang = DEFAULT) -> Reply:
    """Only for the registry's sake: the engine answers ``ask`` itself, as addressed free text."""
    return engine.respond(question, addressed=True, lang=lang).reply or usage("ask", lang=lang)


COMMANDS: tuple[Command, ...] = (
    _command("help", (), help_),
    _command("policy", ("policies",), policy, lookup=True),
    _command("quote", ("quotes",), quote, lookup=True),
    _command("compare", ("comparison", "comparisons", "vs"), compare, lookup=True),
    _command("ask", ("question",), ask, lookup=True),
    _command("sources", ("source",), sources),
    _command("about", ("info",), about),
)
COMMAND_NAMES = {name: c for c in COMMANDS for name in (c.name, *c.aliases)}
