"""A server switches the bot to Vietnamese with `!config language vi`: its help, "I don't know", usage lines,
buttons, cooldown notices, reports and !config itself are in Vietnamese from then on; other servers and DMs keep
the default, answers keep their entry's English text, and the choice is stored like the other settings."""

from __future__ import annotations

import discord
from discord.ext import commands

from config import Rate
from tests.handlers.discord_bot.conftest import MakeWorld, World, component_interaction, message_payload, press, restart
from tests.handlers.discord_bot.exts.test_server_config import config, fields, slash_config
from tests.helpers import sent_kwargs


async def to_vietnamese(world: World) -> discord.Embed:
    embed = await config(world, "language vi")
    assert world.bot.lang_for(world.guild) == "vi"
    return embed


async def test_config_language_vi_answers_in_vietnamese_and_shows_it_on_the_card(world):
    embed = await to_vietnamese(world)
    assert embed.title == "Đã đặt ngôn ngữ"
    assert embed.description.startswith("Từ giờ bot nói tiếng Việt trong máy chủ này")
    shown = fields(embed)
    assert shown["Ngôn ngữ (đặt riêng)"] == "`vi`: tiếng Việt"
    assert shown["Tiền tố (mặc định)"] == "`!`, hoặc nhắc tên bot"
    assert "`!config reset TÊN`" in embed.description
    card = await config(world)
    assert card.title == "Cài đặt cho Test Guild"
    assert world.bot.server(world.guild).overridden == frozenset({"language"})


async def test_help_unknown_and_usage_in_vietnamese_after_the_switch(world):
    [before] = await world.say("!help")
    assert before.embeds[0].title == "IndustryBot commands"
    await to_vietnamese(world)
    [help_] = await world.say("!help")
    embed = help_.embeds[0]
    assert embed.title == "Các lệnh của IndustryBot"
    assert embed.fields[0].name == "!help [lệnh]" and "Ví dụ: `!help compare`" in str(embed.fields[0].value)
    [unknown] = await world.say(
        f"{world.mention} how do cobots handle assembly lines on mars", raises=commands.CommandNotFound
    )
    assert unknown.embeds[0].title == "Mình chưa biết câu này."
    [typo] = await world.say("!polcy", raises=commands.CommandNotFound)
    assert typo.embeds[0].title == "Không có lệnh này" and "Có phải ý bạn là `!policy`?" in typo.embeds[0].description
    [usage] = await world.say(
        "!config cooldown answers_per_user", member=world.owner, raises=commands.MissingRequiredArgument
    )
    assert usage.embeds[0].description.startswith("Cách dùng: `!config cooldown ")
    assert "Đặt giới hạn tần suất" in usage.embeds[0].description
    [refused] = await world.say("!config prefix ?", member=world.alice, raises=commands.MissingPermissions)
    assert refused.content == "Bạn không dùng được lệnh này."


async def test_an_answer_keeps_its_english_text_with_vietnamese_labels_and_buttons(world, payloads):
    [english] = await world.say("what is resolution 57", world.answers)
    await to_vietnamese(world)
    [answer] = await world.say("what is resolution 57", world.answers)
    en, vi = english.embeds[0], answer.embeds[0]
    assert (vi.title, vi.description) == (en.title, en.description)
    assert [f.name for f in vi.fields][:1] == ["Các điểm chính"] and [f.value for f in vi.fields] == [
        f.value for f in en.fields
    ]
    assert vi.footer.text.startswith("Nguồn: ") and en.footer.text.startswith("Source: ")
    labels = [c["label"] for row in payloads[-1]["components"] for c in row["components"]]
    assert labels == ["Hữu ích", "Không hữu ích"]
    interaction = component_interaction(
        world, "ib:vote:y:resolution-57", message_payload(answer, payloads[-1]["components"])
    )
    await press(world, interaction)
    thanks = interaction.response.send_message.await_args  # type: ignore[attr-defined]
    assert thanks.args[0] == "Cảm ơn bạn: đã ghi nhận là hữu ích. Bấm nút còn lại nếu bạn muốn đổi ý."


