"""What a question asks for, and which numbers answer "how much"."""

from __future__ import annotations

import re

import pytest
import yaml

from config import ROOT
from handlers.core import query
from handlers.core.query import (
    WORD_STARTS,
    asks,
    cited,
    laughing,
    part_asked,
    plain,
    quantities,
    spelled_dates,
    which_articles,
)


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("how much did samsung export", {"number"}),
        ("what's the number of the directive", {"number"}),
        ("what % of exports", {"number"}),
        ("when was it issued", {"date", "past"}),
        ("in which year did vietnam rank 47th", {"date", "past"}),
        ("who issued resolution 57", {"issuer"}),
        ("when is the next industry 4.0 summit", {"date", "now"}),
        ("who is the current prime minister", {"now", "who"}),
        ("where is the factory", {"place"}),
        ("what was the iea figure for fossil fuel investment in vietnam", {"number"}),  # a figure for something
        ("whats the number on fdi in 2017", {"number"}),
        ("where did vietnam rank", {"number"}),  # a rank (a number), not a place
        ("doanh nghiệp tham gia hoạch định chính sách thế nào", set()),  # "tham gia" is taking part, not a price
        ("giá bán điện mặt trời", {"number"}),
        ("TTg nào ký chỉ thị", {"who"}),
        ("tác giả tên là gì", {"who"}),
        ("talk đó tên là gì", set()),  # a thing's name, not a person's
        ("chủ tịch hội nghị tên là gì", {"who"}),  # a person of the thing, named first
        ("tác giả của báo cáo đó tên là gì", {"who"}),
        ("phiên tọa đàm cấp cao hôm đó tên là gì", set()),
        ("ai làm thủ tướng hồi đó", {"who"}),
        ("where does she work", set()),  # whom she works for: asked of a person the question names (Index.analyse)
        ("wat year did it start", {"date", "past"}),  # chat spellings of question words
        ("which PM signed it", {"who"}),
        ("who came up with the term", {"who"}),
        ("what was thailand's rank", {"number"}),
        ("what was vn's actual score in the 2017 global innovation index", {"number"}),
        ("vietnam's gii score?", {"number"}),
        ("which areas does vietnam score well in", set()),  # doing well, not a score
        ("where was the summit held and who worked on it", {"place"}),  # "worked" is another clause's
        ("which other asean countries were ranked besides vietnam", {"place"}),
        ("which korean city hosted it", {"place", "city"}),  # a city: a country named is not the answer
        ("where does vietnam stand on net zero", set()),  # a position, not a rank
        ("green hydrogen where is it mentioned", set()),  # where in the articles, not on a map
        ("the exact quote where le thai ha defines industry 5.0", set()),  # a part of the text, not a place
        ("what were the key findings of unido's middle income study", {"topic"}),  # the findings must be said
        ("what were the key findings in the unido press release", set()),  # the article's own: its gist
        ("names of the three policies for experts", set()),  # things, not people
        ("the article where she gets interviewed", set()),
        ("names of some of the 50 senior experts at the summit?", {"who"}),
        ("names of the party / govt leaders at the executive talk?", {"who"}),
        ("supply chains, human rights... where do they fit now", set()),
        ("where is vn strong according to the index", set()),
        ("where is the factory they mentioned, and who runs it", {"place", "who"}),  # a place, mentioned
        ("what do firms complain about when it comes to patents", set()),  # "when" joining clauses asks no date
        ("what do businesses say when they try to register patents", set()),
        ("ok so when did the summit happen", {"date", "past"}),
        ("where did thailand rank in that index", {"number"}),  # a rank, not a place
        ("where does the 2 trillion figure come from", set()),
        ("who was prime minister when the directive came out", {"who"}),
        ("which other middle-income countries were in the study", {"place"}),
        ("when did vn make the net zero pledge", {"date", "past"}),  # something past: a target year is not it
        ("when will vn meet its net zero pledge", {"date"}),  # to come
        ("cách mạng công nghiệp lần thứ tư bắt đầu từ khi nào", {"date"}),  # "thứ tư" (fourth), not "từ" (since)
        ("các nước làm thế nào để thoát bẫy thu nhập trung bình", set()),  # "thế nào" (how) is no country
        ("the article talks about developing countries, which ones are most at risk", set()),
        ("vn cam ket net zero tu nam nao", {"date", "past"}),
        ("when will vn reach net zero", {"date"}),
        ("when exactly was the summit held", {"date", "day"}),
        (
            "when exactly will vietnam reach net zero",
            {"date"},
        ),  # a year to come is the answer  # more than a year: the name "Summit 2018" is not it
        ("hội nghị diễn ra chính xác là khi nào", {"date", "day"}),
        ("nhung nuoc G20 nao dua green industry vao chien luoc", {"place"}),  # which countries, words between
        ("g20 countries put green industry into their strategies. which ones though?", {"place"}),  # the countries
        ("the summit was held when?", {"date"}),
        ("hội nghị tổ chức ở trung tâm hội nghị nào", {"place", "city", "venue"}),  # a venue: Hanoi is not it
        ("summit to chuc o dia diem cu the nao", {"place", "city", "venue", "specifics"}),  # a venue: none named
        ("khach san nao", {"place", "city"}),
        ("what's the prize money", {"number"}),
        ("what university did he study at", {"who"}),
        ("what was thailand's overall innovation rank", {"number"}),
        ("what do developing countries need", set()),  # "what do ... countries" asks for no place
        ("which report said g20 countries act", set()),
        ("where does the 2 trillion figure come from", set()),
        ("samsung xuat khau bao nhieu", {"number"}),
        ("VN cam kết net zero năm bao nhiêu", {"date"}),  # "năm bao nhiêu": which year, not how many
        ("tỉ số trận VN Thái Lan tối qua", {"number"}),  # a score is a figure
        ("có mấy nước tham gia nghiên cứu", {"number"}),
        ("Fernando Santiago làm gì ở UNIDO", set()),  # who he is (identity, set where a person is named)
        ("cơ quan nào ban hành NQ 57", {"issuer", "who"}),
        ("hội nghị có mấy người phát biểu, họ nói gì", {"number"}),  # "gì" in another clause
        ("samsung xuất khẩu mỗi năm bao nhiêu", {"number"}),  # how much a year, not which year
        ("what other middle income countries were in the unido study besides vn", {"place"}),
        ("what do developing countries need to do now", set()),  # who must act, not where
        ("which vn steel companies r using big data", {"who"}),  # which companies: names
        ("which sectors do firms invest in most", set()),  # a verb is no part of what is named
        ("đăng ký bằng sáng chế ở VN mất bao lâu", {"number"}),  # how long
        ("chỉ thị với summit cách nhau bao lâu", {"date"}),  # how far apart: their dates
        ("siemens voi toyota cam ket net zero vao nam may", {"date"}),  # which year
        ("what about smart cities", set()),  # a topic, not "which city"
        ("where did it take place", {"place"}),
        ("what is the name of the report's author", {"who"}),
        ("what is the name of the author of the report", {"who"}),
        ("whats the name of that pm directive", set()),  # the directive's title, not a person's name
        ("what is the name of the prime minister", {"who"}),
        ("which uni is prof nguyen mai from", {"who"}),
        ("which party leaders were at the executive talk, names pls", {"who"}),
        ("who headed the central economic commission", {"who"}),
        ("what korean city was the smart city example", {"place", "city"}),
        ("báo cáo đó nói gì về mấy nước G20", set()),  # "mấy nước ... gì": those countries, not how many
        ("nghị quyết 57 ban hành khi nào", {"date"}),
        ("nhà máy samsung ở đâu", {"place"}),
        ("ai là thủ tướng", {"who"}),
        ("what is resolution 57", set()),
        ("names of the 50 experts at the summit?", {"who"}),  # names asked of people
        ("executive talk, any names?", {"who"}),
        ("50 chuyên gia là những ai, có nêu tên không", {"who"}),
        ("name all the challenges vietnam faces", set()),  # names of things: no person asked
        ("list the full names of the solutions", set()),
        ("nêu tên các giải pháp", set()),
        ("which month was the report released", {"date", "day"}),  # a month is as fine as a day
        ("chỉ thị ra tháng mấy", {"date", "day"}),
        ("where in vn are samsung's factories", {"place", "city"}),  # a place within the country
        ("vn dang thieu bn ky su cong nghe cao", {"number"}),  # "bn": chat for "bao nhiêu"
        ("summit 2018 co bn nguoi tham du", {"number"}),
        ("ok thanks bn, hiểu r", set()),  # "bạn" (friend)
        ("có bn nào biết nghị quyết 57 là gì ko", set()),  # "có bạn nào" (does anyone)
        ("samsung có sản xuất thang máy không", set()),  # "thang máy" (a lift), not "tháng mấy"
        ("res 57 date?", {"date"}),  # the bare noun, as chat asks
        ("the publication date of the unido release", {"date"}),
        ("ngày ban hành nq57", {"date"}),
        ("need the date of the summit pls", {"date"}),
        ("who actually issued resolution 57", {"issuer"}),
        ("which body passed it", {"issuer"}),
        ("unido guy name?", {"who"}),
        ("what did the unido study actually find", {"topic"}),
        ("up to date tech in 001", set()),
        ("is the 001 info still up to date", set()),
        ("what's res 57's date btw, for my slides", {"date"}),
        ("res 57 date, anyone know?", {"date"}),
        ("what's the official name of the pm directive", set()),  # a title, no person
        ("what tax incentive rates are in the policy", {"number"}),  # rates, an amount, a budget: figures
        ("vinfuture prize amount?", {"number"}),
        ("what budget did dam bach duong propose", {"number"}),
        ("tidal power potential in GW?", {"number"}),  # a unit with no figure before it
        ("tiềm năng điện thủy triều bn MW", {"number"}),
        ("vietnam has 2000 mw of tidal power right", set()),  # the unit of a figure given
        ("what amounts to industry 5.0 according to le thai ha", set()),  # the verb
        ("chi thi 2017 so hieu may", {"number"}),  # a directive's number
        ("what did the unido study on middle income countries actually find", {"topic"}),
        ("thailand rank?", {"number"}),  # a rank asked in a word at the end
        ("in asean, how does vn rank?", set()),  # a position, not a figure
        ("vn vs thailand, who has the higher rank?", set()),
        ("what number is the resolution on innovation", set()),  # resolution 57: its number is its name
        ("which no. is the article on the summit", set()),  # which article
        ("vn gii rank", {"number"}),
        ("vn vs thailand innovation ranking?", set()),  # the ranking: a topic
        ("tidal power capacity vn?", {"number"}),  # how much power
        ("who signed off the directive on strengthening capacity to approach 4.0", {"issuer"}),  # a title's word
        ("what number was the pm's may 2017 directive? need it for citation", {"number"}),  # a directive's number
        ("who came up w the term industry 5.0", {"who"}),  # "w": with
        ("industry 5.0, who coined it and when, does 000 say", {"who", "date"}),  # "and when" ending its clause
        ("what do firms complain about and when they do", set()),  # joining clauses
        ("when was the summit again, which days", {"date", "day", "past"}),
        ("res 57 was 2023 right?", {"date"}),  # a year guessed for something past, to be checked
        ("the pm's 4.0 directive was passed in 2016 wasnt it", {"date"}),
        ("the summit was held in 2018, who organised it?", set()),  # a year given as context: no date asked
        ("the summit was held in 2019 in hanoi right?", {"date"}),  # the guess, then where
        ("resolution 57 was passed in 2024 or was it 2025?", {"date"}),
        ("there were 2000 delegates at the summit, right?", set()),  # a figure, not a year
        ("at which cop did vn pledge net zero by 2050", {"event"}),  # an event, not a place
        ("vn cam ket net zero o hoi nghi nao", {"event"}),
        ("which parts of vn have tidal power potential", {"place", "city"}),  # a place within the country
        ("where exactly would the tidal power projects be", {"place", "city"}),  # a site
        ("where exactly does santiago say that", {"place"}),  # where in the text: no site
        ("what korean smart city was nguyen mai talking abt", {"place", "city"}),
        ("VN cam kết net zero năm bn", {"date"}),  # "bn": chat for "bao nhiêu"
        ("ok thanks bn", set()),  # "bạn"
        ("what's its official number, like 16/CT-TTg", {"number"}),  # a legal text's number
        ("what did thailand rank in the 2017 innovation index", {"number"}),
        # a figure of today: the articles give past ones
        ("vn's gii rank now, like 2024?", {"number", "now"}),
        ("tỷ lệ chi R&D trên GDP của VN hiện nay là bao nhiêu", {"number", "now"}),
        ("what is vn doing now about fdi", set()),  # "now" without a figure asked
        ("green hydrogen ở VN phát triển tới đâu rồi", {"now"}),  # how far it has got by now
        ("how far along the global value chain are vietnamese firms", set()),  # a position, not a time
        # what came of something after it
        ("which of santiago's recommendations did vn adopt after the summit", {"now", "later"}),
        ("sau hội nghị đó vn có áp dụng khuyến nghị của ông Santiago ko", {"now", "later"}),
        ("what did santiago recommend vn adopt", set()),
        # who stands ahead in a ranking, not whom someone is ahead of
        ("which asean countries were still ahead of vn in the 2017 ranking", {"ahead", "place"}),
        ("who was above vietnam in asean", {"ahead"}),
        ("nước nào trong ASEAN xếp trên VN", {"ahead", "place"}),
        ("which country was vn above in asean", {"place"}),
        ("in asean who did vn beat in the innovation index", set()),
        ("trong ASEAN VN đứng trên nước nào", {"place"}),
        ("nước nào VN vượt qua trong asean", {"place"}),  # which country: a place, not one ahead
        ("which asean countries vietnam outranked", {"place"}),
        ("which recommendations were above all important", set()),
        ("which country topped the 2017 GII", {"ahead", "place"}),
        ("which tech topped the list of priorities", set()),
        # "now" opening a clause, "today's": no figure of today
        ("ok now how many delegates attended the 2018 summit", {"number"}),
        ("today's reading: how many delegates attended the 2018 summit", {"number"}),
        ("what's its number one priority for fdi", set()),
        ("what did the article rank as the top fdi priority", set()),
        ("where exactly is this number located in the text", {"place"}),
        ("chao nam bn", set()),  # a name, "bạn"
        # what someone said should be done after it, or "then": no later event asked
        ("what did santiago say vn should implement after the summit", set()),
        ("sau đó santiago khuyên VN làm theo điều gì", set()),
    ],
)
def test_what_a_question_asks_for(question, wanted):
    assert asks(question) == wanted


