"""The core in Vietnamese: the bot's own words change, what is understood and the entries' own text do not."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from handlers.core.cards import verbatim
from handlers.core.engine import Engine
from handlers.core.reply import Kind
from handlers.curation import Group, stats_reply, unanswered_csv, unanswered_reply
from handlers.service import Service
from handlers.storage import Stats

QUESTIONS = [
    "what is resolution 57",
    "!policy resolution 57",
    "!quote santiago",
    "!compare 4.0 5.0",
    "hi there",
    "what is the capital of france",
    "how do cobots handle assembly lines on mars",
    "!polcy",
    "!help",
    "!about",
    "!sources",
    "",
]


def texts(service: Service, lang: str | None) -> list[str]:
    out = []
    for question in QUESTIONS:
        reply = service.respond(question, addressed=True, lang=lang).reply  # type: ignore[arg-type]
        out.append(reply.to_text("!") if reply else "")
    return out


def test_english_is_the_default_and_the_same_as_asking_for_it(service):
    assert texts(service, None) == texts(service, "en")


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_same_answer_in_either_language(service, question):
    """The language changes the words around an answer, never which entry answers or whether it does."""
    english = service.respond(question, addressed=True).outcome
    vietnamese = service.respond(question, addressed=True, lang="vi").outcome
    assert (vietnamese.answered, vietnamese.nearest, vietnamese.question) == (
        english.answered,
        english.nearest,
        english.question,
    )
    if english.reply is not None:
        assert vietnamese.reply is not None and vietnamese.reply.lang == "vi"
        assert vietnamese.reply.kind == english.reply.kind and vietnamese.reply.entry_id == english.reply.entry_id


def test_an_unknown_question_in_vietnamese(engine: Engine):
    reply = engine.respond("how do cobots handle assembly lines on mars", addressed=True, lang="vi").reply
    assert reply is not None and reply.kind is Kind.UNKNOWN
    assert reply.title == "Mình chưa biết câu này."
    assert "Công nghiệp 4.0" in reply.body and "\ue000help" in reply.body
    text = reply.to_text("?")
    assert "`?help`" in text and "I don't" not in text
    if reply.suggestions:
        assert "Có phải ý bạn là:" in text


def test_the_articles_dont_say_in_vietnamese(engine: Engine):
    english = engine.respond("when was resolution 57 signed", addressed=True).reply
    reply = engine.respond("when was resolution 57 signed", addressed=True, lang="vi").reply
    assert english is not None and english.title == "The articles don't say"
    assert reply is not None and reply.title == "Các bài báo không nói"
    assert reply.body.startswith("Các bài báo không nêu thời điểm đó cho câu “when was resolution 57 signed”.")
    assert reply.suggestions == english.suggestions  # the same offer


def test_chatter_and_off_topic_in_vietnamese(engine: Engine):
    hello = engine.respond("hi there", addressed=True, lang="vi").reply
    assert hello is not None and hello.title == "IndustryBot đây" and hello.body.startswith("Chào bạn!")
    assert engine.respond("hi there", addressed=False, lang="vi").reply is None  # silence in a channel, as ever


def test_a_policy_card_keeps_its_english_text_with_vietnamese_labels(engine: Engine):
    english = engine.execute("policy", "resolution 57").reply
    reply = engine.execute("policy", "resolution 57", lang="vi").reply
    assert english is not None and reply is not None
    assert (reply.title, reply.body) == (english.title, english.body)  # the entry's own words
    assert [f.value for f in reply.fields] == [f.value for f in english.fields]
    assert english.fields[0].name == "Key points"
    assert reply.fields[0].name == "Các điểm chính"
    assert reply.citations[0].title == english.citations[0].title
    assert reply.footer.startswith("Nguồn: ") and english.footer.startswith("Source: ")
    assert reply.footer.endswith("10/2/2025") and english.footer.endswith("10 February 2025")


def test_a_quote_card_in_vietnamese_names_its_kind(engine: Engine):
    direct = next(q for q in engine.knowledge.quotes if q.kind == "direct")
    reported = next(q for q in engine.knowledge.quotes if q.kind != "direct")
    card = engine.cards.entry(direct, None, lang="vi")
    assert card.title == f"{direct.speaker} đã nói" and card.body == f"“{verbatim(direct.text)}”"
    assert {f.name: f.value for f in card.fields}["Loại"] == "Trích dẫn trực tiếp, nguyên văn từ bài báo"
    assert {f.name: f.value for f in card.fields}["Người nói"] == f"{direct.speaker}, {direct.role}"
    card = engine.cards.entry(reported, None, lang="vi")
    assert card.title == f"{reported.speaker}, lời thuật lại" and card.body == reported.text
    assert {f.name: f.value for f in card.fields}["Loại"].startswith("Lời thuật lại: bài báo kể lại")
    listed = engine.execute("quote", "santiago", lang="vi").reply
    assert listed is not None and listed.title == "Fernando Santiago: 7 trích dẫn (1 trực tiếp, 6 thuật lại)"
    assert any(item.endswith("(trích dẫn trực tiếp)") or "(lời thuật lại)" in item for item in listed.items)


def test_help_and_usage_in_vietnamese(engine: Engine):
    help_ = engine.execute("help", lang="vi").reply
    assert help_ is not None and help_.title == "Các lệnh của IndustryBot"
    assert [f.name for f in help_.fields][:2] == ["\ue000help [lệnh]", "\ue000policy [tên]"]
    assert all("Ví dụ:" in f.value for f in help_.fields)
    usage = engine.execute("ask", "", lang="vi").reply
    assert usage is not None and usage.kind is Kind.USAGE and usage.body.startswith("Cách dùng: `\ue000ask CÂU_HỎI`")
    unknown = engine.execute("polcy", lang="vi").reply
    assert unknown is not None and unknown.title == "Không có lệnh này"
    assert "Có phải ý bạn là `!policy`?" not in unknown.to_text()  # a plain-text reply lists its offers
    assert "Có phải ý bạn là:\n- !policy" in unknown.to_text()


def test_the_curators_reports_and_csv_in_vietnamese():
    group = Group("57 resolution when")
    group.wordings["when was resolution 57 signed"] = 3
    group.wordings["resolution 57 date"] = 1
    group.nearest["resolution-57"] = 4
    group.best_score = 0.42
    group.last_asked = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    group.servers.add("123")
    reply = unanswered_reply([group], 30, str, "ở đây", "vi")
    assert reply.title == "Câu hỏi chưa được trả lời"
    assert reply.body.startswith("Trong 30 ngày qua, ở đây có 4 câu hỏi chưa được trả lời, gom thành 1 nhóm")
    assert reply.items == ("**4×** “when was resolution 57 signed” (+1 cách hỏi tương tự)\n"
                           "  gần nhất: resolution-57 (`resolution-57`, điểm 0.42)",)  # fmt: skip
    rows = list(csv.reader(io.StringIO(unanswered_csv([group], str, "vi"))))
    assert rows[0] == ["số_lần", "câu_hỏi", "cách_hỏi_khác", "mã_mục_gần_nhất", "tên_mục_gần_nhất", "điểm_cao_nhất",
                       "lần_hỏi_gần_nhất", "máy_chủ"]  # fmt: skip
    assert rows[1][:2] == ["4", "when was resolution 57 signed"]
    english = list(csv.reader(io.StringIO(unanswered_csv([group], str))))
    assert english[0][0] == "count" and english[1:] == rows[1:]  # the same data under either header
    stats = stats_reply(Stats(asked=10, answered=7, unanswered=2, near_misses=1), 7, str, "ở đây", by_server=False,
                        lang="vi")  # fmt: skip
    assert stats.title == "Thống kê câu hỏi"
    assert stats.body.startswith("Trong 7 ngày qua, ở đây có 10 câu hỏi: 7 câu được trả lời (70%)")
    assert [f.value for f in stats.fields] == ["Chưa có lượt “không hữu ích” nào."]


async def test_the_service_speaks_its_settings_language_unless_told_otherwise(engine: Engine):
    from config import load_settings

    service = Service(load_settings(env={"BOT_LANGUAGE": "vi"}), engine)
    assert service.respond("!help", addressed=True).reply.title == "Các lệnh của IndustryBot"  # type: ignore[union-attr]
    assert service.respond("!help", addressed=True, lang="en").reply.title == "IndustryBot commands"  # type: ignore[union-attr]
    assert service.usage("ask").title == "\ue000ask" and service.usage("ask").lang == "vi"
    assert service.unavailable("vi").title.startswith("Kho lưu trữ")
    assert (await service.run("about", lang="vi")).title == "Giới thiệu IndustryBot"