async def test_a_long_list_pages_in_vietnamese(world, payloads):
    await to_vietnamese(world)
    [listing] = await world.say("!policy")
    embed = listing.embeds[0]
    assert embed.title.startswith("Chính sách (") and embed.footer.text.endswith("Trang 1/3")
    labels = [c["label"] for row in payloads[-1]["components"] for c in row["components"]]
    assert labels[:2] == ["Trước", "Tiếp"]


async def test_the_cooldown_notice_in_vietnamese(make_world: MakeWorld):
    world = await make_world()
    await to_vietnamese(world)
    await config(world, "cooldown answers_per_user 1 60")
    assert len(await world.say("what is resolution 57", world.answers)) == 1
    [notice] = await world.say("what is resolution 57", world.answers)
    assert notice.content.startswith("Chậm lại một chút nhé: thử lại sau ") and notice.content.endswith(" giây.")
    assert world.bot.server(world.guild).cooldowns.answers_per_user == Rate(rate=1, per=60)


async def test_the_curators_reports_in_vietnamese(world, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # dpytest keeps each sent file in the working folder
    await to_vietnamese(world)
    await world.say(f"{world.mention} how do cobots handle assembly lines on mars", raises=commands.CommandNotFound)
    report, *_groups = await world.say("!unanswered", member=world.owner)  # then a message a group, with buttons
    assert report.embeds[0].title == "Câu hỏi chưa được trả lời"
    assert report.embeds[0].description.startswith("Trong 30 ngày qua, ở đây có 1 câu hỏi chưa được trả lời")
    [attached] = await world.say("!unanswered csv", member=world.owner)
    assert attached.attachments[0].filename == "unanswered-30d.csv"
    [kept] = tmp_path.glob("dpytest_*.dat")
    assert kept.read_bytes().decode("utf-8-sig").splitlines()[0].startswith("số_lần,câu_hỏi,")
    [stats] = await world.say("!stats", member=world.owner)
    assert stats.embeds[0].title == "Thống kê câu hỏi"


async def test_other_servers_keep_the_default_and_reset_brings_it_back(world):
    await to_vietnamese(world)
    assert world.bot.lang_for(None) == "en"  # DMs
    embed = await config(world, "reset language")
    assert embed.title == "Reset" and fields(embed)["Language (default)"] == "`en`: English"
    [help_] = await world.say("!help")
    assert help_.embeds[0].title == "IndustryBot commands"


async def test_the_language_survives_a_restart(make_world: MakeWorld):
    world = await make_world()
    await to_vietnamese(world)
    fresh = await restart(world, make_world)
    assert fresh.bot.lang_for(world.guild) == "vi" and fresh.bot.lang_for(fresh.guild) == "en"


async def test_the_default_language_comes_from_the_settings(make_world: MakeWorld):
    world = await make_world(language="vi")
    [help_] = await world.say("!help")
    assert help_.embeds[0].title == "Các lệnh của IndustryBot"
    embed = await config(world, "language en")
    assert embed.title == "Language set" and fields(embed)["Language (set here)"] == "`en`: English"


async def test_an_unknown_language_is_refused_with_the_usage(world):
    [usage] = await world.say("!config language fr", member=world.owner, raises=commands.BadLiteralArgument)
    assert usage.embeds[0].description.startswith('Usage: `!config language <"en"|"vi">`')
    assert world.bot.lang_for(world.guild) == "en"


async def test_the_slash_command_sets_the_language(world):
    interaction = slash_config(world, "language", {"code": "vi"}, world.owner)
    await world.bot.tree._call(interaction)
    [call] = sent_kwargs(interaction.response.send_message)
    assert call["embed"].title == "Đã đặt ngôn ngữ" and call["ephemeral"] is True
    assert world.bot.lang_for(world.guild) == "vi"