def test_quantities_are_amounts_not_years_days_or_names():
    text = "On 6 May 2017, under Resolution 57 and Industry 4.0, after Covid-19, "
    text += "some 2,000 delegates and 50 experts; 25%, 47/127."
    assert quantities(text) == {"2000", "50", "25", "47", "127"}
    assert quantities("what does article 002 say about the 0.5% rate") == {"0.5"}  # "002" is a file's number


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("what does art 1 say", {"1"}),
        ("which of the 4 articles mention unido", {"4"}),
        ("bài số 2 nói gì về fdi", {"2"}),
        ("samsung exported 50 billion in article 2", {"2"}),  # the article's number, not the figure
        ("do articles 1 and 2 both mention it", {"1", "2"}),
        ("what does article 3 of resolution 57 say", set()),  # another text's article
    ],
)
def test_numbers_citing_an_article_are_no_figures(text, numbers):
    assert cited(plain(text)) == numbers


@pytest.mark.parametrize(
    ("entities", "named"),
    [
        ({"huong"}, set()),  # "hướng" (direction) alone: the common word, not Dinh Thu Huong
        ({"dinh", "thu", "huong"}, {"dinh", "thu", "huong"}),  # the name
        ({"mai"}, set()),  # "mai" (tomorrow)
        ({"samsung"}, {"samsung"}),  # not one Vietnamese syllable: a name wherever it stands
        ({"toyota"}, {"toyota"}),
        ({"korea"}, {"korea"}),
        ({"toyota", "huong"}, {"toyota"}),  # "toyota phát triển theo hướng nào": Toyota, and a direction
    ],
)
def test_a_vietnamese_syllable_is_a_name_only_beside_another_name_part(entities, named):
    assert query.named(frozenset(entities)) == named


