"""Follow-up questions: which messages are follow-ups, how long a topic lasts, and what each follow-up answers,
through the Service (one conversation per member and channel)."""

from __future__ import annotations

import pytest

from config import load_settings
from handlers.core.context import Ask, Conversations, FollowUp, follow_up
from handlers.core.reply import Kind
from handlers.service import Service, Where


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("and 4.0?", FollowUp(Ask.SAME, "4.0")),
        ("what about Resolution 57?", FollowUp(Ask.SAME, "Resolution 57")),
        ("còn 4.0 thì sao?", FollowUp(Ask.SAME, "4.0")),
        ("who said that?", FollowUp(Ask.SPEAKER)),
        ("Who said it", FollowUp(Ask.SPEAKER)),
        ("ai nói vậy?", FollowUp(Ask.SPEAKER)),
        ("when?", FollowUp(Ask.WHEN)),
        ("when was that?", FollowUp(Ask.WHEN)),
        ("khi nào?", FollowUp(Ask.WHEN)),
        ("where?", FollowUp(Ask.WHERE)),
        ("ở đâu?", FollowUp(Ask.WHERE)),
        ("tell me more", FollowUp(Ask.MORE)),
        ("kể thêm đi", FollowUp(Ask.MORE)),
        ("source?", FollowUp(Ask.SOURCE)),
        ("where is that from?", FollowUp(Ask.SOURCE)),
        ("nguồn?", FollowUp(Ask.SOURCE)),
    ],
)
def test_follow_ups_are_recognised(text, expected):
    assert follow_up(text) == expected


@pytest.mark.parametrize(
    "text",
    ["lol", "thanks", "what is industry 4.0", "when was resolution 57 issued", "and", "who is le thai ha", ""],
)
def test_messages_that_stand_on_their_own_are_not_follow_ups(text):
    assert follow_up(text) is None


def test_a_topic_lasts_a_few_minutes_and_the_oldest_go_first():
    now = [0.0]
    topics = Conversations(seconds=300, size=2, clock=lambda: now[0])
    topics.remember("a", "resolution-57", "what is resolution 57")
    now[0] = 299
    assert topics.get("a") is not None
    now[0] = 301
    assert topics.get("a") is None
    for key in ("a", "b", "c"):
        topics.remember(key, "x", "q")
    assert list(topics) == ["b", "c"]


@pytest.fixture
def service() -> Service:
    return Service.start(load_settings(env={}))


ALICE = Where(server="1", channel="2", author="3")
BOB = Where(server="1", channel="2", author="4")


def talk(service: Service, where: Where, *texts: str, addressed: bool = True) -> list:
    """Each text in turn, every reply sent (so that answers become the topic); the replies."""
    import asyncio

    async def go() -> list:
        return [await service.handle(text, addressed=addressed, where=where) for text in texts]

    return asyncio.run(go())


def test_and_4_0_asks_the_same_about_4_0(service):
    first, second = talk(service, ALICE, "what is industry 5.0", "and 4.0?")
    assert first.entry_id == "industry-5-0-definition"
    assert second.answered and "4.0" in second.title and second.entry_id != first.entry_id


def test_the_vietnamese_follow_up_too(service):
    _, second = talk(service, ALICE, "what is industry 5.0", "còn 4.0 thì sao?")
    assert second.answered and "4.0" in second.title


def test_who_said_that_names_the_speaker_of_the_last_answer(service):
    _, who = talk(service, ALICE, "what is industry 5.0", "who said that?")
    assert who.title == "Who said it: Le Thai Ha" and "Executive Director of the VinFuture Foundation" in who.body
    _, who = talk(service, ALICE, "what did santiago say", "who said that?")
    assert who.title == "Who said it: Fernando Santiago"


def test_who_said_that_about_an_articles_own_account_names_its_author(service):
    _, who = talk(service, ALICE, "what is resolution 57", "who said that?")
    assert who.answered and who.title == "Who said it: Nguyen Vu Anh" and "No one is quoted" in who.body


def test_when_and_where_from_the_entry_or_an_honest_no(service):
    _, when, where = talk(service, ALICE, "what did santiago say", "when?", "where?")
    assert when.answered and "2018" in when.body
    assert where.answered and "Hanoi" in where.body
    _, when = talk(service, ALICE, "what is resolution 57", "when?")
    assert not when.answered and when.title == "The articles don't say" and "10 February 2025" in when.body


def test_source_and_tell_me_more(service):
    _, source, more = talk(service, ALICE, "what is industry 5.0", "source?", "tell me more")
    assert source.title == "Source of “Industry 5.0 defined”" and "Kim Bui" in source.body
    assert more.kind is Kind.LIST and 1 <= len(more.suggestions) <= 3 and len(more.items) == len(more.suggestions)
    assert "industry-5-0-definition" not in {s.entry_id for s in more.suggestions}


def test_follow_ups_keep_the_topic(service):
    replies = talk(service, ALICE, "what is industry 5.0", "source?", "who said that?", "and 4.0?")
    assert replies[2].title == "Who said it: Le Thai Ha"
    assert replies[3].answered and "4.0" in replies[3].title


def test_a_question_that_stands_on_its_own_resets_the_topic(service):
    replies = talk(service, ALICE, "what did santiago say", "what is resolution 57", "who said that?")
    assert replies[1].title == "Resolution 57" and replies[2].title == "Who said it: Nguyen Vu Anh"
    replies = talk(service, ALICE, "what is industry 5.0", "how many robots per worker in vietnam?", "source?")
    assert not replies[1].answered
    assert replies[2] is None or not replies[2].title.startswith("Source of")  # no topic left: answered on its own


def test_chatter_after_an_answer_is_still_chatter_and_keeps_the_topic(service):
    replies = talk(service, ALICE, "what is industry 5.0", "lol", "source?")
    assert replies[1].title == "IndustryBot here"
    assert replies[2].title == "Source of “Industry 5.0 defined”"
    assert talk(service, ALICE, "lol", addressed=False) == [None]  # in a channel: silence, as always


def test_each_member_has_their_own_conversation(service):
    talk(service, ALICE, "what is industry 5.0")
    [bobs] = talk(service, BOB, "source?")
    assert bobs is None or not bobs.title.startswith("Source of")
    [alices] = talk(service, ALICE, "source?")
    assert alices.title.startswith("Source of")


def test_no_follow_up_without_a_topic(service):
    [reply] = talk(service, ALICE, "who said that?")
    assert reply is None or not reply.title.startswith("Who said it")


def test_a_topic_expires(service):
    now = [0.0]
    service.conversations = Conversations(clock=lambda: now[0])
    talk(service, ALICE, "what is industry 5.0")
    now[0] = 301
    [reply] = talk(service, ALICE, "source?")
    assert not reply.title.startswith("Source of")


def test_in_a_channel_a_follow_up_gets_an_answer_or_silence(service):
    _, when = talk(service, ALICE, "what is resolution 57", "when?", addressed=False)
    assert when is None  # "the articles don't say" is for a member who spoke to the bot
    _, source = talk(service, ALICE, "what is resolution 57", "source?", addressed=False)
    assert source is not None and source.title == "Source of “Resolution 57”"


def test_a_follow_up_is_recorded_with_what_it_followed(tmp_path):
    import asyncio

    async def go() -> list:
        service = Service.start(load_settings(env={}))
        async with service.session():
            await service.handle("what is resolution 57", addressed=True, where=ALICE)
            await service.handle("when?", addressed=True, where=ALICE)
            return await service.unanswered_groups(None, 30)

    groups = asyncio.run(go())
    assert [g.text for g in groups] == ["when? (after: what is resolution 57)"]