@pytest.mark.parametrize("text", ["what did mr duong propose", "ông dương đề xuất gì", "ts ha noi gi ve 5.0"])
def test_a_vietnamese_syllable_after_a_title_is_a_name(text):
    one = {"duong", "ha"} & set(plain(text).split())
    assert query.named(frozenset(one), plain(text)) == one
    assert query.named(frozenset(one), plain("which road, duong or ha")) == set()


@pytest.mark.parametrize(
    ("text", "called"),
    [
        ("what was duong proposing, short version", True),  # English: the name a speaker goes by
        ("per duong what should business operations become", True),
        ("dr ha said 5.0 is human centric right", True),  # after a title, in any language
        ("ông dương đề xuất gì", True),
        ("con đường nào cho việt nam", False),  # Vietnamese: the word ("road")
        ("hội nghị có tầm 5000 đại biểu hả", False),  # "hả", a question's particle
        ("i run a workshop in binh duong, what did the articles say", False),  # a place
        ("what did duong say about viet nam in may 2018", True),  # "nam", "may": English here
    ],
)
def test_one_syllable_is_a_name_after_a_title_or_in_english(text, called):
    name = "ha" if " ha" in f" {plain(text)}" else "duong"
    places = frozenset({"binh", "duong"}) if "binh duong" in text else frozenset()
    assert query.called(name, plain(text), places) is called
    assert (query.named(frozenset({name}), plain(text), frozenset({name}), places) == {name}) is called


@pytest.mark.parametrize(
    ("text", "numbers", "checks"),
    [
        ("50 chuyên gia hay 500 chuyên gia nhỉ, mình nhớ ko rõ", {"50", "500"}, True),  # two figures offered
        ("was it 3 times the fossil fuel spending or 2 times? cant remember", {"3", "2"}, True),
        ("ranking 2017? i wrote 57th in my notes", {"2017", "57th"}, True),
        ("not sure but 30% of exports?", {"30"}, True),
        ("not sure where vietnam ranked in 2010", {"2010"}, False),  # a year asked about, not a figure checked
        ("samsung chiếm phần không nhỏ trong xuất khẩu năm 2020 à", {"2020"}, False),  # "nhỏ" (small), not "nhớ"
        ("samsung exports in 2017", {"2017"}, False),  # a figure named, not checked
        ("how many of the 50 experts were foreign", {"50"}, False),
        ("2045 or 2050?", {"2045", "2050"}, True),
        ("PM directive on 4.0 was may 2018 iirc?", {"2018"}, True),
        ("net zero by 2045 yeah? just double checking", {"2045"}, True),
        ("samsung = 30% of exports in 2017 was it?", {"30", "2017"}, True),
        ("Samsung chiếm tận 1/4 kim ngạch, bài ghi vậy thật à?", {"1", "4"}, True),
        ("vn promised net zero by 2030 right? saw it in the feb 2025 article", {"2030", "2025"}, True),  # a tag
        ("bai nq57 noi vn cam ket net zero vao 2045 ha", {"2045"}, True),  # "hả": a Vietnamese tag
        ("samsung xk 50 ty do nam 2018 nhi?", {"50", "2018"}, True),  # "nhỉ"
        ("samsung xuat khau 50 ty do nam 2018, check lai giup", {"50", "2018"}, True),
        ("resolution 75 is the one setting up vc funds yeah", {"75"}, True),
        ("the unido report dr ha cited was the 2018 one?", {"2018"}, True),
        ("what was the 2017 export figure", {"2017"}, False),
        ("vn was 47th out of 150 countries in 2017?", {"47th", "150", "2017"}, True),  # stated, asked by its "?"
        ("clean energy investment hit 3 trillion usd per IEA?", {"3"}, True),
        ("vietnam's exports were how much in 2019?", {"2019"}, False),  # a question word: it asks
        ("samsung export number in 2017?", {"2017"}, False),  # no figure stated
        ("the directive was 2018 right, after the summit?", {"2018"}, True),  # a tag, then more words
        ("summit đó có tận 5000 người dự à", {"5000"}, True),  # "à" as written: so it is?
        ("summit có bao nhiêu người dự 5000 người ạ", {"5000"}, False),  # "ạ", a polite ending, checks nothing
        ("chỉ thị 16 do ai ban hành à", {"16"}, False),  # "ai" asks who
        ("right, so what did the directive say in 2017", {"2017"}, False),  # "right" opening a message: no tag
    ],
)
def test_a_figure_half_remembered_is_a_check(text, numbers, checks):
    assert query.checks(text, frozenset(numbers)) is checks


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("how many of the 2000 delegates were foreigners", True),
        ("out of the ~2000 delegates how many were foreign", True),
        ("how much of the 2 trillion went to green hydrogen", True),
        ("trong 2000 đại biểu có bao nhiêu người nước ngoài", True),
        ("how many delegates came to the 2018 summit", False),  # a year, no whole stated
        ("how many of the experts were foreign", True),  # a group only part of those counted
        ("bao nhiêu đại biểu dự summit 2018", False),
        ("how much of the 2017 exports was samsung", False),  # a year scopes, it is no whole
        ("trong 2 năm samsung mở thêm nhà máy ở đâu", False),  # "nhà máy" (factory), not "mấy"
        # a group only part of those counted
        ("how many foreign delegates were at the 2018 summit", True),
        ("how many delegates at the summit were foreigners", True),
        ("bao nhiêu đại biểu nước ngoài dự summit 2018", True),
        ("how many people attended the summit", False),
    ],
)
def test_a_part_of_a_stated_whole_is_read(text, part):
    assert query.part(query.plain(text)) is part


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("resolution 57 says net zero by 2030", {"57"}),
        ("theo nghị quyết số 57 và chỉ thị 16", {"57", "16"}),
        ("nq 57, decree 13", {"57", "13"}),
        ("57% of firms in 2030", set()),
    ],
)
def test_a_policys_number_is_its_name(text, numbers):
    assert query.policy_numbers(plain(text)) == numbers


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        ("res 57 date?", {"57"}),
        ("when was resolution 57 passed, 001 doesn't say", {"57"}),  # a verb for enacting it: the policy's own
        ("nq57 ban hành ngày nào, bài 001 có ghi ko", {"57"}),
        ("when was the resolution 57 article published", set()),  # the article's date
        ("res 57 article date", set()),
        ("what does resolution 57 say", set()),  # no date asked
        ("res 57 date? 001 doesnt say", {"57"}),  # the article where the member looked is not what is asked
        ("nq57 ngày nào vậy, bài không ghi à", {"57"}),
        ("when was the res 57 article posted? need to pass it to my group", set()),  # "pass" is no enacting
        ("bài nq57 đăng ngày nào? giải thích kỹ nha", set()),  # "kỹ" folds to "ky" (signed): no matter
        ("bai ve nq57 dang ngay nao", set()),
        # its date guessed, to be checked: still its own, not an article's
        ("res 57 came out in dec 2024 right? just confirming", {"57"}),
        ("nq 57 ban hành năm 2024 hả", {"57"}),
        ("the res 57 article came out in feb 2025 right", set()),  # the article's date guessed
    ],
)
def test_a_policys_own_date_is_read_apart_from_its_articles(text, dated):
    assert query.dated_policies(plain(text), asks(text)) == dated


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("chi thi ban hanh 6/5/2017", {"6", "5"}),  # a day and a month, not figures to check
        ("hinh nhu thang 5/2018", {"5"}),
        ("thang 12 nam 2024", {"12"}),
        ("samsung 30% of exports in 2017", set()),
        ("50 experts, 2000 delegates", set()),
    ],
)
def test_the_day_and_month_of_a_date_are_not_figures(text, parts):
    assert query.date_parts(text) == parts


@pytest.mark.parametrize(
    ("text", "social"),
    [
        ("im so done with fdi for today, good night", True),
        ("ok who's doing the slides for the policy part", True),
        ("great job everyone on the presentation today", True),
        ("good luck on the quiz tmr guys!!", True),
        ("so who's presenting the summit part on monday?", True),
        ("ill summarize the unido one and share it tonight", True),
        ("có ai đi buổi tọa đàm về chuyển đổi số thứ 5 không", True),
        ("ai đi thì điểm danh nha", True),
        ("@linh did u finish the summary for part 3 yet", True),  # addressed to another member
        ("<@1234567890> did u upload the slides", True),  # ... as Discord writes a member's mention
        ("email me @ the address on the syllabus: what is fdi", False),
        ("who is doing research on industry 4.0 in vietnam", False),
        ("who presented at the executive talk", False),
        ("ai đi đầu trong cách mạng công nghiệp 4.0", False),
        ("i'll need the figure for samsung's exports", False),
        ("who's going to benefit from industry 5.0", False),
        ("who's presenting at the industry 4.0 summit", False),
        ("who's coming to vietnam to invest", False),
        ("có ai đi hội thảo industry 4.0 không", False),
        ("i'll share what santiago said about one size fits all?", False),
        ("what does the article say about the summit", False),
        ("ok who's presenting the unido one, not me pls", True),
        ("ai nhan phan bai UNIDO di, t lam slide nq57 roi", True),  # who takes the UNIDO part
        ("ai trình bày tại hội nghị năm 2018", False),  # who presented at the summit
        ("i'll summarise the res 57 article, but what does it say about startups?", False),
        ("who's going to lead industry 5.0 according to the 000 article", False),
        ("not me but my friend asked: when was res 57 issued", False),  # "not me" opening, then a question
        ("who's presenting the unido one, me or linh? @linh", True),
        ("ok i'll take the unido article, linh u take kim bui's?", True),
        ("can you take questions about kim bui's article", False),
        ("who's presenting at the summit in 002, santiago or duong?", False),  # no member's part
    ],
)
def test_farewells_wishes_and_group_logistics_are_talk_among_members(text, social):
    assert bool(query.SOCIAL.search(query.plain(text))) is social


@pytest.mark.parametrize(
    ("text", "home"),
    [
        ("which other middle-income countries were studied", True),
        ("any other economies doing this", True),
        ("cac nuoc khac thi sao", True),
        ("which countries were studied", False),
        ("what other policies are there", False),
    ],
)
def test_asking_for_other_countries_names_the_articles_own(text, home):
    assert bool(query.home(query.plain(text))) is home


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("g20 countries put which 2 concepts into their strategies?", {"2"}),
        ("wat 3 things r said to be essential", {"3"}),
        ("top 5 sectors for fdi", {"5"}),
        ("nhung 3 tru cot nao", {"3"}),
        ("the 2 trillion clean energy thing", set()),  # a figure: its unit follows
        ("was it 3 times fossil fuels", set()),
        ("vn climbed 12 places", set()),
        ("which 2017 report", set()),
        ("chinh sach can bang giua 2 nhom DN nao", {"2"}),  # Vietnamese: "N <thing> nào"
        ("bai 001 ket lai la can 3 ben nao phoi hop", {"3"}),
        ("list some solutions pls, 4-5 is enough", {"4", "5"}),  # a range of how many
        ("need 3-4 bad side effects", {"3", "4"}),
        ("50 ty do nao", set()),  # a figure: its unit follows
        ("how many challenges, 2 or 3", set()),  # a count checked
        ("the summit, 12-13 july?", set()),
        ("gdp grew 6-7 in 2019 right?", set()),  # figures: nothing counted follows
        ("tăng 12.5 nhóm nào", set()),  # part of a figure
        ("give me some of the solutions, like 4-5", {"4", "5"}),  # "like N-M" at the end: how many
        ("exports grew like 4-5%", set()),
        ("fdi was around 3-4 billion usd, right?", set()),  # a figure checked
        ("diff between 4.0 and 5.0 pls, exam in 2 hrs", {"2"}),  # the member's own clock
        ("con 3 tieng nua la nop bai", {"3"}),
        ("samsung exported 50 billion in 2017", set()),
    ],
)
def test_how_many_things_are_asked_for_is_not_a_figure_to_hold(text, counted):
    assert query.counted(query.plain(text)) == counted


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("name of the PM's 2017 directive?", set()),  # the directive's name, not his
        ("name of the pm pls", {"who"}),
        ("what was germany's export value thanks to industry 4.0", {"number"}),
        ("the UNIDO study was about which group of countries", set()),  # a kind of country, not a place
        ("which middle income countries were studied", {"place"}),
    ],
)
def test_whose_name_and_which_countries_are_read_as_asked(text, kinds):
    assert set(query.asks(text)) == kinds


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("which of the 4 articles mention unido", "unido"),
        ("net zero comes up where in the readings", "net zero"),
        ("bài nào trong 4 bài nhắc đến net zero", "net zero"),
        ("big data được nhắc ở bài nào", "big data"),  # the passive verb before it is no part of what is asked
        ("big data is mentioned in which article", "big data"),
        ("big data shows up in which articles", "big data"),
        ("UNIDO xuất hiện trong những bài nào", "unido"),
        ("is AI mentioned in the readings? where", "artificial intelligence"),  # no "which": of the articles as a whole
        ("steel comes up in 2 different readings, how r they different", "steel"),
        ("which articles mention unido and in what context", "unido"),  # the follow-up is not what is asked about
        ("which articles mention industry 4.0. need it for my refs", "industry 4.0"),  # a new sentence; not "4.0"
        ("which articles mention Mr. Duong", "mr. duong"),  # not the dot of a title
        ("is it mentioned in the readings", "it"),
        ("which articles don't mention samsung", None),  # not the articles that do
        # a "not" outside the sentence that asks is an aside, not the question
        ("which articles mention AI? i feel like all of them but 003 doesnt really??", "artificial intelligence"),
        ("where does unido show up in the readings", "unido"),
        ("UNIDO xuất hiện trong mấy bài? mỗi bài nhắc ntn", "unido"),  # in how many of them
        ("how many articles mention santiago", "santiago"),
        ("3D printing vs blockchain được nhắc ở đâu", "3d printing blockchain"),  # where in them; both asked
        ("summit tổ chức ở đâu", None),  # where it was held: a place
        # how many of them, with no verb for mentioning: the articles as texts, or the group's reading
        ("how many texts are from 2018", None),
        ("có mấy bài cần đọc", None),
        ("tuần này nộp mấy bài vậy", None),
        ("which articles quote santiago", None),  # his words, not where he is named
        ("which paper did kim bui write for", None),  # a newspaper
        ("what does the article say about robots", None),  # one article's view, not which articles
        ("samsung exports in 2017", None),
        ("which reading is mostly about FDI", "fdi"),  # "about", with a word between
        ("which article focuses on green growth", "green growth"),
        ("what does each article say about net zero, quick rundown", "net zero"),  # how it is asked: no topic
        ("which article gives a breakdown of fdi by sector", "gives a breakdown of fdi by sector"),
        ("is unido in more than one of the readings", "is unido"),  # in several of them: which ones
    ],
)
def test_which_articles_mention_what(text, topic):
    assert which_articles(plain(text)) == topic


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("kim bui's conclusion in 1 sentence?", {"1"}),
        ("5.0 vs 4.0 diff in 2 lines pls", {"2"}),
        ("tóm tắt 3 câu", {"3"}),
        ("năng lực cạnh tranh của 1 DN sản xuất đo bằng gì", {"1"}),  # "1" for "a"
        ("was it 1 trillion or 2 trillion", set()),  # figures
        ("vn promised net zero by 2045 rite? for slide 6", {"6"}),  # the member's own work
        ("câu hỏi 2 trong đề cần số liệu fdi", {"2"}),  # question 2 of the exam
        ("deadline nộp bản tóm tắt là thứ 6 hay chủ nhật", {"6"}),  # Friday
        ("vn xep thu 47", set()),  # ranked 47th: a figure
        ("doanh thu 50 ty usd", set()),  # revenue
        ("nam trong nhom 50 nuoc", set()),  # a group of 50 countries
        ("nhu cau 2 trieu ky su", set()),  # a demand
    ],
)
def test_the_length_asked_for_or_one_for_a_is_no_figure(text, numbers):
    assert query.counted(plain(text)) == numbers


@pytest.mark.parametrize(
    ("text", "talk"),
    [
        ("nice, thats just what i was looking for 🙏", True),  # thanks in other words
        ("nice thats exactly what i needed 👍", True),
        ("finished with the res 57 notes, theyre on our google drive", True),  # work shared among members
        ("ok mình up file lên drive rồi nha", True),
        ("exactly what i needed to know: what is resolution 57's budget", False),  # something else asks
        ("finished with the reading, but what is the gii rank of vietnam", False),
        ("what does resolution 57 do to drive innovation", False),  # the verb
        ("what does the drive for net zero mean for firms", False),
        ("i'll take the samsung + fdi section for the group doc", True),  # a part of the group's work claimed
        ("t nhận phần UNIDO nha", True),
        ("t nhận phần UNIDO nha, mà UNIDO là gì vậy?", False),
        ("t nhận phần UNIDO mà UNIDO là gì", False),  # no comma: "mà" starts another clause
        ("mình làm bài về nghị quyết 57", False),  # doing the homework, not a part claimed
        ("ai chia phần thuyết trình chưa, t nhận phần UNIDO nha. Còn bài Kim Bui ai làm thì nhận đi kẻo trùng.", True),
        ("mình làm phần 002, bài đó nói gì về FDI", False),
    ],
)
def test_thanks_and_work_shared_are_talk_unless_something_else_asks(text, talk):
    assert query.shared(plain(text)) is talk


@pytest.mark.parametrize(
    ("text", "reaction"),
    [
        ("lmao the scrape literally says INSTEAD instead of INSEAD 💀", True),
        ("haha the 2018 press release is so short compared to prof mai's wall of text", True),
        ("lol what is 'large data analysis (SMA)' in prof mai's list", False),  # it asks
        ("lol samsung share of exports?", False),
        ("the scrape says INSTEAD lol", False),  # no laughter first, and short: the matcher decides
        ("đọc tới đoạn 'spiky jackpots' mà mình cười muốn xỉu 🤣", True),  # laughing, at some length
        ("samsung exports 2017 😂", False),
        ("'large data analysis (SMA)' i literally cant stop laughing", True),
        ("lol explain resolution 57 to me quickly", False),  # a request, not a reaction
        ("cho mình xin số liệu xuất khẩu của samsung =))", False),
        ("hahaha vietnam ranks 44th in GII right", False),  # a check
        ("lmaooo 'spiky jackpots'", True),  # laughter other than "lol" or "omg" first: short too
        ("lmao spiky jackpots?", False),  # it asks
        ("lol samsung exports", False),  # short, after "lol": a lazy question
        ("haha samsung exports 2017", False),  # a figure named: a lazy question
        ("lmao gii rank 2017", False),
        ("the spiky jackpots line, what does it even mean in context lmao", False),  # a question word, further on
        ("lmaooo spiky jackpots, who even translated this", True),  # laughter first: a reaction all the same
        ("lol that's exactly what i was thinking about the samsung bit", True),  # "what" asks nothing here
        ("the spiky jackpots thing is what got me 😂😂", True),
        ("haha that's funny, but who organised the summit in 2018 anyway lol", False),  # it asks, further on
        ("bruh this reading is long 😂 which city hosted the summit", False),
        ("😂😂 spiky jackpots", True),  # a laughing face first
        ("😂 what is SMA", False),
        ("😂 samsung exports 2017", False),  # a figure named
        ("bài 002 đọc như gg dịch á, 'spiky jackpots' đọc xong cười đau bụng 😂", True),  # "đau", not "đâu"
        ("haha đọc bài 002 chưa =))", False),  # "chưa" asks
        ("lmao t chưa hiểu nghị quyết 57 nói về cái quỹ đầu tư mạo hiểm", False),  # not getting it asks too
    ],
)
def test_laughter_that_asks_nothing_is_a_reaction(text, reaction):
    assert laughing(plain(text)) is reaction


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("dam bach duong is from the ministry of industry n trade right", True),
        ("le thai ha is the vinfast ceo right?", True),
        ("ông fernando santiago là chuyên gia của world bank đúng ko", True),
        ("le thai ha said firms are from the north right?", False),  # what she said, not where she works
        ("santiago's data is from 2019 right?", False),  # a year, not a body
        ("thị trường của samsung ở đâu", False),  # "trường" is no title
        ("santiago is a world bank economist right", True),  # a guess at what a person is
        ("chị Lê Thái Hà là người bên UNIDO đúng ko", True),
        ("samsung is a big exporter right", False),  # no word for what a person is
        ("santiago said vn is an exporter", False),
    ],
)
def test_a_guess_at_where_a_person_works(text, role):
    assert bool(query.ROLE.search(plain(text))) is role


@pytest.mark.parametrize(
    ("text", "opinion"),
    [
        ("samsung phones are mid tbh", True),
        ("ngl nguyen mai writes like a govt report. i fell asleep twice", True),
        ("industry 5.0 sounds like a marketing term imo", True),
        ("tbh what is resolution 57", False),  # a question word: it asks
        ("r vn schools training enough high tech engineers tbh", False),  # a clause opening as a question does
        ("tbh i always thought csr was just marketing fluff, does the 000 article agree or nah", False),
        ("honestly explain res 57 to me", False),  # a request
        ("samsung exports 2017", False),  # no opinion: the matcher decides
        ("samsung exports 2017 tbh", False),  # a topic named, nothing judged: it asks
        ("net zero target year imo", False),
        ("tbh i'm lost on the net zero part", False),  # confusion told: a request for help
        ("ngl need santiago's quote for slides", False),
        ("samsung is 25% of exports tbh", False),  # a figure stated: the entry may check it
        ("industry 5.0 sounds like a marketing term tbh", True),  # a version is no figure
    ],
)
def test_an_opinion_that_asks_nothing_is_talk(text, opinion):
    assert query.opining(plain(text)) is opinion


@pytest.mark.parametrize(
    ("text", "compares"),
    [
        ("000 vs 003 on unido", True),
        ("do both 001 and 002 talk about steel", True),
        ("bài 000 với bài 001 đều nhắc net zero, mỗi bài nói gì", True),
        ("bài 000 và bài 003 khác nhau thế nào", True),
        ("what do 001 and 002 say about steel", False),
    ],
)
def test_articles_set_side_by_side(text, compares):
    assert bool(query.COMPARING.search(plain(text))) is compares


@pytest.mark.parametrize(
    ("text", "translation"),
    [
        ("translate 'supply chain' into japanese pls", True),
        ("pls translate 'chuyển đổi số' into english", True),
        ('translate "one size fits all" quote to vietnamese, who said it?', False),  # it asks more
        ("can you translate resolution 57's goals into english", False),  # no phrase quoted: the goals are asked
        ("translate to vietnamese: what did santiago say", False),
        ("câu trích dẫn của Santiago nói gì, dịch sang tiếng việt giúp mình với", False),  # the quote is asked
        ("how does vietnam translate industry 4.0 into policy", False),
        ("translate 'cách mạng công nghiệp' pls", True),  # into no language named
        ("translate 'spiky jackpots'", True),
    ],
)
def test_a_phrase_to_translate_is_asked_of_no_article(text, translation):
    assert bool(query.TRANSLATE.search(plain(text))) is translation


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("which fdi areas are still prioritized in 002 (not the future tech list, the other one)", "future"),
        ("which FDI sectors get priority, not the future tech list, the first list", "future"),
        ("list everyone quoted across the articles (not the authors)", "authors"),
        ("which fdi areas are prioritized in 002 (Not the future tech list, the other one)", "future"),
        ("is it not the 2017 directive?", None),  # no aside: kept whole
    ],
)
def test_what_a_member_does_not_mean_is_not_looked_for(text, left):
    rest = query.meant(text)
    if left is None:
        assert rest == text
    else:
        assert left not in rest and rest.split()[:3] == text.split()[:3]  # the question itself stays


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ket tac gia chot lai y gi", "conclusion"),  # "kết bài 000 tác giả chốt lại ý gì", its number taken out
        ("tac gia la ai", "author"),
        ("the author concludes what", "conclusion"),
        ("did go up", "date"),  # "when did the X article go up"
        ("ket qua cua la gi", None),  # "kết quả của bài 002 là gì": its result, not its end
        ("what's the ultimate goal of res 57", None),  # the goal of a topic
        ("what comes out of the summit", None),
        ("dang nam 2018 ha", "date"),  # "bài của GS Mai đăng năm 2018 hả"
        ("dang hom nao vay mn", "date"),
        ("title pls", "title"),
        ("tldr, i only read the headline", "gist"),
        ("what's the headline figure", None),  # a figure, not its title
        ("co ay trong ten gi", None),  # "cô ấy trong bài 000 tên gì": a person's name
        ("ten la gi", "title"),
        ("says it went up but by how much", None),
        ("la cua world bank ha, ai viet", "author"),  # a guess at the body it is from: no topic left
    ],
)
def test_what_is_asked_of_an_article_as_a_text(text, kind):
    found = query.of_article(text)
    assert (found[0] if found else None) == kind


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("summit delegates count", False),  # "count" would be a detail no entry says
        ("germany's export numbers in 001?", True),
        ("cut headcount n costs", False),
        ("what are the priorities santiago names", False),  # the verb
        ("leaders at the talk, names?", True),
    ],
)
def test_a_figure_or_names_asked_in_a_word(text, asked):
    found = asks(plain(text))
    assert bool(found & {"number", "who"}) is asked


def test_a_count_of_what_is_asked_is_no_figure():
    assert "3" in query.counted(plain("3 tập đoàn lớn dc nêu làm ví dụ ở bài 000 là ai"))
    assert "3" not in query.counted(plain("vn tăng 3 bậc"))


def test_patterns_tried_at_word_starts_find_what_they_would_anywhere():
    """``at_words`` only skips places no match of the pattern can start: on every shipped example question (a
    sample) and on text made to probe the edges, each such pattern finds the same match as tried at every
    character."""
    gated = [p for p in vars(query).values() if isinstance(p, re.Pattern) and p.pattern.startswith(WORD_STARTS)]
    assert len(gated) >= 10
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    examples = yaml.load((ROOT / "knowledge" / "examples.yaml").read_text(encoding="utf-8"), Loader=loader)
    texts = [q for item in examples["examples"] for q in item["questions"]][::14]
    texts += [
        "vn's rank?",
        "'s rank of vn",
        "what % of exports",
        "x%y how much",
        "...when was it",
        "  where is it",
        "abc-how many",
        "2017's figure: how much",
        "who wrote it?? by whom",
        "ngày đăng: khi nào",
    ]
    assert len(texts) > 1000
    for pattern in gated:
        anywhere = re.compile(pattern.pattern.removeprefix(f"{WORD_STARTS}(?:").removesuffix(")"), pattern.flags)
        for text in map(plain, texts):
            found, expected = pattern.search(text), anywhere.search(text)
            assert (found and found.span()) == (expected and expected.span()), (pattern.pattern[:60], text)


@pytest.mark.parametrize(
    ("rest", "part"),
    [  # a question without its reference to one article, as ``Lookups.article`` leaves it
        ("techs mentioned at the start of ?", ("opening", False)),
        ("first para of says innovation is key for vn to do what", ("opening", True)),
        ("what do businesses need to do in the conclusion of", ("conclusion", False)),
        ("what does high tech let industry do according to the last para of", ("conclusion", True)),
        ("ket doanh nghiep can lam gi", ("conclusion", False)),  # "kết bài 002 ...", once "bài 002" is out
        ("doan ket luan noi gi ve doanh nghiep", ("conclusion", False)),
        ("mo dau noi gi ve doi moi sang tao", ("opening", False)),
        # a goal, a time, a study concluding, an investment: no part of the article
        ("is 4.0 an end goal according to", None),
        ("what did industry look like at the beginning of the 20th century per", None),
        ("what happened at the end of 2017", None),
        ("vay cu the nghien cuu do ket luan gi", None),
        ("dau tu vao nganh nao", None),
        ("cuoi cung thi sao", None),
    ],
)
def test_the_part_of_an_article_a_topic_is_asked_in(rest: str, part: tuple[str, bool] | None) -> None:
    found = part_asked(rest)
    assert (found and (found[0], found[2])) == part
    if found is not None:  # the words naming the part are no topic
        assert not {"start", "conclusion", "para", "ket", "luan", "dau"} & set(found[1].split())


@pytest.mark.parametrize(
    ("text", "spelled"),
    [
        ("ngay 15/6/2017 la ngay gi", "ngay 15 June 2017 la ngay gi"),  # day first, as the articles write it
        ("posted 10.02.2025?", "posted 10 February 2025?"),
        ("6/15/2017", "15 June 2017"),  # the first cannot be the month: month first
        ("chi thi 6/5/2017 de ra gi", "chi thi 6 May 2017 de ra gi"),
        ("What happened on 5/6/2017", "What happened on 5/6/2017"),  # English: 5 June or May 6, as typed
        ("13/13/2017 or 5/6", "13/13/2017 or 5/6"),  # no such date, no year: as typed
        ("res 57 in 2024", "res 57 in 2024"),
    ],
)
def test_a_date_in_figures_is_spelled_as_the_base_writes_it(text: str, spelled: str) -> None:
    assert spelled_dates(text) == spelled


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("where was the summit held", "where was the summit "),
        ("when exactly was the industry 4.0 summit held", "when exactly was the industry 4.0 summit "),  # no stop
        ("where was the 2018 summit organised", "where was the 2018 summit "),
        # who held it is organising; so is a sentence that asks neither where nor when
        ("who held the summit and when", "who held the summit and when"),
        ("who held the summit? where was it held?", "who held the summit? where was it ?"),
        ("the summit was held by who, and where?", "the summit was held by who, and where?"),
        ("when did vn say it held talks", "when did vn say it held talks"),
    ],
)
def test_held_where_or_when_is_where_or_when_it_took_place(text: str, kept: str) -> None:
    assert query.took_place(text) == kept


@pytest.mark.parametrize(
    ("text", "asked", "not_asked"),
    [
        ("dien mat troi dc uu dai gia FIT bn theo bai 002", "number", None),  # "giá ... bn": a price
        ("UNIDO đánh giá VN sao bn", None, "number"),  # "đánh giá", and "bn" the friend asked
        ("vn tham gia ko bn", None, "number"),
        ("Ở buổi executive talk 2018 có những lãnh đạo nào, tên cụ thể ấy", "who", None),  # names of people
        ("chuyên gia UNIDO đề xuất những chính sách nào, nêu tên cụ thể", None, "who"),  # names of things
        ("Summit 4.0 2018 tổ chức ở đâu trong HN, TT hội nghị quốc gia à?", "venue", None),
        ("hội nghị tại trung tâm hội nghị quốc gia năm 2018 có chủ đề gì", None, "venue"),  # its theme
        ("tt hội nghị 2018 là gì vậy", None, "venue"),  # chat "tt": "thông tin"
        ("for my essay i need the share of fdi in vn's economy", "number", None),
    ],
)
def test_what_a_question_asks_in_chat_and_in_vietnamese(text: str, asked: str | None, not_asked: str | None) -> None:
    asks = query.asks(text)
    assert asked is None or asked in asks, asks
    assert not_asked is None or not_asked not in asks, asks


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("where was the summit held", True),
        ("the 50 senior experts at the summit were from where", False),  # where people came from
        ("which country hosted the summit", False),  # a country asked
        ("các chuyên gia ở summit đến từ đâu", False),
    ],
)
def test_where_an_event_took_place_is_not_where_its_people_came_from(text: str, event: bool) -> None:
    assert query.event_place(query.plain(text)) is event
