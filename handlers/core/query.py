"""A question, analysed once: its words, its numbers, what it names, and the kind of answer it asks for.

``Index.analyse`` builds a ``Query`` against one index (typos resolve to that index's words, people and rare
names are the ones its entries mention); scoring and the decision read it and never look at the text again.
The answer-kind rules here are also what the index uses to see which kinds of answer each entry can give.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from handlers.core.text import MAX_CHARS, STOPWORDS, VI_STOPWORDS
from knowledge.text import fold

# Where a match of most question-reading patterns can start: the text's start, a word's start, an apostrophe ("'s
# rank") or a percent sign. Such a pattern is tried only there (``at_words``), which finds the same matches two to
# three times faster than trying every alternative at every character (``tests`` checks it on every shipped
# question). Each alternative of such a pattern must open with ``^``, ``\b`` before a word character (after any
# lookbehind), "'" or "%".
WORD_STARTS = r"(?:^|(?<!\w)(?=\w)|(?=['%]))"


def at_words(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` compiled to be tried only where ``WORD_STARTS`` (its matches are the same)."""
    return re.compile(f"{WORD_STARTS}(?:{pattern})", flags)


YEAR = re.compile(r"^(1[89]|20)\d\d$")
MONTH_NAMES = "january|february|march|april|may|june|july|august|september|october|november|december"
MONTHS = frozenset(MONTH_NAMES.split("|"))
# A date in figures ("15/6/2017", "10.02.2025"), day first as Vietnamese and the articles write it (month first when
# the first cannot be a month: "6/15/2017"; in English, either may come first: "5/6/2017" stays as typed)
_IN_FIGURES = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d\d)\b")


# Where or when something "was held" (hosted, organised): it took place there or then; "held" is organising only of
# who held it ("who held the summit", "held by the government"), as the synonyms read it. A passive verb in a
# sentence that asks where or when; not "who held the summit and when", nor "when did vn say it held talks".
_SENTENCES = re.compile(r"([.?!;]+(?=\s|$))")  # split, the stops kept ("4.0" is no stop)
_WHERE_WHEN = re.compile(r"\b(?:where|when)\b", re.IGNORECASE)
_HELD = re.compile(
    r"(\b(?:was|were|is|are|be|been|being|gets?|got)\b(?:\s+(?!(?:who|which|and|but|or)\b)[\w'.-]+){0,6}?\s+)"
    r"(?:held|hosted|organi[sz]ed)\b(?!\s+by\b)",
    re.IGNORECASE,
)


def took_place(text: str) -> str:
    """``text`` without the passive "held" (hosted, organised) of a sentence asking where or when ("where was the
    summit held"): the synonyms read it as organised."""
    low = text.lower()
    if not any(w in low for w in ("held", "hosted", "organi")) or not _WHERE_WHEN.search(text):
        return text
    return "".join(_HELD.sub(r"\1", p) if _WHERE_WHEN.search(p) else p for p in _SENTENCES.split(text))


def spelled_dates(text: str) -> str:
    """``text`` with its dates in figures spelled as the base writes them ("15/6/2017": "15 June 2017")."""

    def spelled(m: re.Match[str]) -> str:
        day, month = int(m[1]), int(m[2])
        if month > 12 >= day:
            day, month = month, day
        elif day <= 12 and in_english(plain(text)):  # "5/6/2017" in English may be 6 May: as typed
            return m[0]
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return m[0]
        return f"{day} {MONTH_NAMES.split('|')[month - 1].capitalize()} {m[3]}"

    return _IN_FIGURES.sub(spelled, text) if "/" in text or "." in text or "-" in text else text


NOW_OR_NEXT = re.compile(  # ... or how far it has got by now: "green hydrogen ở VN phát triển tới đâu rồi"
    r"\b(current|incumbent|next|upcoming|latest|(?:toi|den)\s+dau\s+roi)\b"
)
# ... and, of a figure, today ("vn's gii rank now, like 2024?", "tỷ lệ ... hiện nay"): the articles give past figures
_NOW = re.compile(  # beside the figure, not opening a clause ("ok now how many ...", "today's reading: ...")
    r"(?<=\w )(?<!\bok )(?<!\bso )(?<!\band )(?<!\bbut )(?<!\bthi )(?<!\bvay )"
    r"\b(now|today(?!'s)|nowadays|these days|currently|hien nay|hien tai|bay gio|gio day)\b"
)
_US = r"vn|vietnam|viet\s+nam|we|it|they"  # who is ranked, when named before the verb
# ... or who stands ahead of someone in a ranking ("which asean countries were ahead of vn", "nước nào xếp trên VN"):
# an entry that puts them above another names no one above them
_AHEAD = re.compile(
    # the asked first, then the verb: not "which country was vn above", "which countries vn outranked"
    rf"\b(?:which|what|who)\b(?:\s+(?!(?:was|were|is|are|r|did|does|do|{_US})\b)[\w']+){{0,3}}?"
    r"(?:\s+(?:was|were|is|are|r|ranked|ranks|came|stood|placed|sat|scored|still)){1,2}"
    r"\s+(?:ahead\s+of|above(?!\s+all\b)|higher\s+than|better\s+than|in\s+front\s+of)\s+(?!in\b)\w"
    rf"|\b(?:which|what|who)\b(?:\s+(?!(?:was|were|is|are|r|did|does|do|{_US})\b)[\w']+){{0,3}}?"
    r"\s+(?:outrank(?:ed|s)?|beat|beats)\s+(?!in\b)\w"
    r"|\b(?:who|which\s+(?:country|countries|nation|economy))\s+topped\b"  # not "which tech topped the list"
    # "nước nào (trong ASEAN) xếp trên VN", not "nước nào VN vượt qua", "nước nào mà vn đứng trên"
    r"|\b(?:nuoc|quoc\s+gia)\s+nao\s+(?:(?:trong|o)\s+asean\s+)?(?:xep\s+tren|dung\s+tren|cao\s+hon|vuot)\b"
)
# ... or what came of something after it ("which of santiago's recommendations did vn adopt after the summit", "sau
# hội nghị VN có áp dụng không"): the articles report the event, not what followed
_AFTERWARDS = re.compile(
    # not what someone said should be done after it ("what did santiago say vn should implement after the summit")
    r"^(?!.*\b(?:say|says|said|should|khuyen(?! nghi)|nen)\b)(?:"  # "khuyên", not "khuyến nghị"
    r".*\b(?:adopt(?:ed)?|implement(?:ed)?|appl(?:y|ied)|act(?:ed)? on|follow(?:ed)? through"
    r"|put into (?:practice|action)|took up|take up)\b.{0,50}\bafter (?:the|that|this) (?:\d{4} )?"
    r"(?:summit|talk|event|conference|forum|meeting|report|press release|directive|resolution)\b"
    r"|.*\bsau (?:hoi nghi|su kien|toa dam|summit)\b.{0,40}\b(?:ap dung|thuc hien|trien khai|lam theo)\b)"
)

_HOW_MUCH = at_words(
    r"\bhow (much|many|long|big|large|fast)\b|\bwhat(?:'s| is| was|s)? the (number|amount|size|budget|value|total)\b"
    r"|\bwhat (?:%|percent|percentage|share|proportion|fraction|rank)|%|\bpercent(age)?\b|\brates?\b"
    r"|\bamounts?\b(?!\s+to\b)|\bbudgets?\b"  # not the verb: "what amounts to industry 5.0"
    r"|\b(number|amount|figure) of\b|\bthe (?:share|proportion|fraction) of\b|\btotal\b"
    r"|\b(directive|decree|decision|law|resolution) (number|no)\b"
    r"|\b(price|salary|wage|prize money|award money)\b|\bper (kg|year|month|day|capita|person)\b"
    r"|\b(export|import|trade|investment|market|production|output|sales) (value|volume|turnover|revenue)\b"
    r"|(?<=\w)'s (\w+ ){0,3}rank(ing)?\b"
    r"|\b(?:what|which|actual|exact|overall|total|index|gii)\s+(?:\w+\s+)?scores?\b(?!\s+well)|\bhow many points\b"
    r"|(?<=\w)'s (?:\w+ ){0,2}scores?\b(?!\s+well)|\bdiem so\b|\bbao nhieu diem\b"
    r"|\b(?:where|what) (did|does|do|was|is|were) (\w+ ){1,3}(rank|ranked|ranking)\b(?! as\b)"
    r"|\bbao nhieu\b(?<!\bnam bao nhieu)(?<!\bngay bao nhieu)(?<!\bthang bao nhieu)"  # "năm bao nhiêu": which year ...
    r"|\b(?:moi|hang|mot|trong) (?:nam|thang) bao nhieu\b"  # ... "mỗi năm bao nhiêu" how much a year
    r"|\b(so|hang|thu|bac) may\b|\bbao lau\b(?<!\bcach nhau bao lau)(?<!\bcach nhau khoang bao lau)"  # how long
    r"|\bti le\b|\bty le\b|\bphan tram\b|\bti so\b|\bty so\b"
    # "bn", chat for "bao nhiêu", beside what it counts; not "bạn" (friend: "ok thanks bn")
    r"|\b(?:khoang|tam|thieu|chiem|giam|tang|mat|het|ton|them|dat)\s+bn\b(?!\s+(?:nao|oi|cua|do)\b)"
    # a price: "giá FIT bn"; not "đánh giá", "quốc gia", "tham gia", "chuyên gia", nor "giá ... sao bn" (friend)
    r"|(?<!\bdanh )(?<!\bchuyen )(?<!\bquoc )(?<!\btham )\bgia\s+(?!(?:nao|sao|gi|the|ko|khong|k|vay|v|ra)\b)"
    r"(?:[a-z]+\s+){0,2}bn\b(?!\s+(?:nao|oi|cua|do)\b)"
    r"|\bbn\s+(?:nguoi|tien|%|phan tram|ty|trieu|nuoc|chuyen gia|dai bieu|du an|cong ty|doanh nghiep|ky su|usd)\b"
    r"|(?<![\d.,-])(?<!\d )\b(?:mw|gw|kw|kwh|gwh|twh|megawatts?|gigawatts?)\b"  # "tidal potential in GW?"
    r"|\bso hieu\b"  # a directive's number: "chỉ thị 2017 số hiệu mấy"
    # ... or asked in English: "what's its official number", "the directive's reference no."
    r"|\b(?:official|reference|document|serial)\s+(?:number|no)\b|\bits\s+number\b(?!\s+one\b)"
    # "germany's export numbers?": figures of something, asked in a word (not "count" nor "data": no generic words,
    # they would be a detail no entry says)
    r"|\b(?:export|import|trade|investment|fdi|sales|gdp|revenue|production|output)s?\s+(?:numbers|figures|stats)\b"
    # "what was the iea figure for fossil fuel investment", "what's the latest number on fdi"
    r"|\bwhat(?:'s| is| was| were|s)? the (?:[\w-]+ ){0,2}(?:figures?|numbers?|stats?|statistics?) (?:for|on)\b"
    r"|\bgia (ca|ban|thanh)\b|\bmuc gia\b|\btri gia\b"  # a price; not "tham gia" (take part), "giá trị" (value)
    # "thailand rank?", "vn gii rank": a rank asked in a word at the end (not "ranking", a topic: "vn vs thailand
    # innovation ranking")
    r"|^(?!.*\b(?:how|higher|lower|who)\b).*\brank\W*$"  # not "in asean, how does vn rank?"
    # "tidal power capacity vn?": how much power a country can make; not "capacity" alone ("strengthening capacity")
    r"|\b(?:power|solar|wind|tidal|energy|generating|installed)\s+capacity\b"
    # "what number was the may 2017 directive": a legal text's number (not "which no. is the article on the summit")
    r"|\b(?:what|which) (?:number|no\.?) (?:is|was) (?:the |that |this )?(?:[\w']+ ){0,4}?"
    r"(?:directive|decree|decision|law)\b"
)
# "mấy nước" (how many countries), unless its clause asks what about them: "mấy nước G20 đưa khái niệm gì" (those
# G20 countries), as "những", not a count
_HOW_MANY_VI = re.compile(r"\bmay (nguoi|nuoc|du an|cong ty|lan|phan tram|ty|trieu)\b")
_WHAT_VI = re.compile(r"\b(gi|j|ra sao|the nao|ntn)\b")
_CLAUSE = re.compile(r"[,;.?!]")  # "mấy" and "gì" are read within one clause
# ... not after "mỗi", "hàng", "một", "trong" ("mỗi năm bao nhiêu": how much a year), checked once it matched
_NOT_EACH = "".join(rf"(?<!\b{a} {b} {{w}})" for a in ("moi", "hang", "mot", "trong") for b in ("nam", "thang"))
_WHEN = at_words(
    # "when" asking, not joining clauses ("what do firms complain about when it comes to patents"): at the start,
    # before a verb, or at the end
    r"^\W*(?:\w+\W+){0,3}when\b|\bwhen (was|is|were|did|does|do|will|are|has|have|had|exactly|roughly)\b"
    r"|\bwhen\W*$|\band when\b(?=\W*(?:$|[?,;.]))|\b(what|which) (year|date|day|month)\b|\bsince when\b|\bwhat time\b"
    r"|\bkhi nao\b|\bnam nao\b|\bngay nao\b|\bthang nao\b|\bluc nao\b|\bbao gio\b|\bhoi nao\b"
    r"|\b(?:nam|thang) bao nhieu\b"
    + _NOT_EACH.format(w="bao nhieu")  # not "mỗi năm bao nhiêu"
    # "năm bn", chat for "năm bao nhiêu", asked at its end; not "chào Nam bn" (a name, "bạn")
    + r"|(?<!\bchao )(?<!\bhi )(?<!\bhello )\b(?:nam|thang) bn\b"
    + r"(?=\s*(?:vay|v|the|z|nhi|a|ha|day)\b|\s*[?,.!]|\s*$)"
    + r"|\bnam may\b"
    + _NOT_EACH.format(w="may")  # "vào năm mấy" (which year)
    + r"|\bcach nhau (?:khoang )?bao lau\b"  # how far apart: two dates
    # the bare noun, as chat asks: "res 57 date?", "the date of the summit", "ngày ban hành nq57"
    r"|(?<!\bup to )(?<!\bout of )\bdate\b(?=\W*(?:$|[?,;.!]|(?:pls|plz|please|btw|anyone|again|for)\b))"
    r"|\b(?:the )?date of\b|\b(?:issue|release|publication|publish|pub|signing|adoption|exact) date\b"
    r"|\bngay (?:ban hanh|ky|dang|xuat ban|thong qua|to chuc)\b"
    # a year guessed for something past, to be checked: "res 57 was 2023 right?", "the directive was passed in 2016
    # wasnt it"; not a figure ("there were 2000 delegates right?"), nor a year as context ("the summit was held in
    # 2018, who organised it?")
    r"|\b(?:was|were)\s+(?:(?:issued|passed|signed|adopted|held|released|launched|made|announced)\s+)?(?:in\s+)?"
    r"(?:19|20)\d\d(?=(?:\s+(?:in|by|at|on|under|after|before|for|with|from|of|or|and|if)\b"  # "in hanoi", "or 2025"
    r"(?:\s+(?!(?:what|which|who|how|when|where|why)\b)[\w-]+){0,3})?"
    r"\W*(?:$|(?:right|correct|true|yeah|yea|yes|no|ya|innit|i think|isnt it|wasnt it|werent it"
    r"|just (?:double )?checking|dung (?:ko|khong|k)|phai (?:ko|khong|k))\b))"
)
# At which event something happened ("at which cop did vn pledge net zero", "sự kiện nào"): an entry that names one
# (a summit, a forum, a session) may answer; a place alone does not
_EVENT = re.compile(
    r"\b(?:at|during|in) (?:which|what) (?:conference|summit|event|meeting|forum|cop|congress|session)\b"
    r"|(?<!\btrung tam )\b(?:su kien|hoi nghi|dien dan|hoi thao) nao\b"  # not "trung tâm hội nghị nào" (a venue)
)
EVENTS = "summit conference forum event session congress workshop seminar"  # what names one (not "talk", "meet": verbs)
_VENUE_VI = (
    r"\b(dia diem|dia chi|khach san|toa nha|(?:trung tam|tt) hoi nghi|hoi truong)( \w+){0,2} nao\b"  # which venue
)
# A venue: a building or hall, below any city ("summit venue?", "where in hanoi was it held", "địa điểm tổ chức cụ
# thể"); the lexicon's places are cities, regions and countries, and no entry names a venue.
_VENUE = re.compile(
    r"\b(?:venues?|where exactly in|exact (?:location|place|address)|dia diem (?:to chuc|cu the)|dia chi cu the)\b"
    # ... within a city, not a country, region or text ("where in asean does vn rank", "where in res 57 ...")
    r"|\bwhere in (?!(?:the|a|an|this|that|it|which|what|their|his|her|our|my|vn|vietnam|viet|asia|asean|southeast"
    r"|europe|korea|germany|japan|china|article|res|resolution|nq|directive|\d)\b)[a-z]+ (?:was|is|were|did|does)\b"
)
_CENTRE = re.compile(r"\b(?:tt|trung tam) hoi nghi\b")  # a convention centre, beside where
# Where an event was ("where was the summit held", "summit 2018 ở đâu"): its city, not a country; not where people
# came from ("the 50 senior experts at the summit were from where", "đến từ đâu"), nor a country asked ("which
# country hosted the summit")
_CAME_FROM = re.compile(
    r"\bfrom\s+where\b|\b(?:come|came|comes|coming|hail|hails)\s+from\b|\bwhere\b[^.?!;]*\bfrom\W*$"
    r"|\bden\s+tu\s+(?:dau|nuoc|quoc\s+gia)\b"
)
_COUNTRY_ASKED = re.compile(
    r"\b(?:which|what)\s+(?:\w+\s+){0,2}countr(?:y|ies)\b|\b(?:nuoc|nc|quoc\s+gia)\b(?:\s+\w+){0,2}\s+nao\b"
)


def event_place(text: str) -> bool:
    """Whether ``text`` (as ``plain`` reads it) asks where something took place rather than where people came from
    or which country (``asks`` must hold "place", and an event named: the index reads its words)."""
    return not _CAME_FROM.search(text) and not _COUNTRY_ASKED.search(text)


# Specifics asked ("what did schneider electric specifically do", "toyota làm gì cụ thể"): of a body an entry only
# names beside others, the entry does not give them.
# Not what the entry itself says is concrete ("the ministry guy who said vn should act w concrete actions").
_SPECIFICS = re.compile(
    r"\b(?:specifically|specifics|concretely|specific(?!\s+(?:actions?|steps?|measures?))"
    r"|concrete\s+(?:examples?|projects?|details?)|chi tiet"
    r"|(?<!\bhanh dong )(?<!\bgiai phap )(?<!\bbien phap )(?<!\bbuoc )(?<!\bke hoach )cu the)\b"
)
_CITY = re.compile(
    r"\b(?:(?:in )?which (\w+ ){0,2}|what (?:\w+(?:an|ese|ish|ch) )?)"  # "what korean city", not "what smart city"
    r"(city|cities|province|provinces|town|venue|hotel|building)\b"
    # "smart city nào": which city, by name; "vùng nào": which region
    rf"|\btinh nao\b|\b(?:thanh pho|tp|city|vung|mien|dia phuong) nao\b|{_VENUE_VI}"
    r"|\bwhere in (?:vn|vietnam|viet nam|the country)\b|\bo dau (?:o|tai|trong) (?:vn|viet nam)\b"  # within the country
    r"|\b(?:which|what) (?:parts?|areas?|regions?) of (?:vn|vietnam|viet nam|the country)\b"
    # where exactly something would be, stand or be built: a site ("where exactly would the tidal power projects be")
    r"|\bwhere exactly (?:would|will|are|is|were|was|do|does|did|should|could) (?:\w+ ){1,5}?"
    r"(?:be|go|located|built|based|sited|placed|put|set up)\b(?! in (?:the|this|that) (?:text|article|reading|piece))"
    # the one city of a country an entry speaks of, by name: "what's the korean smart city that 002 compares vn to",
    # "the korean smart city in 002, is it songdo or which one"; not "what's the smart city example"
    r"|\b(?:what'?s|whats|what is|name of) the \w+(?:an|ese|ish|ch) (?:smart )?city\b"
    r"|\bwhat \w+(?:an|ese|ish|ch) smart city\b"  # "what korean smart city was nguyen mai talking abt"
    r"|\b\w+(?:an|ese|ish|ch) (?:smart )?city\b(?=.{0,60}\b(?:which one|is it|called)\b)"
)
# A date asked of something past ("when did vn make the net zero pledge"): a year still to come (the 2050 the pledge
# is for) is not when it happened.
_PAST = at_words(
    r"\bwhen (?:did|was|were|had)\b|\b(?:what|which) year (?:did|was|were)\b"
    r"|\bwhen\b.{0,40}\b(?:pledged|committed|announced|signed|adopted|launched|promised)\b"
    r"|\bsince when\b|(?<!\bthu )(?<!\bdau )\btu (?:nam nao|khi nao|bao gio|luc nao|hoi nao)\b"  # "cam kết từ năm nào"
)
# ... not of something to come ("when will vn meet its pledge", "khi nào sẽ đạt")
_FUTURE = re.compile(r"\b(?:will|gonna|going to|se)\b")
# A day asked as exactly when something happened ("when exactly was it held"): more than a year
_EXACT_WHEN = re.compile(
    r"\bwhen exactly\b|\bexactly when\b"
    r"|\b(?:khi nao|luc nao|bao gio) chinh xac\b|\bchinh xac (?:la )?(?:khi nao|luc nao)"
)
_DAY = re.compile(
    r"\b(what|which|exact|precise) (date|day|month)s?\b|\bon what day\b|\bin what month\b|\bngay nao\b"
    r"|\bngay bao nhieu\b|\bthang nao\b"
    r"|\b(?:ra|vao|tu|hoi) thang may\b"  # a month is as fine as a day; not "mỗi tháng mấy triệu"
)
# A study's or report's findings asked for: the answer must say them, not only name the study ("what were the key
# findings of unido's middle income study": the article names it and gives none)
_FINDINGS = re.compile(
    r"\bfindings\b(?=.{0,40}\b(?:study|report|research|survey)\b)|\b(?:study|report|research|survey)\b.{0,40}\bfindings\b"
    # ... its findings, after the study is named: "santiago presented some unido study ... what were its main findings?"
    r"|\b(?:study|survey)\b.{0,120}\bits\s+(?:main\s+|key\s+|actual\s+)*findings\b"
    r"|\bket qua (?:nghien cuu|chinh|cu the)\b|\bphat hien (?:chinh|gi|nao)\b"
    r"|\bnghien cuu\b.{0,60}\bket luan\b"  # "nghiên cứu UNIDO về 4.0 ... kết luận cụ thể gì" (a study, not a report)
    # "what did the unido study actually find", "the report's main conclusions"
    r"|\b(?:study|report|research|survey)\b.{0,50}\b(?:find|conclude|conclusions?)\b"
)
_WHO_ISSUED = re.compile(
    r"\bwho (?:(?:actually|really|exactly|officially|formally|first) )?(issued|signed|adopted|passed|approved|wrote"
    r"|drafted)\b|\b(?:issued|signed|adopted|passed|approved) by (?:who|whom|which|what)\b"
    r"|\b(?:which|what) (?:body|agency|organ|authority|institution)\b.{0,20}\b(?:issue|issued|adopt|adopted|pass"
    r"|passed|sign|signed|approve|approved)\b"
    r"|\b(?:ai|co quan nao|do ai) (?:da )?(ky|ban hanh)\b"
    # ... or which of two guesses did ("issued by the politburo or the national assembly", "của bộ chính trị hay
    # chính phủ ban hành")
    r"|\b(?:issued|signed|adopted|passed|approved) by (?:the )?(?:\w+ ){1,4}or\b(?! not\b)"
    r"|\b(?:cua|do)(?: \w+){1,4} (?:hay|hoac)(?: \w+){1,4} (?:ban hanh|(?<!dang )ky|thong qua)\b"
)
_ABOUT = re.compile(r"\b(say|says|said|mention|mentions|mentioned|write|writes|wrote|think|thinks)( anything)? about\b")
_WHERE = at_words(
    # not a part of the text ("the quote where le thai ha defines 5.0", "the article where she is interviewed")
    r"(?<!\bquote )(?<!\bpart )(?<!\bbit )(?<!\bline )(?<!\bsection )(?<!\bparagraph )(?<!\bpassage )"
    r"(?<!\bsentence )(?<!\barticle )(?<!\bpiece )(?<!\bpaper )"
    r"(?<!\bwork )(?<!\bworks )(?<!\bworked )(?<!\bworking )"  # "le thai ha works where": whom for, as below
    r"\bwhere\b(?!(?:(?!\b(?:and|but|or|who|when)\b)[^,.;?!])*?"  # within its own clause:
    r"\b(from|rank|ranked|ranking|stand|stands|standing|work|works|worked|working)\b)"
    # where in the articles or in a ranking, not on a map: "where is it mentioned", "where is vn strong"
    r"(?!\s+(?:is|are|was|were|does|do|did)\s+(?:[\w-]+\s+){0,2}(?:mention|mentioned|discussed|appear|fit|come up"
    r"|strong|stronger|weak|weaker|lead|lag)\b)"
    r"|\b(?:(?:in )?which (other )?((?!(?:group|type|kind|sort|category|set)s? of\b)[\w-]+ ){0,2}"
    r"|what (?:other (?:[\w-]+ ){0,2})?)"  # "what other middle income countries"; not "what do developing countries"
    r"(city|cities|province|provinces|country|countries"
    r"|venue|place|places|location|region|town|hotel|building)\b"
    # not "khu vực nào" (often a sector), nor "nhà nước ... nào" (the State)
    r"|(?<!\blam )(?<!\bviec )\bo dau\b|\btinh nao\b|\bthanh pho nao\b|\b(?:vung|mien|dia phuong) nao\b"
    r"|\b(?:nuoc|nc|quoc gia)(?! ngoai\b)(?: (?!the\b|lam\b|ra\b|sao\b|ta\b)[\w-]+){0,2} nao\b"  # "nc": nước
    r"|\bnuoc thu nhap (?:trung binh|thap|cao) nao\b"  # "những nước thu nhập trung bình nào"
    r"|\bcountries\b[^?]{0,80}[.!?]\s*which ones\b"  # "... g20 countries put it in their strategies. which ones?"
    rf"|{_VENUE_VI}"
)
# Where a person comes from, their nationality: the articles never say it of anyone ("where is santiago from",
# "ông Santiago người nước nào"); not where a figure, quote or word comes from ("where does that number come from")
_FROM_WHAT = (
    r"(?!(?:[\w-]+\s+){0,3}?(?:that|this|these|those|it|the|figures?|numbers?|quotes?|claims?|ideas?|words?|terms?"
    r"|stats?|data|lines?|phrases?|concepts?)\b)"
)
ORIGIN = re.compile(
    rf"\bwhere\s+(?:is|was|are|were)\s+{_FROM_WHAT}(?:[\w-]+\s+){{1,3}}?(?:originally\s+|really\s+|actually\s+)?from\b"
    rf"|\bwhere\s+(?:does|did|do)\s+{_FROM_WHAT}(?:[\w-]+\s+){{1,3}}?(?:originally\s+|really\s+)?come\s+from\b"
    r"|\bnationality\b|\bwhat country is (?:he|she)\b|\bnguoi\s+(?:nuoc|quoc\s+gia)\s+nao\b|\bquoc\s+tich\b"
    r"|\bque\s+(?:o\s+)?(?:dau|nao)\b"
)
# Where a person works, their employer or post ("where does prof nguyen mai work", "which institute is he at", "nguyen
# mai's job", "ông ấy công tác ở đâu"): of a person named, an entry that names no body they work for does not say it.
WORKPLACE = re.compile(
    r"\bwhere\s+(?:does|did|do)\s+(?:[\w.-]+\s+){1,4}work\b|\bworks?\s+(?:where|at\s+which|for\s+which|for\s+what)\b"
    r"|\b(?:which|what)\s+(?:institute|institution|university|uni|organi[sz]ation|org|agency|ministry|company"
    r"|employer|school)\s+(?:is|was|does|did)\b"
    r"|\b(?:his|her|their|s)\s+(?:job|employer|workplace|institution|affiliation|job\s+title)\b"
    r"|\blam(?:\s+viec)?\s+o\s+dau\b|\bcong\s+tac\s+o\s+dau\b|\blam\s+(?:gi|j)\s+o\s+dau\b|\bco\s+quan\s+nao\b"
)
BODIES = "ministry department university institute institution foundation fund organisation newspaper agency"
# What has a title of its own: "the name of the PM directive" asks for the directive's title, not a person's name.
_TITLED = (
    r"(?:directive|resolution|decree|decision|report|article|piece|paper|talk|summit|conference|session|event"
    r"|strategy|programme|program|plan|fund|index|ranking|study|policy|law|document)\b(?!'s)"
)
_PEOPLE = (
    r"(?:experts?|delegates?|people|ppl|speakers?|leaders?|officials?|ceos?|participants?|attendees?|members?"
    r"|scientists?|researchers?|companies|firms|businesses|ministers?)"
)
_WHO = at_words(
    r"\b(who (is|was|are|were)|who's|whos) (the|a|an|current|currently|now)\b|\bwhat(?:'s| is) (his|her|their) name\b"
    r"|\bwho (is|was) \w+(?:'s|s')"
    r"|\bwho (coined|invented|created|founded|started|leads|led|runs|ran|heads|headed|chairs|chaired|owns|owned)\b"
    r"|\bwhich ((?!(?:do|does|did|is|are|was|were|can|will|should|would|has|have)\b)\w+ ){0,2}"
    r"(person|people|company|companies|firm|firms|ministers?|ministry|officials?|ceos?|leaders?"
    r"|pm|prime minister|presidents?|directors?|university|uni|school|newspaper|reporters?|journalists?)\b"
    r"|\bwhat (university|uni|school|newspaper|ministry|company|firm|organisation|organization)\b"
    r"|\bwho (first )?(came up (?:with|w/?)|coined|introduced|proposed|used) the (term|word|phrase|idea|concept)\b"
    rf"|\b(what'?s|what is) the name\b(?! of (?:the |that |this )?(?:(?!of\b)\w+ ){{0,3}}{_TITLED})"
    r"|\bnames? (pls|please|plz)\b"
    # names asked of people: "names of the 50 experts", "leaders at the talk, names?", "50 chuyên gia là những ai, có
    # nêu tên không"; not of things ("name all the challenges", "nêu tên các giải pháp")
    r"|\bnames of (?:(?:some|any|all|a few|one) of )?(?:the |those |these )?(?:\d+ )?"
    rf"(?:(?!(?:for|of|to|from|about|by)\b)(?:[\w/&+]+|/) ){{0,3}}{_PEOPLE}\b"  # "the party/govt leaders"
    # "names" alone, after a stop or a word that asks them; not "X names" (a stop is read from the word before it)
    r"|\btheir names\b|(?:^\W*|\b\w+\W*?[,;:?]\s*|\b(?:the|their|any|some|w|with|and|no|full|real)\s+)names\W*$"
    r"|\b(?:guy|lady|dude)(?:'s)? name\b"  # "the unido guy name?"
    r"|\bla nhung ai\b|\bco (?:neu )?ten (?:ai|nguoi|cu the|khong|ko|k)\b|\bneu ten (?:ai|nguoi)\b|\bten tuoi\b"
    r"|\b(?:nguoi|lanh dao|chuyen gia|dai bieu)\s+nao\b[^.?!;]{0,60}?\bten cu the\b"  # "lãnh đạo nào, tên cụ thể ấy"
    r"|\bten (?:nhung|cac) (?:nguoi|chuyen gia|lanh dao|dai bieu|doanh nghiep|cong ty|tap doan)\b"
    rf"|\bname of the (pm|prime minister|minister|ceo|person)\b(?!'s|s\b| (?:(?!of\b)\w+ ){{0,2}}{_TITLED})"
    r"|\bwho (moderated|chaired|presented|spoke|introduced)\b"
    r"|\bwho (is|was|were) (the )?(prime minister|pm|president|minister|ceo|director|head|chairman|chair|leader)\b"
    r"|\bla ai\b|\bai la\b|\bten (la )?gi\b|\bten cua\b|\bai lam\b|\b(thu tuong|ttg|bo truong|gs|giao su|tac gia) nao\b"
    r"|\bco quan nao\b"  # which agency ("tổ chức nào" may be "organised by", "tập đoàn nào" which group owns it)
)
# A thing's name asked in Vietnamese ("talk đó tên là gì", "hội nghị tên gì"): its name, not a person's.
_PERSONS = (  # who a thing may have: "chủ tịch hội nghị", "tác giả của báo cáo", "hội nghị có diễn giả"
    r"(?:chu tich|tac gia|dien gia|nguoi|ong|ba|giao su|gs|truong|giam doc|lanh dao|dai bieu|chuyen gia|thu tuong"
    r"|bo truong|ceo)"
)
_PERSON_OF = re.compile(rf"\b{_PERSONS}\b(?:\s+(?:chinh|cua))?\s*$")
_THING_NAME = re.compile(
    r"\b(?:talk|phien|toa dam|hoi nghi|hoi thao|su kien|chi thi|nghi quyet|bao cao|nghien cuu"
    r"|quy(?!\s+(?:dinh|hoach|mo|trinh|tac|che|luat)\b)|giai thuong|chuong trinh|du an|summit|chien luoc|chinh sach"
    rf"|tap chi|event)\b(?:\s+(?!{_PERSONS}\b)[a-z]+){{0,4}}?\s+(?:co\s+)?ten\s+(?:la\s+)?(?:gi|j)\b"
)


def unthings(text: str) -> str:
    """``text`` (as ``plain`` reads it) without a thing's name asked ("talk đó tên là gì", "hội nghị tên gì"): its
    name, not a person's; unless a person of it comes first ("chủ tịch hội nghị tên gì", "tác giả của báo cáo đó tên
    là gì")."""
    if " ten " not in f" {text} ":
        return text
    return _THING_NAME.sub(lambda m: m.group() if _PERSON_OF.search(text[: m.start()]) else " ", text)


# Who a person the question names is: "who is Santiago", "where does Le Thai Ha work", "Lê Thái Hà là ai, làm ở đâu".
IDENTITY = re.compile(
    r"\b(who (is|was)|who's|whos|what does \w+ do|where (does|do|did) (\w+ ){1,4}work|la ai|lam( viec)? o dau"
    r"|lam (gi|j) o|(la )?chuyen gia (cua|o) (to chuc|co quan) nao"
    r"|(his|her|their) (name|job|role|title|position)|ten (la )?gi|chuc (vu|danh)|lam nghe gi)\b"
)
# ... or whether they are a man or a woman ("le thai ha is a he right?", "Le Thai Ha là ông hay bà"): their card says
# "she" or "he"; not beside another question ("le thai ha is a guy right? what did he say about 5.0")
_GENDER = re.compile(
    r"\b(?:(?:is|was) a (?:he|she|man|woman|guy|girl)|(?:he|she|him|her|man|woman|male|female) or (?:she|he|her"
    r"|him|man|woman|male|female)|(?:ong|anh|chu) hay (?:ba|chi|co)|(?:ba|chi|co) hay (?:ong|anh|chu)|nam hay nu"
    r"|nu hay nam|gioi tinh)\b"
)


def gender(text: str) -> bool:
    """Whether ``text`` (as ``plain`` reads it) asks whether someone is a man or a woman, and nothing else."""
    return bool(_GENDER.search(text)) and not _QUESTION_WORD.search(_GENDER.sub(" ", text))


# ... or checks where a person the question names works, in a wrong guess the answer corrects: "dam bach duong is
# from the ministry of industry n trade right", "le thai ha is the vinfast ceo right?", "Santiago là chuyên gia của
# World Bank đúng ko" (with a tag that checks: ``CHECKS``). Said of the person, near the start, with no one
# reported as saying it ("le thai ha said firms are from the north right?" checks what she said), of a body, not a
# year ("santiago's data is from 2019")
_ROLE_SAID = (
    r"(?:works?|working|worked) (?:at|for|in)|(?:is|was|r|are) (?:from|with) (?!\d)"
    r"|(?:ceo|boss|head|director|chair(?:man|woman)?|president|founder|expert|minister|official)s? (?:of|at|from)"
    r"|the (?:\w+ ){1,2}?(?:ceo|boss|head|director|chair(?:man|woman)?|president|founder|expert|minister|official"
    r"|guy|lady|rep|representative)\b(?! (?:said|says|say|thinks?|argued|claims?|who|that)\b)"  # "the wb guy right"
    r"|(?:is|was|r) (?:a|an) (?:\w+ ){0,3}?(?:ceo|boss|director|founder|expert|minister|official|economist|researcher"
    r"|analyst|advis[eo]r|scientist|officer|employee|staffer)"  # "santiago is a world bank economist right"
    r"|nguoi (?:ben|cua|thuoc) "  # "chị Hà là người bên UNIDO đúng ko"
    r"|lam viec (?:o|cho|tai)|lam o|(?:sep|giam doc|chu tich|chuyen gia|bo truong) (?:cua|o|ben)"
    r"|(?:ben|thuoc) (?:bo|to chuc|cong ty|tap doan|world bank|wb)"
)
# ... or asks it: "is fernando santiago from the world bank?", "was le thai ha a vinfast director"
# ... but not when what they proposed is asked, beside a soft tag ("ông Dương gì bên bộ KHCN đề xuất những gì ấy nhỉ")
PROPOSED = re.compile(
    r"\b(?:de\s+xuat|kien\s+nghi|khuyen\s+nghi|propos\w*|recommend\w*|suggest\w*)\s+(?:\w+\s+){0,2}?"
    r"(?:nhung\s+)?(?:gi|j|what|which)\b"
)
ROLE_ASKED = re.compile(
    r"^\W*(?:is|was|are|r)\s+(?!(?:there|it|this|that|these|those|a|an|the|any)\b)(?:[\w.]+\s+){1,4}?"
    r"(?:from(?!\s*(?:19|20)\d\d)|(?:works?|worked|working)\s+(?:at|for|in)"
    r"|(?:a|an|the)\s+(?:\w+\s+){0,3}?(?:guy|lady|ceo|boss|head|director|chair(?:man|woman)?|president|founder|expert"
    r"|minister|official|economist|researcher|analyst|advis[eo]r|scientist|officer|employee|staffer|rep"
    r"|representative)(?!\s+(?:who|that)\b))\b"
)
ROLE = re.compile(
    r"^\W*(?:(?!(?:said|says|say|told|thinks?|argued|claims?|noi|bao|cho rang)\b)\w+\W+){0,8}?"
    rf"(?:{_ROLE_SAID})\b"
)
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w])")
_MONTH_NEAR = re.compile(rf"(?:{MONTH_NAMES})\s*$")  # "May 6"
_MONTH_AFTER = re.compile(rf"^(?:\s*[-–]\s*\d{{1,2}})?\s+(?:{MONTH_NAMES})\b")  # "6 May", "12-13 July"
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_NAMED_BY_NUMBER = ("industry", "revolution", "resolution", "directive", "decree", "decision", "no.", "no", "law")


@dataclass(frozen=True)
class Term:
    """A question word as the index knows it: the known word it stands for, how close (1: itself), its weight."""

    token: str
    similarity: float  # 0: unknown to the index
    weight: float


@dataclass(frozen=True)
class Query:
    text: str  # cleaned, as typed (but the "held" of "where was it held": ``took_place``)
    tokens: tuple[str, ...]  # folded, stemmed, synonyms applied, unique, capped
    terms: tuple[Term, ...]  # the tokens resolved against the index's words
    asks: frozenset[str]  # the kind of answer wanted: number, date, issuer, now
    numbers: frozenset[str]  # numbers it names (not version numbers: "4.0")
    people: tuple[tuple[frozenset[str], ...], ...]  # each person it names, as that person's known names
    entities: frozenset[str]  # rare proper nouns of the base it names (Toyota, Thailand)
    names: frozenset[int]  # entries whose name or alias it is, exactly
    places: frozenset[str] = frozenset()  # places it names
    described: frozenset[str] = frozenset()  # names of people it only describes ("the unido guy"): not given
    choice: bool = False  # offers a choice ("germany or japan?"): the places it names are not given, one is asked
    chatter: bool = False  # nothing but greetings, thanks, laughter, filler
    opinion: bool = False  # the whole message gives an opinion and asks nothing ("samsung phones are mid tbh")
    off_topic: bool = False  # names something the articles never cover
    checks: bool = False  # checks a figure it half remembers ("30% of exports, right?", "57th or smth?")
    checked: bool = False  # checks anything it half remembers (``CHECKS``: "the germany example was in 000 right?")
    guess: bool = False  # checks anything it half remembers ("the summit was in hcmc right?") beside a word unknown
    part: bool = False  # asks a part of a whole it states ("how many of the 2000 delegates were foreign")
    dated: frozenset[str] = frozenset()  # the numbers of the policies whose own date it asks ("res 57 date?")
    event_place: bool = False  # where an event named took place ("where was the summit held"): a city, no country
    of_author: bool = True  # names a person, or asks who, when, where or of writing: a byline may answer
    meant: frozenset[str] = frozenset()  # words it spells out in one sense ("AI": never Vietnamese "ai", who)
    known: tuple[Term, ...] = ()  # the terms the index knows (itself or by a typo)
    distinct: tuple[Term, ...] = ()  # the known terms, one per known word (two typos of one word count once)
    mass: float = 0.0  # the total weight of its words, known or not
    folded: str = ""  # its words as the index knows them, in order: what phrasings are compared with
    given: frozenset[str] = frozenset()  # the words that give names: its tokens but the described people's names

    @property
    def people_words(self) -> set[str]:
        """The words of every name of every person it names."""
        return {t for person in self.people for name in person for t in name}

    @property
    def unknown(self) -> bool:
        """Whether it holds a word the base does not know (not a letter, a number or a short chat word)."""
        return any(t.similarity == 0 and len(t.token) > 2 and t.token.isalpha() for t in self.terms)

    @classmethod
    def of(cls, **fields: Any) -> Query:
        terms: tuple[Term, ...] = fields["terms"]
        known = tuple(t for t in terms if t.similarity > 0)
        return cls(
            **fields,
            known=known,
            distinct=tuple({t.token: t for t in known}.values()),
            mass=sum(t.weight for t in terms),
            folded=" ".join(t.token for t in terms),
            given=frozenset(fields["tokens"]) - fields.get("described", frozenset()),
        )


# A member checking what they half remember: a figure of theirs the entry lacks is theirs to correct, not a sign
# that the entry is about something else.
CHECKS = at_words(  # read as a yes or no: each figure's alternative opens at the start of its word ("x2018")
    r"\b(right|rite|correct|true|confirm)\b\s*(?:\?|$)|\bor (smth|sth|something|so)\b|\bisn'?t it\b"
    # "was 2018 right, after ...", "from moit right (...)"
    r"|\b\w*?\d\w*\s+(?:right|correct)\s*[,(]|(?<=\w )right\s*\("
    r"|\b(ha|hem|hong|nhi)\s*\??\s*(?:(?:mn|ae|ad|bn|nhi)\s*\??\s*)?$"  # Vietnamese tags: "... năm 2017 hả", "... hem"
    r"|\bcheck\s+(?:lai|giup|dum|ho)\b|\b(?:double[- ]?check\w*|just\s+checking)\b"  # "check lại giúp"
    r"|\b(yeah|yea|yh)\s*$|\b(?:was|is|were)\s+(?:it\s+)?(?:the|that)\s+\d+\s+one\b"  # "... 2019 yeah", "the 2018 one?"
    r"|\b(was|is|were) (it|that) (like |about |around )?\d|\bcan (u|you) confirm\b|\b\w*\d (or|hay|hoac) \d"
    r"|\b(phai|dung) (khong|ko|k)\b|\b(phai|dung)\s+(hk|hok|hong|hem)\W*$"
    r"|\b(nghe noi|hinh nhu|i heard|heard that|apparently|i think|i remember)\b"
    r"|\blike (about |around )?\d|\b(didn'?t|wasn'?t|weren'?t|doesn'?t) (it|they|he|she)\b|\bor was it\b"
    r"|\bmisremember|\bam i (wrong|right)\b|\b(khoang|tam|chung) \d"
    r"|\b(or|hay|hoac) (like |about |maybe )?\d"
    r"|\b(iirc|afaik)\b|\bcorrect me if\b|\b(yeah|yea|ya|yes|no)\s*\?|\bwas it\s*\?"
    r"|\bmy (\w+ )?(friend|colleague|teammate|groupmate|classmate|lecturer|teacher|boss) (said|says|claims|thinks)\b"
    # where something was, stated and asked only by its question mark: "the summit was in hcmc?" (not "what is in 001?")
    r"|^(?!.*\b(?:what|wat|which|who|how|when|where|why)\b)\W*(?:\w+\s+){1,6}?(?:was|is|were)\s+(?:held\s+)?(?:in|at)"
    r"\s+[\w.]+\s*\?\W*$"
    # ... or whom someone is from: "santiago is from the world bank?"
    r"|^(?!.*\b(?:what|wat|which|who|how|when|where|why)\b)\W*(?:\w+\s+){1,3}?(?:is|was)\s+from\s+(?:the\s+)?"
    r"(?:[\w.]+\s+){0,2}[\w.]+\s*\?\W*$"
)

# "Which articles mention X": the articles, each with what it says of X, are the answer. The words asking it, in
# English and Vietnamese (read as ``plain`` reads), with the verb that follows; what is left is what is asked about.
_WHICH_ARTICLES = at_words(
    r"\b(?:which|what|wat)\s+(?:one\s+)?(?:of\s+(?:the|these|those|all|our)\s+(?:\d\s+|four\s+)?)?"
    r"(?:articles?|readings?|pieces?|texts?)\b"  # not "which paper did she write for": a newspaper
    r"|\bin\s+which\s+(?:of\s+the\s+(?:\d\s+)?)?(?:articles?|readings?|pieces?)\b"
    r"|\bwhere\s+in\s+the\s+(?:articles|readings|texts)\b"
    # "is unido in more than one of the readings", "does ai come up in several articles"
    r"|\bin\s+(?:more\s+than\s+one|multiple|several)\s+(?:of\s+(?:the|these|those|our)\s+)?(?:articles|readings|texts|pieces)\b"
    # what each says of it: "what does each article say about clean energy", "how does each reading frame green stuff"
    r"|\b(?:what|how)\s+(?:does|do)\s+(?:each|every)\s+(?:one\s+of\s+the\s+)?(?:articles?|readings?|texts?|pieces?)\b"
    r"|\b(?:comes?|came|shows?|showed)\s+up\s+where(?:\s+in\s+the\s+(?:articles|readings|texts))?\b"
    r"|\b(?:nhung\s+)?bai\s+nao\b(?:\s+trong\s+(?:ca\s+)?\d\s+bai)?"
    r"|\b(?:trong|o)\s+(?:nhung\s+)?bai\s+nao\b"
    # how many of them: "in how many readings does unido come up", "unido xuất hiện trong mấy bài"
    r"|(?P<count>\b(?:in\s+)?how\s+many\s+(?:of\s+the\s+)?(?:articles|readings|texts|pieces)\b"
    r"|\b(?:(?:trong|o|co)\s+)?(?:may|bao\s+nhieu)\s+bai\b)"
    # where in them, after the verb: "blockchain được nhắc ở đâu" (not "summit tổ chức ở đâu": a place)
    r"|(?<=\bnhac\s)o\s+dau\b|(?<=\bcap\s)o\s+dau\b|(?<=\bhien\s)o\s+dau\b"
)
_MENTIONING = re.compile(
    r"^\s*(?:mention|mentions|mentioned|talks?\s+(?:about|abt)|talked\s+(?:about|abt)|discuss|discusses|discussed"
    r"|brings?\s+up|covers?|cites?|says?\s+(?:anything\s+|something\s+)?(?:about|abt)|refers?\s+to|names?"
    # "which reading is mostly about fdi", "which article focuses on green growth"
    r"|(?:is|are)\s+(?:(?:mostly|mainly|largely|primarily|all|really|actually)\s+)?(?:about|abt)"
    r"|(?:focus(?:es|ed)?|centers?|centres?)\s+on|(?:is|are)\s+(?:focused|centered|centred)\s+on"
    r"|(?:frames?|treats?|handles?|describes?|sees?|views?)"
    r"|(?:co\s+)?(?:nhac(?:\s+(?:den|toi))?|noi\s+(?:ve|den|toi)|de\s+cap(?:\s+(?:den|toi))?|viet\s+ve|ban\s+ve"
    r"|xuat\s+hien))\b"
)
_TURNS_UP = r"(?:shows?|showed|comes?|came|pops?|popped|turns?|turned)\s+up|appears?|appeared"
_SHOWS_UP = _TURNS_UP + r"|features?|featured"

# Where something comes up, asked of the articles as a whole (the verb after it): "where do germany and korea come up",
# "where is esg mentioned"; not where something happened ("where was the summit held")
WHERE_MENTIONED = (
    r"^\W*where\s+(?:(?:exactly|else)\s+)?(?:is|are|was|were|does|do|did)\s+(?P<where>.+?)\s+"
    rf"(?:(?:get|gets|got)\s+)?(?:mentioned|brought\s+up|{_TURNS_UP})"
    r"(?=\W*$|\s*[?.,!]|\s+(?:in|across)\b)"  # nothing after it but where: not "where does vietnam come up short"
)

# ... said before it: "big data is mentioned in which article", "big data shows up in which articles", "big data
# được nhắc ở bài nào", "UNIDO xuất hiện trong những bài nào"
_MENTIONED = re.compile(
    r"\s(?:is|are|was|were|gets?|got)\s+(?:mentioned|discussed|cited|covered|talked\s+about)\s*$"
    rf"|\s(?:{_SHOWS_UP})\s*$"
    r"|\s(?:duoc|dc|co)\s+(?:nhac|de\s+cap|noi|viet)(?:\s+(?:den|toi|ve))?\s*$|\s(?:xuat\s+hien|co\s+mat)\s*$"
)
# ... or asked without "which", of the articles as a whole: "is AI mentioned in the readings? where", "unido shows up
# in 2 of the readings, how?", "steel comes up in two different readings": what comes before the verb is asked about
_MENTIONED_IN = re.compile(
    r"^(?:(?:where\s+)?(?:is|are|was|were|does|do|did)\s+)?(?P<topic>.+?)\s+"
    rf"(?:(?:is|are|was|were|gets?|got)\s+)?(?:mentioned|discussed|covered|talked\s+about|{_SHOWS_UP})"
    r"(?:\s+(?:somewhere|anywhere|at\s+all|like|even|much))?"  # "korea shows up somewhere in the readings"
    r"\s+(?:in|across)\s+(?:(?:the|these|those|all|both|any|\d|two|three|four|several|multiple|different|of|our"
    r"|like)\s+)*(?:articles|readings|texts|pieces|(?:every|each)\s+(?:article|reading|text|piece|one))\b"
    # ... or asked where, with the verb after it: "where do germany and korea come up", "where is esg mentioned"
    rf"|{WHERE_MENTIONED}"
    # ... or with no verb at all: "is green hydrogen in any of the 4 readings?"
    r"|^(?:is|are|was|were)\s+(?P<bare>(?:[^\s\d]+\s+){0,3}?[^\s\d]+)\s+(?:(?:even|actually|ever)\s+)?(?:in|across)\s+"
    r"(?:(?:any|either|one|some|all|both)\s+(?:of\s+)?)?(?:(?:the|these|those|our)\s+)?(?:(?:\d|two|three|four)\s+)?"
    r"(?:articles|readings|texts|pieces)\b"
)
# Not "which articles mention X": "which articles don't mention X", "which articles quote Santiago" (his words)
_NOT_MENTIONS = re.compile(  # not a tag ending the question ("bài nào nhắc UNIDO ko")
    r"\b(?:not|don'?t|doesn'?t|never|(?:khong|ko|chua)(?!(?:\W+(?:vay|v|a|ah|nhi|ha|nhe|z|the))*\W*$)|quote|quotes"
    r"|quoted)\b"
)
# The end of what is asked about: a new sentence ("... mention unido? i need both for my references"; not the dot of
# "4.0"), or a follow-up about how or why ("... and in what context", ", how?")
_TOPIC_END = re.compile(
    r"[?!]|(?<!\b[a-z])(?<!\bmr)(?<!\bms)(?<!\bdr)(?<!\bmrs)(?<!\bprof)\.(?!\d)|\s*(?:,|\band\b|&|\bn\b)?\s*\b(?:in\s+what\s+context|why|how|what\s+for|for\s+what|where)\b"
    r"|\s*,?\s*\b(?:moi\s+bai|the\s+nao|ra\s+sao|ntn|nhu\s+nao|theo\s+kieu|tai\s+sao|vi\s+sao|de\s+lam\s+gi)\b"
)


# Two things joined in one "which articles mention" ("where do germany and korea come up"): each asked, where no
# entry says both
JOINED = re.compile(r"\s*(?:,|\band\b|&|\bn\b|\bva\b)\s*")  # not "với" ("hợp tác với hàn quốc": one thing)

# Articles set side by side: "000 vs 003", "compare 001 and 002", "do both say ...", "what does each say", "khác
# nhau", "giống nhau", "điểm chung", "so sánh", "đều nhắc", "mỗi bài nói gì"
COMPARING = re.compile(
    r"\b(?:vs|versus|compared?|compares|comparing|comparison|contrast\w*|differ\w*|diff|same|similar\w*|overlap\w*"
    r"|contradict\w*|agree|both|each|khac(?:\s+nhau)?|giong(?:\s+nhau)?|trung(?:\s+nhau)?|diem\s+chung|so\s+sanh"
    r"|deu|ca\s+hai|moi\s+bai)\b"
)


_SENTENCE_END = re.compile(r"[?!]+|\.(?!\d)")
_VERSUS = re.compile(r"\b(?:vs|versus)\b")


def _sentence(text: str, at: int) -> str:
    """The sentence of ``text`` that holds position ``at`` (ended by "?", "!" or a full stop not of "4.0")."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    start = max((e for e in ends if e <= at), default=0)
    end = min((e for e in ends if e > at), default=len(text))
    return text[start:end]


def which_articles(text: str) -> str | None:
    """What ``text`` (as ``plain`` reads it) asks which articles mention ("which of the 4 articles mention unido":
    "unido"), or None when it does not ask that."""
    m = _WHICH_ARTICLES.search(text)
    asked = text if m is None else _sentence(text, m.start())
    if _NOT_MENTIONS.search(asked):  # in the sentence that asks: "... i feel like 003 doesnt really" is aside
        return None
    if m is None:
        if (asked := _MENTIONED_IN.match(text)) is None:
            return None
        topic = asked.group("topic") or asked.group("bare") or asked.group("where")
        return " ".join(_TOPIC_END.split(topic, maxsplit=1)[0].split())
    before, rest = text[: m.start()], text[m.end() :]
    said_before, said_after = _MENTIONED.search(before), _MENTIONING.match(rest)
    if m.group("count") and not (said_before or said_after):
        return None  # how many of them, with no verb for mentioning: "how many texts are from 2018", "nộp mấy bài"
    before = before[: said_before.start()] if said_before else before
    rest = rest[(said_after.end() if said_after else 0) :]
    rest = _TOPIC_END.split(rest, maxsplit=1)[0]
    # "3d printing vs blockchain": both are asked; "..., quick rundown": how, not what
    return " ".join(_BRIEF.sub(" ", _VERSUS.sub(" ", f"{before} {rest}")).split()).strip(" ,;:")


# Questions about the articles as texts, across them all: which is oldest or newest (their dates in order), and whom
# they quote. Only where nothing else is asked (``Engine._about_articles``): "the newest tech in the articles" is not.
_ARTICLES = (
    r"\b(?:articles|readings|pieces|sources|texts|papers|(?:which|what)\s+(?:one|article|reading|piece|paper|text)"
    r"|(?:latest|newest|oldest|earliest|most\s+recent)\s+(?:one|article|reading|piece|paper|text)"
    r"|(?:cac|nhung|\d|bon|hai|tung)\s+bai|bai\s+nao|(?:each|every|per)\s+(?:article|reading|piece|paper|text|one)"
    r"|(?:all|the|list|name)\s+(?:(?:4|four)\s+)?(?:authors|writers)|(?:tat\s+ca|ca|4|bon|cac)\s+tac\s+gia"
    # the four named by their number alone, not "industry 4.0": "which of the 4 is oldest", "quoted across all 4?"
    r"|(?:which\s+of|across|in|of)\s+(?:all\s+)?(?:the\s+)?(?:4|four)"
    r"(?=\s*(?:[?!,]|\.(?!\d)|$|(?:is|are|was|pls|plz|please|again|tho|lol)\b))"
    r")\b"
)
_TIMELINE = re.compile(
    r"\b(?:oldest|newest|latest|earliest|most\s+recent(?:ly)?)\b"
    r"|\b(?:came|comes|come|published|written|posted|released|out)\s+(?:out\s+)?(?:first|earlier|before)\b"
    r"|\b(?:timeline|chronolog\w*|in\s+(?:date\s+)?order|order\s+(?:of|by)\s+(?:date|publication))\b"
    r"|\b(?:rank|order|sort|arrange|list)\w*\s+(?:[\w.]+\s+){0,4}?by\s+(?:publication\s+)?(?:date|year|publication)\b"
    r"|\b(?:moi|cu|som|gan\s+day|muon)\s+nhat\b|\b(?:dang|viet|ra)\s+truoc\b|\bthu\s+tu\s+(?:thoi\s+gian|ngay)\b"
    r"|\bpublication\s+dates\b|\bdates\s+(?:of|for)\s+(?:all|each|every|the\s+(?:4|four)|(?:4|four)|them)\b"
    r"|\bwhen\s+(?:was|were)\s+(?:each|they\s+all|all)\b"  # "dates of all 4 articles"
    # how far apart: "bài 001 vs bài 003 cách nhau mấy năm", "how many years apart are 001 and 003"
    r"|\bcach\s+nhau\s+(?:khoang\s+)?(?:may|bao\s+nhieu|bn)\s+nam\b|\bhow\s+many\s+years\s+apart\b"
)
_QUOTED = re.compile(
    r"\b(?:directly|direct|verbatim|exactly|actually)\s+quot(?:ed|es?|ing)\b"
    r"|\bquot(?:ed|es?|ing)\b(?=(?:\s+\w+){0,4}\s+(?:directly|verbatim|word\s+for\s+word)\b)"  # "quote X directly"
    r"|\b(?:quotation|quote)\s+marks\b|\bin\s+quotes\b|\b(?:direct|verbatim|exact|actual|real)\s+quot(?:es?|ations?)\b"
    r"|\bquot(?:ed?|es?|ations?)\b(?=.{0,60}\bparaphras)|\bparaphras\w*(?=.{0,60}\bquot(?:ed?|es?|ations?)\b)"
    r"|\b(?:who|whom|which\s+(?:people|ppl|persons?|experts?|names?))\b.{0,40}\bquot(?:ed|es?)\b"
    r"|\b(?:the\s+)?(?:people|ppl|persons|experts|everyone|everybody)\s+(?:\w+\s+)?quoted\b"  # "all the ppl quoted"
    r"|\btrich\s+(?:dan\s+)?(?:truc\s+tiep|nguyen\s+van)\b|\bngoac\s+kep\b|\b(?:ai|nhung\s+ai)\s+(?:duoc|dc)\s+trich\b"
    # "nguyên văn câu quote của ông Santiago", "câu nói nguyên văn"
    r"|\bnguyen\s+van\s+(?:(?:cau|loi)\s+)?(?:quote|trich(?:\s+dan)?|noi)\b|\b(?:quote|cau\s+noi|loi\s+noi)\s+nguyen\s+van\b"
    r"|\bcau\s+(?:nao\s+|gi\s+)?(?:(?:noi|duoc\s+noi|dc\s+noi)\s+)?nguyen\s+van\b"  # "có câu nào (nói) nguyên văn ko"
)
# ... and the words that may come with it ("order them oldest to newest, with dates"; "who is cited or quoted directly
# across the articles")
_TEXTS = (  # the articles, as their words, how many ("across all four readings", "cả 4 bài"), and a request's own
    r"|articles?|readings?|texts?|pieces?|papers?|sources?|ones?|bai|all|both|two|three|four|ca|bon"
    r"|vs|versus|need|needs|want|wants|pls|please|plz"  # words ("oldest vs newest? need to order them")
)
_TIMELINE_WORDS = re.compile(
    r"\b(?:order\w*|sort\w*|arrang\w*|rank\w*|dates?|dated|when|published|publication|years?|ngay|nam|dang|xep"
    + _TEXTS
    + r")\b"
)
_QUOTED_WORDS = re.compile(
    r"\b(?:directly|direct|verbatim|cited|cites?|quot\w*|named|across|people|ppl|persons?|experts?|names?"
    r"|reported|paraphras\w*|full|whole|exact|actual|real|marks?|paste|copy|words?"
    r"|trich|dan|nguyen\s+van|truc\s+tiep|thuat\s+lai|ngoac\s+kep|chi|cau\s+noi|(?:co\s+)?cau\s+nao"
    r"|interview\w*|(?:loi\s+)?(?:nguoi\s+)?(?:duoc\s+)?phong\s+van"  # the words of whom they interviewed
    + _TEXTS
    + r")\b"
)
# ... and who wrote each ("list the 4 authors pls", "who are the authors of all 4 articles", "tác giả của 4 bài")
_AUTHORS = re.compile(  # who they are, their names or their list: not "where are the authors from"
    r"\b(?:who\s+(?:are|were|r)\s+(?:the\s+)?(?:(?:4|four|all)\s+)?(?:authors|writers)"
    r"|(?:list|name)\s+(?:(?:the|all)\s+)?(?:(?:4|four)\s+)?(?:authors|writers)|(?:authors|writers)'?\s+names?"
    r"|names?\s+of\s+(?:the\s+|all\s+)?(?:(?:4|four)\s+)?(?:authors|writers)|who\s+wrote\s+(?:them|each|which|what)"
    r"|bylines|(?:articles|readings|titles)\s*(?:\+|and|&|with|n)\s*(?:their\s+)?(?:authors|writers)"
    r"|(?:authors|writers)\s+of\s+(?:(?:all|the|each|every)\s+)*(?:(?:4|four)\s+)?(?:articles|readings|pieces|papers"
    r"|texts|ones|of\s+them|(?:4|four)\b(?![.,]?\d)))\b"
    r"|\btac\s+gia\b(?=.{0,30}\b(?:cac|ca|4|bon|tung)\s+bai\b)(?=.{0,50}\b(?:la\s+ai|nhung\s+ai|ai\s+viet|ten)\b)"
    r"|\b(?:tat\s+ca|ca|4|bon|cac)\s+tac\s+gia\b(?=.{0,30}\b(?:la\s+ai|nhung\s+ai|ten)\b)"
    r"|\bai\s+viet\s+(?:bai\s+nao|tung\s+bai|cac\s+bai|4\s+bai)\b|\btung\s+bai\b(?=.{0,20}\bai\s+viet\b)"
)
_AUTHORS_WORDS = re.compile(
    r"\b(?:authors?|writers?|who|wrote|written|bylines?|list|names?|tac\s+gia|la\s+ai|nhung\s+ai|ai\s+viet|viet"
    r"|la|cua|tung|moi|each|every"
    r"|are|were|of|by|titles?|tieu\s+de|dates?|when|published" + _TEXTS + r")\b"
)
# ... and what each is about ("a one-liner for each of the four readings", "summarise all 4 articles", "tóm tắt
# từng bài"): each article named as one of all of them, and a word for a summary
_SUMMARY = r"summar(?:y|ies|ise|ize)|one[- ]?liners?|tl;?dr|gist|overviews?|main\s+(?:idea|point)s?"
_SUMMARY_VI = r"tom\s+tat|y\s+chinh|noi\s+ve\s+gi"
_ALL_OF_THEM = r"each|every|all|4|four|tung|moi|ca\s+4|ca\s+bon"
_GISTS = re.compile(
    rf"\b(?:{_SUMMARY}|sum\s+(?:them\s+)?up|(?:what|wat)\s+(?:each|every)\s+(?:one\s+)?is\s+(?:about|arguing|saying)"
    rf"|{_SUMMARY_VI})\b"
    rf"(?=.*\b(?:{_ALL_OF_THEM})\b)"
    r"|\b(?:what|wat)(?:'s|\s+is)\s+(?:each|every)\s+(?:one|article|reading|piece|text)\s+about\W*$"
    # "one line per article", "a sentence on each", "1 line for each reading"
    r"|\b(?:one|a|1)\s+(?:line|sentence)\s+(?:per|for\s+each|on\s+each|each|about\s+each)\b"
    rf"|\b(?:{_ALL_OF_THEM})\b(?=.*\b(?:{_SUMMARY}|is\s+about|{_SUMMARY_VI})\b)"
)
_GISTS_WORDS = re.compile(
    r"\b(?:summar\w*|sum|up|one[- ]?liners?|liners?|tl;?dr|gist|overviews?|main|ideas?|points?|what|wat|each|every"
    r"|is|about|tom\s+tat|y\s+chinh|noi\s+ve\s+gi|tung|moi|give|me|can|u|you|for|of|so|i|don'?t|look|dumb|quick"
    r"|short|brief|line|lines|sentence|sentences|one|a|an|the|do|does|per|on|arguing|argues|saying|says"
    + _TEXTS
    + r")\b"
)
_WHO_VI = re.compile(r"\b(?:nhung\s+)?ai\b")
ACROSS_ARTICLES = {
    "dates": (_TIMELINE, _TIMELINE_WORDS),
    "quoted": (_QUOTED, _QUOTED_WORDS),
    "authors": (_AUTHORS, _AUTHORS_WORDS),
    "gists": (_GISTS, _GISTS_WORDS),
}


def across_articles(text: str, *, several: bool = False) -> tuple[str, str] | None:
    """What ``text`` (as ``plain`` reads it) asks of the articles as texts ("dates": which is oldest or newest;
    "quoted": whom they quote directly), and the text without the words that ask it; None for anything else.
    ``several``: it names several articles, so it need not say "articles" ("the press release or res 57, which
    came first")."""
    if not several and not re.search(_ARTICLES, text):
        return None
    for kind, (pattern, words) in ACROSS_ARTICLES.items():
        if pattern.search(text):
            # how long ("list the 4 readings + authors real quick") is no topic: read before the words that ask it
            rest = words.sub(" ", pattern.sub(" ", _BRIEF.sub(" ", text)))
            if kind == "quoted" and not in_english(text):  # "trích dẫn trực tiếp những ai": who, not AI
                rest = _WHO_VI.sub(" ", rest)
            return kind, rest
    return None


# What a question naming one article asks of it as a text, once the reference is taken out: who wrote it, when it
# was published, what it is about. "When did the summit in the press release happen" asks about the summit, and
# "what does the article say about that" about what came before.
_AUTHOR = at_words(
    r"\b(?:who\s+(?:wrote|writes|authored|penned|is\s+(?:the\s+)?(?:author|writer))|written\s+by"
    r"|by\s+whom|ai\s+(?:viet|soan)|nguoi\s+(?:viet|soan)|do\s+ai)\b"  # not "trích lời của ai" (whose)
    # ... whose the article is, and nothing more: "bài 003 là thông cáo của ai", "bài 000 của ai"
    r"|^\W*(?:la\s+)?(?:(?:bai(?:\s+viet|\s+bao)?|thong\s+cao(?:\s+bao\s+chi)?)\s+)?cua\s+ai"
    r"(?:\s+(?:vay|the|v|z|nhi|nhe|a|ha|day|the nhi))?\W*$"  # not "bài 003 của ai làm" (whose part it is)
    # ... the author named, not as the one whose view is asked: "theo tác giả ...", "what does the writer think"
    r"|(?<!\btheo )(?<!\bto )(?<!\bto the )(?<!\bper )(?<!\bper the )(?<!\bdoes the )(?<!\bdid the )(?<!\bdo the )"
    r"(?<!\by )(?<!\bquan diem cua )"
    r"\b(?:authors?|writer|tac\s+gia)\b(?!\s+(?:nghi|cho\s+rang|noi|danh\s+gia|de\s+xuat|khuyen|nhan\s+dinh"
    r"|muon|thinks?|says?|said|argues?|argued|believes?|claims?|means?|wants?|suggests?|proposes?|recommends?"
    r"|sees?|views?"
    # ... or as concluding, stressing, warning: "kết bài tác giả chốt lại ý gì", "the author concludes"
    r"|chot|ket\s+luan|khang\s+dinh|nhan\s+manh|canh\s+bao|keu\s+goi|lap\s+luan|phan\s+tich|goi\s+y|cho\s+biet"
    r"|concludes?|concluded|stresse[sd]|emphasi[sz]e[sd]|warns?|warned|ends?|ended|wraps?)\b)"
    # ... or a guess at who did, to be checked: "santiago wrote that press release himself right", "bài về NQ57 là
    # GS Nguyễn Mai viết đúng k"
    r"|\b(?:wrote|authored|penned)\b"
    # the article itself (what is left once its reference is taken out) by someone: "002 is by nguyen vu anh right",
    # "bài 002 là của ai"; not "which quote is by santiago", "câu trích đó là của ai"
    r"|^\W*(?:it\s+)?(?:is|was)\s+(?:it\s+)?by\b|^\W*la\s+(?:bai\s+)?cua(?:\s+ai)?\b"
    r"|\b(?:la|do)\s+(?!(?:nguoi|ai)\b)(?:\w+\s+){1,5}?(?<!\btieng )(?<!\bnguoi )viet\b(?!\s+(?:nam|kieu)\b)"
    r"(?=.{0,20}\b(?:dung|phai|ha|nhi|k|ko|khong|a)\b)"
)
_PUBLISHED = re.compile(
    r"\b(?:(?:is|was)\s+(?:from|in|written\s+in|published\s+in)\s+(?:19|20)\d\d"  # "from 2024, right?"
    r"|when|what\s+(?:date|day|year)|which\s+(?:date|day|year)|publish\w*|dated?|posted|released|came\s+out"
    # "when did the nguyen vu anh article go up", not "001 says it went up"; "pub date"
    r"|comes?\s+out(?!\s+of\b)|did\s+go\s+up|pub\s+date"
    r"|khi\s+nao|bao\s+gio|ngay\s+nao|nam\s+nao|luc\s+nao|ngay\s+(?:dang|ra)"
    # "bài 001 đăng hôm nào", "đăng năm 2018 hả"; not "hôm nào nhóm họp" (when the group meets)
    r"|(?:dang|ra|viet)\s+(?:vao\s+)?hom\s+nao|dang\s+(?:hom|ngay|nam|thang)\s+(?:nao|may|\d+))\b"
)
_GIST = re.compile(
    r"\b(?:about(?!\s+(?:that|this|it|them|those|these)\b)|summary|summari[sz]e|sum\s+up|main\s+(?:idea|point|argument|message|topic)s?|gist"
    r"|tl;?dr|in\s+(?:a\s+)?nutshell|overview|key\s+points?|thesis|noi\s+ve\s+(?:gi|j|cai\s+gi)|y\s+chinh|tom\s+tat|noi\s+dung|chu\s+de"
    r")\b"
)
# ... its title ("title of article 002 pls", "bài của GS Nguyễn Mai tên là gì"): the entry that says it
_TITLE = re.compile(  # not "the headline figure", nor "diễn giả bài 003 tên gì" (a person's name)
    r"\b(?:headline(?!\s+(?:figures?|numbers?|stats?|claims?))|(?:(?:full|exact|complete|official|whole)\s+)?title"
    r"|tieu\s+de)\b"
    r"|^\W*(?:cua\s+)?(?:bai\s+)?(?:co\s+)?ten\s+(?:cua\s+)?(?:bai\s+)?(?:la\s+)?(?:gi|j)\b"
)
_OPENING = re.compile(
    r"\b(?:intro(?:duction)?|open(?:s|ing)?|opens\s+with|begin(?:s|ning)?|starts?(?:\s+with)?"
    r"|(?:first|1st|opening)\s+(?:para(?:graph)?|part|section|line|bit|sentence|msg|message|point|claim|idea)s?"
    r"|mo\s+dau|mo\s+bai|dau\s+bai|(?:doan|phan)\s+(?:dau|mo)|cau\s+(?:dau|mo\s+dau))\b"
)
_CONCLUSION = re.compile(
    r"\b(?:conclu\w*|wrap(?:s|ping)?\s+(?:it\s+)?up|ends?(?:\s+with)?|ending|at\s+the\s+end"
    r"|(?:final|last|closing)\s+(?:para(?:graph)?|part|section|line|bit|words?|sentence|msg|message|point|thought"
    r"|takeaway|remarks?)s?|ket\s+(?:luan|bai|lai)|khep\s+lai|chot\s+lai|cuoi\s+bai|(?:doan|phan)\s+(?:cuoi|ket)"
    r"|^\W*ket(?!\s+(?:qua|noi|hop|thuc|cau))(?=\s)"  # "kết bài 000 ...": "kết" once "bài 000" is taken out
    # "ultimate goal at the end of 002?", not "the ultimate goal of resolution 57"
    r"|(?:end|ultimate|final|overall)\s+(?:goal|aim|message)s?(?!\s+(?:of|for)\s+\w)"
    r"|cau\s+(?:cuoi|ket))\b"
)
# Where in an article a topic is asked ("techs mentioned at the start of 001", "what do businesses need to do in the
# conclusion of 002"): the words that name a part of it, not a goal or a verb ("is 4.0 the end goal", "what does
# santiago conclude", "kết luận" of a study, "the beginning of the 20th century")
_OF_IT = (  # of the article, not of a time
    r"(?!\s+(?:the\s+|this\s+|that\s+|next\s+|last\s+)?(?:\d|\w+(?:st|nd|rd|th)\b|century|centuries|year|decade"
    r"|pandemic|covid|war|summit|month|week|day|semester|term|class|quiz|process|revolution))"
)
_ARTICLE_PART = re.compile(
    r"\b(?:(?P<opening>intro(?:duction)?|opening|(?:the\s+)?(?:start|beginning)\s+of"
    + _OF_IT
    + r"|(?:first|1st|opening)\s+(?:para(?:graph)?|part|section|line|bit|sentence)s?"
    r"|mo\s+dau|mo\s+bai|dau\s+bai|(?:doan|phan)\s+(?:dau|mo\s+dau))"
    r"|(?P<conclusion>conclusion|ending|(?:at\s+)?the\s+end\s+of"
    + _OF_IT
    + r"|(?:final|last|closing)\s+(?:para(?:graph)?|part|section|line|bit|sentence)s?"
    r"|cuoi\s+bai|(?:doan|phan)\s+(?:cuoi|ket)(?:\s+luan)?))\b"
    # "kết bài 002 ...", "cuối bài 002 ...", "đầu bài 001 ...": the part, once "bài 002" is taken out
    r"|^\W*(?:(?P<opening_vi>dau(?!\s+tu))|ket(?!\s+(?:qua|noi|hop|thuc|cau|luan))|cuoi(?!\s+cung))(?=\s)"
)


# ... one paragraph of it, its first or last ("what does high tech let industry do according to the last para of 000")
_ONE_PARAGRAPH = re.compile(r"\b(?:first|1st|opening|final|last|closing)\s+(?:para(?:graph)?|line|sentence)\b")


def part_asked(text: str) -> tuple[str, str, bool] | None:
    """The part of an article ``text`` (a question without its reference to one article, as ``plain`` reads it)
    asks a topic in ("opening" or "conclusion"), the text without the words naming it, and whether it names the
    one paragraph (its first or last); None when it names none."""
    found = _ARTICLE_PART.search(text)
    if found is None:
        return None
    opening = found["opening"] or found["opening_vi"]
    one = _ONE_PARAGRAPH.search(text) is not None
    return ("opening" if opening else "conclusion"), _ARTICLE_PART.sub(" ", text), one


# How long the answer should be: no topic ("kim bui's conclusion in 1 sentence?", "tóm tắt 2 câu")
_BRIEF = re.compile(
    r"\b(?:in\s+)?(?:\d|one|two|three|a\s+few|a|1-2|2-3)\s+(?:sentences?|lines?|words?|bullets?|bullet\s+points?|cau|dong|y)\b"
    r"|\b(?:short|quick|brief)\s+(?:version|answer)\b|\b(?:quick|short|brief)\s+(?:rundown|recap|breakdown)\b|\brundown\b"
    r"|\b(?:short|quick|brief)\s+(?:pls|plz|please)\b|\b(?:real(?:ly)?|rly|super|v)\s+quick\b(?=\W*(?:(?:pls|plz|please)\W*)?$)"
    r"|\bbriefly\b|\bngan\s+gon\b|\bin\s+(?:a\s+)?nutshell\b|\bin\s+short\b"
)
# ... and a Vietnamese tag at its end ("bài của GS Mai đăng năm 2018 hả": "hả" is no "Hà")
_TAG_END = re.compile(  # not the name Hà after a title ("kết luận bài 000 của bà Hà")
    r"(?:(?<!\bba)(?<!\bco)(?<!\bchi)(?<!\bts)(?<!\bgs)(?<!\bong)(?<!\bthai)(?<!\bdr)\s+ha"
    r"|\s+(?:a|nhi|nhe|vay|v|z|ko|khong|k|hong|chua|dung|phai|ak|ah))+\W*$"
)
# ... a guess at whose it is, to be corrected ("bài 003 là của World Bank hả, ai viết", "is it from the world bank
# right, who wrote it"): the body guessed is no topic
_GUESSED_BY = re.compile(
    r"\b(?:la\s+)?(?:cua|by|from)\s+(?:the\s+)?(?:(?!\d|ai\b|who\b|whom\b)\w+\s+){1,4}?"
    r"(?=(?:ha|a|ah|phai\s+(?:k|ko|khong)|dung\s+(?:k|ko|khong)|right|rite|no|or\s+not|isn'?t\s+it)\b)"
)
# ... and its author named as the one who concludes or stresses it ("kết bài tác giả chốt lại ý gì"): no topic
_WRITER = re.compile(r"\b(?:the\s+)?(?:authors?|writers?|tac\s+gia)\b")
# ... where it was published, or by which body ("which newspaper ran 000", "article 003 is from which org", "bài 000
# đăng trên báo nào"): its author's entry, which says it; not "which orgs does 003 mention", nor the date it came out
_PUBLISHER = re.compile(
    r"\b(?:publisher|(?:which|what)\s+(?:news\s*paper|outlet|publication|magazine|web\s*site|site|media\s+outlet)"
    r"(?:\s+(?:ran|runs|published|publishes|printed|carried|put\s+out|(?:is|was)\s+it\s+(?:from|in|for)"
    r"|did\s+it\s+(?:run|appear)\s+in))?"
    r"|published\s+(?:in|by)\s+(?:which|what)\s+(?:news\s*paper|paper|outlet|publication|magazine|site|org\w*|body)"
    r"|where\s+(?:was|is)\s+(?:it\s+)?(?:published|printed)|published\s+where|who\s+(?:published|publishes)"
    r"|(?:who|whom)\s+(?:is|was)\s+(?:it\s+)?published\s+by|published\s+by\s+(?:who|whom)"
    r"|(?:is|was|comes?|came)\s+(?:out\s+)?from\s+(?:which|what)\s+(?:org\w*|body|agency|institution|outlet|paper)"
    r"|(?:which|what)\s+(?:org\w*|body|agency|institution)\s+(?:published|put\s+out|released|is\s+it\s+from"
    r"|(?:is|was)\s+(?:it|this|that)\s+from|did\s+(?:it|this|that)\s+come\s+from)"
    r"|(?:dang|dang\s+tai|xuat\s+ban)\s+(?:tren|o)\s+(?:bao|trang)\s+(?:nao|gi|j)|bao\s+nao\s+dang)\b"
    # ... whose it is, and nothing more: "bài 003 là (thông cáo) của tổ chức nào" (not "trích báo cáo của tổ chức nào")
    r"|^\W*(?:la\s+)?(?:(?:thong\s+cao(?:\s+bao\s+chi)?|bai(?:\s+viet|\s+bao)?)\s+)?(?:cua|tu|thuoc)\s+"
    r"(?:bao|to\s+chuc|co\s+quan)\s+nao\b"
)
OF_ARTICLE = {  # in this order: "tldr, i only read the headline" asks the gist; "who's the publisher" no date
    "author": _AUTHOR,
    "publisher": _PUBLISHER,
    "date": _PUBLISHED,
    "opening": _OPENING,
    "conclusion": _CONCLUSION,
    "gist": _GIST,
    "title": _TITLE,
}


def of_article(text: str) -> tuple[str, str] | None:
    """What ``text`` (a question without its reference to one article, as ``plain`` reads it) asks of that article
    as a text ("title", "author", "publisher", "date", "opening", "conclusion" or "gist"), and the text without the
    words that ask it; None for anything else."""
    for kind, pattern in OF_ARTICLE.items():
        # ... a date asked beside where it was published ("bài 001 đăng trên báo nào vào ngày nào"): the date, which
        # its author's entry gives
        if pattern.search(text) and not (kind == "publisher" and _WHEN.search(text)):
            text = PURPOSE.sub(" ", text)  # "i need the exact title of 001": read before what asks it goes
            if kind == "author":
                text = _GUESSED_BY.sub(" ", text)
            for asked in OF_ARTICLE.values():  # "who wrote it and when": the author's entry gives both
                text = asked.sub(" ", text)
            return kind, _TAG_END.sub(" ", _BRIEF.sub(" ", _WRITER.sub(" ", text)))
    return None


# Where a long message breaks into parts: sentences, and clauses after a comma or a dash.
_PARTS = re.compile(r"([.?!;:]+(?:\s+|$)|\s+[-–]\s+|,\s+)")
MAX_PARTS = 12  # of a long message read part by part: a question and its context fit in far fewer


# What a member says they do not mean ("which fdi areas (not the future tech list, the other one)", "list everyone
# quoted (not the authors)"): no words to search for
_NOT_MEANT = re.compile(
    r"\(\s*(?:but\s+)?not\s+[^()]{1,80}\)"
    r"|,?\s*\bnot\s+the\s+[^,.;!?()]{1,50}?,\s*(?:but\s+)?the\s+(?:other|first|second|third)\s+(?:one|list|part|section)\b",
    re.IGNORECASE,
)


def meant(question: str) -> str:
    """``question`` without what it says it does not mean."""
    return _NOT_MEANT.sub(" ", question) if "not" in question.casefold() else question


# A part that points back at what another part asked ("Bài GS Mai có đoạn cuối nói về cái này", "her conclusion is
# about that"): it is no question of its own
BACK = re.compile(
    r"\b(?:cai|van\s+de|dieu|chuyen|y|phan)\s+(?:nay|do|day)\b"
    r"|\b(?:about|on|covers?|discuss(?:es)?)\s+(?:this|that|it|these|those|them)\b"
)


def pieces(question: str) -> list[tuple[str, str]]:
    """A long message's parts (at most ``MAX_PARTS``), each with what ends it: a question mark asks."""
    split = _PARTS.split(question[:MAX_CHARS])
    return list(zip(split[0::2], [*split[1::2], ""], strict=True))[:MAX_PARTS]


# Someone's exact words asked for ("word for word", "the exact quote", "trích nguyên văn"): a direct quote answers
# it, not a fact or a reported quote that says the same in other words.
VERBATIM = re.compile(
    r"\b(?:verbatim|word\s+for\s+word|exact\s+(?:words?|quotes?|wording|line)|direct(?:ly)?\s+quot\w*"
    r"|(?:quotation|quote)\s+marks|in\s+quotes|nguyen\s+van|trich\s+dan\s+truc\s+tiep|ngoac\s+kep)\b"
)
# What a person holds or put forward ("what did duong propose", "santiago's view on fdi", "ông Dương đề xuất gì",
# "santiago bảo vn nên làm gì"): their own words answer it, not a card on who they are.
STANCE = re.compile(
    r"\b(?:propos(?:e|es|ed|al|als)|suggest(?:s|ed|ion|ions)?|recommend(?:s|ed|ation|ations)?|advi[cs]e[sd]?"
    r"|argu(?:e|es|ed|ment)|think|thinks|thought|view|views|opinion|stance|take on|warn(?:s|ed|ing)?"
    r"|call(?:s|ed)? for|urg(?:e|es|ed)|de xuat|de nghi|kien nghi|cho rang|khuyen|quan diem|nhan dinh|phat bieu"
    r"|keu goi|canh bao|y kien|nghi gi|nghi sao|noi gi|noi j|noi ve|bao (?:vn|viet nam|nen|la|rang|gi|j))\b"
)
# "Who said X": the speaker is the answer.
WHO_SAID = re.compile(r"\bwho (said|says|say|stated|argued|warned|told|called)\b|\bai (noi|khuyen|phat bieu|bao)\b")
# A part that asks something: an English question word near its start, or a Vietnamese one anywhere in it.
# The verbs that open a question in English ("is it ...", "does 001 say ..."), the one list the rules below share
_AUXILIARIES = r"does|do|did|is|are|was|were|can|could|should|would|will|has|have"
ASKING = re.compile(
    r"^\W*(?:\w+\s+){0,3}(?:what|wat|wut|whats|wats|which|who|whom|whose|how|hw|when|wen|where|why)\b"
    rf"|^\W*(?:{_AUXILIARIES}|any)\b"  # "is it...", not "this is"
    # "đâu" (where), not "đầu tư", "đau bụng", "đau đầu"
    r"|\b(?:gi|j|nao|sao|bao nhieu|(?<!\bdau )dau(?! tu| bung| dau)|the nao|ntn|ra sao|khong|ko|chua|ai)\b"
    r"|(?<!\bnha )\bmay\b(?! (?:moc|tinh|bay|bom))"  # "mấy" (how many), not "nhà máy" (factory), "máy tính"
)

# Weaker signs of a figure half remembered ("can't remember", "in my notes", "không nhớ rõ"): they make a check only
# of a figure that is not a year ("not sure where vietnam ranked in 2010" asks about 2010).
WEAK_CHECKS = re.compile(
    r"\b(can'?t|cannot|don'?t|do not) remember\b|\bnot sure\b|\b(i wrote|in my notes|my notes say|notes say)\b"
)
# ... and in Vietnamese, read with its accents: "không nhỏ" (not small) is no "không nhớ" (don't remember)
# "... có tận 5000 người dự à": a figure stated, then "à" (so it is?), as written; not the polite "ạ". Like a weak
# sign, it checks a figure, not a year ("... xuất khẩu năm 2020 à" asks about 2020)
CHECKS_VI = re.compile(r"(?<!\w)à\W*$")
WEAK_CHECKS_VI = re.compile(r"\bnhớ (ko|không|k) rõ\b|\b(ko|không) nhớ\b|\bnhớ là\b|\bthật (à|ko|không|hả|hở)\b")


# ... or states it, and asks only by its question mark: "vn was 47th out of 150 countries in 2017?", "clean energy
# investment hit 3 trillion usd per IEA?"; not "vietnam's exports were how much in 2019?"
_STATED = re.compile(
    r"^\W*(?!.*\b(?:what|wat|which|who|whom|whose|how|hw|when|wen|where|why)\b)"
    rf"(?!(?:{_AUXILIARIES}|any)\b)"
    r"(?:[\w.%$/-]+\s+){1,8}?(?:was|were|is|are|hit|hits|reached|reaches|ranked|rose|fell|climbed|jumped|had|has)\s+"
    r"(?:[\w.%$/-]+\s+){0,4}?[\w.%$/-]*\d[^?]*\?\W*$"
)


def checks(text: str, numbers: frozenset[str], checked: bool | None = None) -> bool:
    """Whether the question checks a figure it half remembers (``numbers``: the figures it names; ``checked``:
    whether ``CHECKS`` finds a guess checked in it, when the caller has read that already)."""
    if not numbers:
        return False
    folded = plain(text)
    if checked is None:
        checked = CHECKS.search(folded) is not None
    if checked or _STATED.search(folded):
        return True
    written = unicodedata.normalize("NFC", text[:MAX_CHARS]).casefold()
    tagged = CHECKS_VI.search(written) and not ASKING.search(folded)  # "... do ai ban hành à" asks who
    weak = WEAK_CHECKS.search(folded) or WEAK_CHECKS_VI.search(written) or tagged
    return bool(weak) and any(not YEAR.match(n) for n in numbers)


# A part of a whole the question states: "how many of the 2000 delegates were foreign", "of the 2 trillion, how
# much went to hydrogen", "trong 2000 đại biểu có bao nhiêu người nước ngoài".
_WHOLE = r"~?(?!(?:199\d|200[1-9]|201\d|202\d)\b)\d[\d,.]*"  # not a year ("of 2019 exports" scopes it), but 2000
_PART = re.compile(
    rf"\bhow\s+(?:many|much)\b(?:\s+\w+){{0,3}}?\s+(?:of|out\s+of)\s+(?:(?:the|those|these|that)\s+)?{_WHOLE}"
    rf"|\b(?:out\s+)?of\s+(?:(?:the|those|these)\s+)?{_WHOLE}(?:\s+\w+){{1,5}}?,?\s+how\s+(?:many|much)\b"
    rf"|\btrong\s+(?:so\s+)?{_WHOLE}(?:\s+\w+){{1,6}}?\s+(?:bao\s+nhieu|(?<!\bnha\s)may)\b"
    # ... or of a group only part of those counted: "how many foreign delegates", "how many were from abroad", "bao
    # nhiêu đại biểu nước ngoài"
    r"|\bhow\s+many\s+(?:\w+\s+)?(?:foreign|international|intl|overseas|female|women)\b"
    r"|\bhow\s+many\b(?:\s+\w+){0,6}?\s+(?:were|are|was|came)\s+(?:foreign|foreigners|international|from\s+(?:abroad|overseas))\b"
    r"|\b(?:bao\s+nhieu|bn)\s+(?:\w+\s+){0,2}?(?:nuoc\s+ngoai|quoc\s+te)\b"
)


def part(text: str) -> bool:
    """Whether ``text`` (as ``plain`` reads it) asks how many or how much of a whole it states: the entry giving that
    whole answers only if it says what the part is."""
    return bool(_PART.search(text))


def year_checked(text: str, year: str) -> bool:
    """Whether ``text`` checks ``year`` itself: "that was 2019 yeah?", "was it 2018?", "năm 2018 nhỉ", "the IMF 2022
    report right?"."""
    return bool(
        re.search(
            rf"\b(?:(?:that|it|this)\s+(?:was|is|were)|(?:was|is)\s+(?:it|that))\s+(?:in\s+|from\s+)?{year}\b"
            rf"|\b{year}\s*(?:yeah|yea|right|or smth|phai (?:ko|khong|k)|dung (?:ko|khong|k)|ha|nhi)\b"
            # ... or the year of a text or event the member names ("the IMF 2022 report", "the 2019 summit")
            rf"|\b{year}\s+(?:report|study|edition|summit|directive|resolution|article|paper|index|ranking|release"
            r"|survey|talk|conference|event|bao cao|nghien cuu|hoi nghi|chi thi|nghi quyet|bai)\b",
            plain(text),
        )
    )


# One Vietnamese syllable, folded: a part of a Vietnamese name in the base ("Dinh Thu Huong", "Nguyen Mai") that is
# also a common word ("hướng", direction; "mai", tomorrow; "anh", you), unlike "samsung", "toyota" or "korea".
# Its vowels are one of Vietnamese's (folded: "ươi" is "uoi"), so "iea" is no syllable but IEA.
_NUCLEI = (
    "ieu|oai|oay|oeo|uay|uoi|uou|uya|uye|uyu|yeu"
    "|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ye|a|e|i|o|u|y"
)
_SYLLABLE = re.compile(rf"^(ngh|ng|nh|ch|tr|th|ph|kh|gh|gi|qu|[bcdghklmnprstvx])?(?:{_NUCLEI})(ng|nh|ch|[cmnpt])?$")


def syllable(word: str) -> bool:
    """Whether ``word`` (folded) may be one Vietnamese syllable ("nguoi", "khuyen"), not an English one ("students")."""
    return _SYLLABLE.match(word) is not None


# A title before one syllable makes it a name: "mr duong", "ông Dương", "bà Hà", "TS Hà", "GS Mai".
_TITLE_BEFORE = r"\b(?:mr|mrs|ms|dr|prof|professor|ong|ba|ts|gs|pgs|tskh|thay)\.?\s+"


# Function words of one language only: a message with two English ones and no Vietnamese one is in English
_ENGLISH_ONLY = STOPWORDS - VI_STOPWORDS
_VIETNAMESE_ONLY = VI_STOPWORDS - STOPWORDS - {"nam", "may", "ban", "con", "v"}  # "viet nam", "may 2018"


def in_english(text: str) -> bool:
    """Whether ``text`` (as ``plain`` reads it) is written in English: two English function words ("what was
    duong proposing"), no Vietnamese one ("theo huong nao")."""
    words = text.split()
    return sum(w in _ENGLISH_ONLY for w in words) >= 2 and not any(w in _VIETNAMESE_ONLY for w in words)


def named(
    entities: frozenset[str],
    text: str = "",
    alone: frozenset[str] = frozenset(),
    places: frozenset[str] = frozenset(),
    typed: str = "",
    people: frozenset[str] = frozenset(),
) -> frozenset[str]:
    """The rare names a question (``text``, as ``plain`` reads it) names: a name part that is one Vietnamese
    syllable counts only beside another such part ("dinh thu huong"), or as a name a speaker goes by ``alone``
    where ``called`` says it is one, or typed in capitals (``typed``: the text as typed; "IEA = ?") when it is no
    part of a person's name (``people``); otherwise it is most likely the common word it also is ("hướng",
    direction)."""
    single = {e for e in entities if syllable(e)}
    if len(single) != 1:
        return entities
    (one,) = single
    if _titled(one, text) or (one in alone and called(one, text, places)):
        return entities
    if len(one) > 2 and one not in people and re.search(rf"\b{re.escape(one.upper())}\b", typed):
        return entities  # not a person's name: "HUONG oi" calls a member
    return entities - single


def _titled(name: str, text: str) -> bool:
    """Whether ``name`` follows a title in ``text``: "mr duong", "ông Dương", "TS Hà"."""
    return re.search(_TITLE_BEFORE + re.escape(name) + r"\b", text) is not None


def called(name: str, text: str, places: frozenset[str] = frozenset()) -> bool:
    """Whether ``text`` (as ``plain`` reads it) calls someone by the one word ``name``: any word but a Vietnamese
    syllable; that, after a title ("mr duong", "ông Dương", "dr ha") or in English ("what was duong proposing"), and
    not as part of ``places`` it names ("a workshop in binh duong"). In Vietnamese it is most likely the word ("3 lần
    hả", "con đường")."""
    if not syllable(name):
        return True
    return _titled(name, text) or (name not in places and in_english(text))


# What a member wants it for ("summary of 002 for slides pls", "tldr of article 3 for class", "tóm tắt bài 002 để
# làm slide"), and that they want it: their purpose, not a topic of the question.
PURPOSE = re.compile(
    r"\b(?:for|cho|de\s+lam|de)\s+(?:(?:my|our|the|a|this|tmr'?s?|tomorrow'?s?|next\s+week'?s?|bai|nhom|buoi|phan)\s+)*"
    r"(?:slides?|slide\s+deck|deck|ppt|presentation|pres|prez|essay|class|exam|notes|homework|hw|assignment|quiz|test"
    r"|debate|lit(?:erature)?\s+review|seminar|tutorial|group|revision|midterm|finals?|thuyet\s+trinh|on\s+thi"
    r"|bai\s+tap|tieu\s+luan|thao\s+luan(?:\s+nhom)?|thi)\b"
    # ... "i need" a summary of it, not "what does 002 say we need to do about fdi"
    r"|\b(?:i|we|i'?d|id)\s+(?:really\s+|just\s+)?(?:need|want|would\s+like)\b(?=\W*$|\s+(?:(?:the|a|its|an)\s+)?"
    r"(?:(?:exact|full|complete|official|whole|actual|proper)\s+)?(?:main|summary|gist|tl;?dr|overview|thesis|key|conclusion|title|author|date|short|quick|brief))"
)


# Farewells, wishes and group logistics: talk among members, never a question for the base, whatever else they name
# ("im so done with fdi for today, good night", "ok who's doing the slides for the policy part").
_WHEN_WE_MEET = (  # a time, a place or a share of the group's work: logistics, not a question about the articles
    r"(first|next|today|tonight|tomorrow|tmr|tmrw|later|this (week|weekend)|on (mon|tue|wed|thu|fri|sat|sun)\w*"
    r"|our|my part|the \w+ part|part on|slides?|meeting|class|session|library|cafe|here|in the group|with (u|you))"
)
# A message that opens with laughter and asks nothing ("lmao the scrape says INSTEAD 💀", "haha the press release is
# so short") is a reaction, not a question; "lol what is SMA" asks.
_LAUGHING = re.compile(r"^\W*(?:a?ha(?:ha)+\w*|he(?:he)+\w*|lol+|lmao+|lmfao|rofl|omg|k{3,})\b")
# ... of which all but "lol" and "omg" laugh at any length ("lmaooo spiky jackpots"; "lol samsung exports" asks)
_LAUGHING_HARD = re.compile(
    r"^\W*(?:a?ha(?:ha)+\w*|he(?:he)+\w*|lmao+|lmfao|rofl|k{3,})\b"
    r"|^\s*[\U0001F923\U0001F602\U0001F480]"  # ... or a laughing face first: "😂😂 spiky jackpots"
)
# ... or laughs at what it read ("đọc tới đoạn 'spiky jackpots' mà mình cười muốn xỉu 🤣"), at some length
_LAUGHS = re.compile(
    r"[\U0001F923\U0001F602\U0001F480]|=\)\)|\bcuoi (?:muon xiu|chet|ia|bo|dau bung|sml|ra nuoc mat)\b"
    r"|\b(?:lmao|lmfao|rofl)\b"
    r"|\b(?:cant|can'?t|cannot) stop laughing\b"
)
REACTION_WORDS = 5


# ... nor asks for anything: "lol explain resolution 57", "cho mình xin số liệu =))", "vietnam ranks 44th right"
_REQUEST = re.compile(
    r"\b(?:explain|summari[sz]e|sum\s+up|tell|give|send|show|list|define|describe|compare|pls|plz|please|right"
    r"|correct|true|cho\s+(?:minh|t|em|toi|tui|mik)\s+xin|giai\s+thich|tom\s+tat|liet\s+ke|(?:dung|phai)\s+(?:ko|khong|k))\b"
)


# How a technology works, explained: the articles name technologies and never explain them ("how does bitcoin mining
# work", "can u explain how 3d printers work"); not a policy or body ("how does resolution 57 work"), nor people or
# things working together ("how do robots and humans work side by side")
_TECH = (  # what is a technology to explain, not a policy, body or concept the articles discuss
    r"(?:blockchain|bitcoin|crypto\w*|3d\s+print\w*|printers?|chatgpt|gpt|llms?|language\s+models?|machine\s+learning"
    r"|neural\s+net\w*|transformers?|cloud\s+computing|robots?|cobots?|batter(?:y|ies)|fuel\s+cells?|solar\s+panels?"
    r"|wind\s+turbines?|5g|semiconductors?|chips?|autopilot|self[-\s]driving|engines?|mining|photosynthesis"
    r"|stock\s+market|artificial\s+intelligence|ai|iot|internet\s+of\s+things|big\s+data|vr|virtual\s+reality)"
)
_WORKS = (
    rf"(?:(?!work|and|with|n\b|&)\w+\s+){{0,4}}{_TECH}\s+(?:(?!work|and|with)\w+\s+){{0,2}}(?:actually\s+|really\s+)?"
    r"works?\b(?!\s+(?:together|side|with|alongside|for|as|in|at|on))"
)
# A quoted phrase to translate into a language ("translate 'supply chain' into japanese pls"): the bot is no
# dictionary. Not "translate the one size fits all quote to vietnamese, who said it?" (asks more), nor "dịch sang
# tiếng việt" after asking for a quote
_LANGUAGES = r"(?:english|vietnamese|japanese|korean|chinese|mandarin|french|german|spanish|thai|tieng \w+)"
TRANSLATE = re.compile(
    r"^\W*(?:pls\s+|please\s+|can\s+(?:u|you)\s+)?translate\s+['\"\u2018\u201c][^'\"\u2019\u201d]{1,60}['\"\u2019\u201d]\s*"
    rf"(?:(?:into|to)\s+{_LANGUAGES}\b[^?]*|(?:pls|plz|please)?\W*)$"  # ... or into nothing named: "translate 'x' pls"
)
HOW_IT_WORKS = re.compile(rf"\bhow (?:do|does|did) {_WORKS}|\bexplain how {_WORKS}")


# The rest of a clause, up to a stop or a word that opens another one ("i call dibs on 000 but what is ...")
_CLAUSE_REST = r"(?:(?!\b(?:but|and|so|what|which|who|how|when|where|why|lol|tho|though)\b)[^,.;!?])*"
_CLAUSE_REST_VI = (  # ... in Vietnamese: "t nhận phần UNIDO nha", not "... mà bài đó nói gì"
    r"(?:(?!\b(?:ma|nhung|thi|con|gi|j|nao|sao|bao\s+nhieu|ai|khong|ko|chua|la|ve|but|what|how)\b)[^,.;!?])*"
)
# Thanks in other words, and work shared among members: "exactly what i needed", "its on the drive now", "done
# with the 001 summary"; talk only where nothing in the message asks
_SHARED = at_words(
    r"\b(exactly|just) what i (needed|wanted|was looking for)\b"
    r"|\b(on|in|onto|len|tren|vao) (the |our |my )?(drive|gdrive|gg drive|google drive|shared doc|shared folder)\b"
    # ... with what was put there: "t up phần tóm tắt bài 003 lên drive rồi" (a summary shared, not asked for)
    r"|\b(?:up|upload(?:ed)?|nem|quang|put|posted|dropped)\b"
    r"(?:\s+(?!(?:what|which|who|how|when|where|why|gi|nao|khi|sao|said|say|says|noi)\b)\w+){0,8}?"
    r"\s+(?:len|tren|vao|on|in|onto)\s+"
    r"(?:the |our |my )?(?:drive|gdrive|gg drive|google drive|shared doc|shared folder)\b"
    r"|^\W*(ok(ay)?\W+)?(done|finished) with (the|my|our)\b"
    # parts of the group's work claimed: "i call dibs on 000", "i'll take the unido part of the ppt"
    rf"|\b(?:i\s+)?(?:call|called|calling)\s+dibs\b{_CLAUSE_REST}|\bdibs\b(?:\s+on\b{_CLAUSE_REST})?"
    r"|\b(?:t|tui|tao|minh|em|toi)\s+nhan\s+(?:phan|bai)\b"  # "t nhận bài Kim Bui nhé"
    r"|\bchia\s+(?:phan|slide)\s+(?:thuyet\s+trinh|trinh\s+bay|lam\s+slide)\b"  # "nhóm chia phần thuyết trình rồi"
    rf"|\b(?:i'?ll|ill|i will|i can)\s+take\s+(?:the\s+)?(?:[\w+&/]+\s+){{1,3}}"
    r"(?:one|part|bit|section|slides?|article|reading)\b"
    rf"{_CLAUSE_REST}"
    # ... in Vietnamese: "t nhận phần UNIDO nha", "ai chia phần thuyết trình chưa", "bài Kim Bui ai làm thì nhận đi"
    # (not "mình làm bài về NQ57": doing the homework); up to a word that asks or joins another clause
    rf"|\b(?:t|tao|to|toi|minh|em|tui)\s+(?:(?:nhan|chon)\s+(?:phan|bai|slide|muc|doan)|(?:lam|lo)\s+(?:phan|slide|muc"
    rf"|doan))\b{_CLAUSE_REST_VI}"
    rf"|\b(?:ai\s+)?chia\s+(?:phan|viec|bai|slide)\b(?:(?:\s+\w+){{0,3}}?\s+(?:xong\s+)?chua\b)?{_CLAUSE_REST_VI}"
    rf"|\b(?:(?:con\s+)?(?:bai|phan)\s+(?:\w+\s+){{0,4}}?)?ai\s+lam\s+thi\s+nhan\b{_CLAUSE_REST_VI}"
)


_QUESTION_WORD = re.compile(r"\b(?:what|wat|which|who|how|when|where|why)\b")


def _asks(text: str) -> bool:
    """Whether ``text`` (as ``plain`` reads it) asks or requests anything: a "?", a question word near its start,
    a request ("explain", "pls", "right")."""
    return "?" in text or bool(ASKING.search(text)) or bool(_REQUEST.search(text))


def shared(text: str) -> bool:
    """Whether ``text`` (as ``plain`` reads it) thanks or tells of work shared, and nothing else in it asks."""
    if not _SHARED.search(text):
        return False
    rest = _SHARED.sub(" ", text)  # "exactly what i needed" asks nothing
    # ... or what is left is talk too: "who's presenting the unido one? i call dibs on 000"
    return not (_asks(rest) or _QUESTION_WORD.search(rest)) or bool(SOCIAL.search(rest))


# ... nor gives an opinion and asks nothing ("samsung phones are mid tbh", "ngl nguyen mai writes like a govt
# report"): a judgement, with a verb that makes it one; "samsung exports 2017 tbh", "tbh i'm lost on the net zero
# part", "ngl need santiago's quote", "r vn schools training enough engineers tbh" ask, if without a question word
_OPINION = re.compile(r"\b(?:tbh|ngl|imo|imho|lowkey|honestly|istg|deadass)\b|\bfr\W*$")
_JUDGES = re.compile(
    r"\b(?:is|are|was|were|sounds?|seems?|looks?|reads?|writes?|feels?)\b"
    r"|\b(?:so|too|kinda|lowkey)\s+(?:\w+\s+)?(?:long|dry|boring|hard|mid|rough|bad|good|cool|weird|dense|confusing)\b"
)
_AUX_ASKS = re.compile(
    rf"(?:^|[,;.!]\s*)(?:r|u|{_AUXILIARIES})\s|\bor (?:nah|not|no)\b"
    r"|\b(?:lost|confused|don'?t get|dont understand|don'?t understand|no idea|need|needs|want|wanna)\b"
)


# ... nor tells how the member feels ("i'm so cooked for this policy seminar", "we're doomed lol", "toang rồi")
_VENTING = re.compile(
    r"\b(?:i'?m|im|i am|we'?re|we are|i feel|feeling)\s+(?:(?:so+|lowkey|actually|literally|fully|totally|kinda)\s+)*"
    r"(?:cooked|dead|doomed|screwed|finished|exhausted|stressed|burnt out|burned out)\b"
    r"|\b(?:kill me|send help|pray for me|met qua|toang|xong doi)\b"
)


# ... nor reacts to what it read ("samsung being a quarter of vn exports is actually wild", "nguyen mai's article is
# like 3x longer than the others bruh", "the unido one is short, i like it"): a figure beside it is no check
_REACTS = re.compile(r"\b(?:bruh|wild|crazy|insane|i (?:really )?(?:like|love) (?:it|this|that))\b")


def _asks_anything(text: str) -> bool:
    """Whether ``text`` (as ``plain`` reads it) asks or requests (``_asks``), has a question word anywhere, opens a
    clause as a question does, or tells a need or confusion: a whole message that opines or vents does none."""
    return _asks(text) or bool(_QUESTION_WORD.search(text) or _AUX_ASKS.search(text))


def opining(text: str) -> bool:
    """Whether ``text`` (a whole message, as ``plain`` reads it) gives an opinion ("tbh", "ngl", "imo") with a verb
    that judges, or reacts to what it read with one, and asks nothing: no "?", no question word, no request, no
    clause opening as a question does, no need or confusion told; and, but beside a reaction, no figure."""
    if _asks_anything(text):
        return False
    if _REACTS.search(text) and _JUDGES.search(text):
        return True
    return bool(_OPINION.search(text) and _JUDGES.search(text)) and not quantities(text)


def venting(text: str) -> str | None:
    """What is left of ``text`` (a whole message, as ``plain`` reads it) once it tells how the member feels ("i'm so
    cooked for this policy seminar", "toang rồi"), when it does and asks nothing (as ``opining`` reads asking); None
    otherwise. Whether the rest names a topic ("we are doomed, gist of 001") is the index's to read."""
    if not _VENTING.search(text) or _asks_anything(text):
        return None
    return _VENTING.sub(" ", text)


# A question word anywhere ("what does that even mean", "but who organised the summit", "which city hosted it"),
# not opening a relative clause ("that's exactly what i was thinking", "the spiky jackpots thing is what got me")
_ASKED_FURTHER = at_words(
    r"(?<!\bis )(?<!\bthats )(?<!\bthat's )(?<!\bexactly )(?<!\bjust )(?<!\bwas )"
    r"\b(?:what|wat|which|who|how|when|where|why)\b(?!\s+(?:i|im|we|you|u|they|he|she|it)\b)"
)


def laughing(text: str) -> bool:
    """Whether ``text`` (as ``plain`` reads it) laughs and asks nothing (no question word near its start, no "?",
    no request): opening with laughter other than "lol" or "omg", with no figure ("lmaooo spiky jackpots"); or, in a
    message of ``REACTION_WORDS`` words or more with no question word asking anywhere, opening with any laughter or
    laughing anywhere in it ("lol samsung exports" and "samsung exports 2017 😂" ask)."""
    if _asks(text):
        return False
    if _LAUGHING_HARD.match(text) and not re.search(r"\d", text):  # "haha samsung exports 2017" asks
        return True
    return (
        len(text.split()) >= REACTION_WORDS
        and bool(_LAUGHING.match(text) or _LAUGHS.search(text))
        and not _ASKED_FURTHER.search(text)  # "'spiky jackpots' what does that even mean in context lmao" asks
    )


SOCIAL = re.compile(
    r"^\s*(?:<@!?\d+>|@(?!everyone\b|here\b)[a-z]\w*)"  # a message that opens by addressing another member
    r"|\b(good night|good luck|great job|well done|see (you|u|ya) (tmr|tomorrow|later|in class|at class))\b"
    r"|\bwho'?s (doing|taking|bringing|joining)\b|\bdoing the slides\b"
    r"|\bwho'?s presenting (the )?(\w+ ){1,2}(one|part)\W*$"  # "who's presenting the unido one", and nothing more
    r"|\bwho'?s (?:presenting|doing|taking)\b.{0,40}\b(?:me or \w+|\w+ or me)\b"  # "... the unido one, me or linh?"
    # ... handed to another: "linh u take kim bui's?"
    r"|\b(?:u|you)\s+take\s+(?:the\s+)?(?:[\w']+\s+){0,3}?(?:\w+'s|one|part|article|reading|slides?)\W*$"
    r"|(^|[,.;!]\s*)not me( (pls|plz|please|lol|haha|tho))?\W*$"  # "..., not me pls": a clause of its own
    r"|\bai (nhan|lam|lo|chiu|thuyet trinh|trinh bay) (phan|slide|bai)\b"  # "ai nhận phần bài UNIDO đi": who takes it
    r"|\bai chia (phan|slide)\b"  # ... who splits the parts: "ai chia phần thuyết trình đi"
    rf"|\bwho'?s (presenting|going|coming|free|up for|in for)\b.*\b{_WHEN_WE_MEET}\b"
    rf"|\b(i'?ll|ill|i will|i can) (summari[sz]e|post|share|send|upload|write up)\b.*\b{_WHEN_WE_MEET}\b"
    r"|\bdiem danh\b|\bdi chung\b|\bcho vui\b|\bco ai di (cafe|ca phe|an|hoc)\b|\bai di thi\b"
    r"|\bco ai di\b.*\b(thu [2-7]|thu (hai|ba|tu|nam|sau|bay)|chu nhat|toi nay|sang mai|chieu nay|tuan (nay|sau))\b"
)


# "Which other countries": countries besides the one the articles are about, which therefore does not answer it.
HOME = frozenset({"vietnam", "viet nam"})
_OTHER_PLACES = re.compile(
    r"\b(which|what|any) other ([\w-]+ ){0,3}(countries|country|nations|economies)\b|\bnuoc (nao )?khac\b"
    r"|\bcac nuoc (nao )?khac\b"
)


CHOICE = re.compile(r"\b(\w+)\s+(?:or|hay|hoac)\s+(\w+)\b")  # "germany or japan?", beside a place: one is the answer


def home(text: str) -> frozenset[str]:
    """The articles' own country, as a place the question already names, when it asks for other countries."""
    return HOME if _OTHER_PLACES.search(text) else frozenset()


# The day and month of a date written in figures ("6/5/2017", "5/2018", "tháng 5"): parts of a date, not figures.
_DATE_PARTS = re.compile(r"\b(\d{1,2})/(?:(\d{1,2})/)?(?:19|20)\d\d\b|\bthang (\d{1,2})\b")


# "Which 2 concepts", "what 3 things", "the 3 pillars": how many things the question asks for, not a figure the entry
# must hold; a figure has its unit after it ("the 2 trillion", "3 times", "30%").
_UNIT = (
    r"(?!(?:trillion|billion|million|thousand|bn|tn|k|percent|per|times?|x|usd|vnd|dollars?|ty|trieu|nghin|phan|lan"
    r"|nam|years?|places?|spots?|ranks?|th|st|nd|rd)\b)"
)
_COUNTED = at_words(
    rf"\b(?:which|what|wat|the|top|main|list|name|those|these|cac|nhung|may)\s+(\d{{1,2}})\s+{_UNIT}[a-z]"
    rf"|(?<![\d.,/])\b(\d{{1,2}})\s+{_UNIT}(?:[a-z&]+\s+){{1,2}}nao\b"  # "2 nhóm DN nào", "3 bên nào"
    # "3 tập đoàn lớn được nêu làm ví dụ là ai": firms, groups, sides counted before who or what they are
    r"|(?<![\d.,/])\b(\d{1,2})\s+(?:cong\s+ty|cty|tap\s+doan|doanh\s+nghiep|dn|nhom|ben|tru\s+cot|linh\s+vuc"
    r"|nganh)\b(?=.{0,60}\b(?:la\s+(?:ai|gi|j|nhung)|nao)\b)"
    # "3-4 bad side effects", "4-5 is enough": things counted; not "grew 6-7 in 2019"
    rf"|(?<![\d.,/])\b(\d)\s*-\s*(\d)\s+{_UNIT}(?:(?:[a-z]+\s+){{0,2}}[a-z]+s\b|(?:is|are|would be|will be)\s+enough\b)"
    r"|\b(?:like|around|about|maybe|tam|khoang)\s+(\d)\s*-\s*(\d)(?=\s*(?:$|[?!;)]))"  # "give me some, like 4-5"
)


# The length of the answer asked for: "in 1 sentence", "2 lines pls", "tóm tắt 3 câu"
_LENGTH = re.compile(r"\b(\d{1,2})\s+(?:sentences?|lines?|words?|paragraphs?|bullets?|points?|cau|dong|y)\b")


# The member's own clock, never a figure of the articles (none counts hours, days or weeks): "exam in 2 hrs", "due in
# 3 days", "con 2 tieng nua"
_CLOCK = at_words(
    r"\b(\d{1,3})\s*(?:hrs?|hours?|mins?|minutes?|days?|wks?|weeks?|tieng|phut|ngay|tuan)\b"
    # ... or its own work and week: "for slide 6", "page 3 of my notes", "câu hỏi 2", "thứ 6" (Friday; not "xếp thứ
    # 47", ranked 47th, nor "doanh thu 50 tỷ", revenue)
    r"|\b(?:slides?|page|pg|question|group|team|chapter|week|lesson|cau\s+hoi|trang)\s*#?\s*(\d{1,3})\b"
    r"|(?<!\bxep )(?<!\bdung )(?<!\bhang )(?<!\bdoanh )\bthu\s*([2-7])\b(?!\s*(?:\d|tren|trong|ve|o)\b)"
    r"(?![.,]\d)"
)


# "1" for "a" before a noun, as chat writes it: "của 1 DN sản xuất" (of a manufacturer), "for 1 company"; not "1
# trillion", "1 time", "1/4"
_ONE = re.compile(
    r"(?<![\d.,/#])\b(1)\s+(?!(?:trillion|billion|million|thousand|bn|tn|k|percent|per|times?|x|usd|vnd|dollars?"
    r"|ty|trieu|nghin|phan|lan|nam|years?|th|st|place|places|spot|spots|rank)\b)[a-z]"
)


def counted(text: str) -> frozenset[str]:
    """The numbers of ``text`` (as ``plain`` reads it) that count the things asked for ("which 2 concepts"), the
    length of the answer ("in 1 sentence"), stand for "a" ("của 1 DN") or tell the member's own time ("in 2 hrs")."""
    return frozenset(
        n for pattern in (_COUNTED, _LENGTH, _ONE, _CLOCK) for m in pattern.finditer(text) for n in m.groups() if n
    )


# An article cited by its number ("art 1", "article 002", "bài 3") or the articles counted ("all 4 articles"): no
# figure a member asks about.
_CITED = re.compile(
    r"\b(?:article|art|piece|paper|story|essay|reading|bai(?: bao| viet)?)s?\.?\s+(?:no\.?\s*|#|so\s+)?"
    r"((?:\d{1,3}\s*(?:,|and|&|or|va|hay)\s*)*\d{1,3})\b(?![.,]\d)(?!\s+(?:of|cua)\s)"
    r"|\b(\d)\s+(?:articles|readings|pieces|bai(?: bao| viet)?)\b"
)


def cited(text: str) -> frozenset[str]:
    """The numbers of ``text`` (as ``plain`` reads it) that cite an article or count the articles."""
    return frozenset(
        n for m in _CITED.finditer(text) for group in m.groups() if group for n in re.findall(r"\d+", group)
    )


# A policy's number is its name, not a figure: "resolution 57", "nq 57", "decree 13", "chỉ thị 16"
_RESOLUTION = r"(?:resolution|res|reso|nq|nghi quyet)"
_POLICY_NUMBER = re.compile(
    rf"\b(?:{_RESOLUTION}|decree|nghi dinh|directive|chi thi|decision|quyet dinh|circular"
    r"|thong tu)\s*(?:no\.?\s*|so\s+|#)?(\d{1,3})\b(?![.,]\d)"
)


def policy_numbers(text: str) -> frozenset[str]:
    """The numbers of ``text`` (as ``plain`` reads it) that name a policy ("resolution 57")."""
    return frozenset(m.group(1) for m in _POLICY_NUMBER.finditer(text))


# A policy's own date asked ("res 57 date?", "when was resolution 57 passed, 001 doesn't say", "nq57 ban hành ngày
# nào, bài ko ghi à"), not the date of an article about it: that is asked with a verb for publishing it, or an
# article word joined to the policy ("the res 57 article", "bài nq57", "bài về nq57")
_POLICY = _RESOLUTION + r"\s*\d{1,3}"
_ARTICLE_DATE = re.compile(
    r"\b(?:publish\w*|posted|written|wrote|c[ao]me out|byline|dang (?:bai|bao|ngay|luc|hoi|vao|khi|nam)|ngay dang"
    r"|xuat ban)\b"
    rf"|\b{_POLICY}(?:'s)?\s+(?:article|piece|paper|story|op-?ed)\b"
    rf"|\b(?:article|piece|paper|bai(?: viet| bao)?)\s+(?:(?:on|about|ve|of)\s+)?(?:the\s+)?{_POLICY}\b"
)


# ... or states it, most often as a guess ("res 57 came out in dec 2024 right?", "nq 57 ban hành năm 2024 hả"): a
# date of another thing (an article's byline) does not correct it
_MONTHS_SHORT = "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
_ISSUED_IN = re.compile(
    r"\b(?:came\s+out|come\s+out|was\s+(?:passed|issued|signed|released|adopted|approved|enacted)|ban\s+hanh|ra\s+doi)"
    rf"\s+(?:in\s+|on\s+|vao\s+|nam\s+|thang\s+\d+\s+(?:nam\s+)?)?(?:(?:{MONTH_NAMES}|{_MONTHS_SHORT})\.?\s+)?"
    r"(?:19|20)\d\d\b"
)

_AN_ARTICLE = re.compile(r"\b(?:articles?|pieces?|readings?|papers?|bai)\b")


def dated_policies(text: str, wants: frozenset[str]) -> frozenset[str]:
    """The numbers of the policies whose own date ``text`` (as ``plain`` reads it) asks for (``wants``: ``asks``)."""
    guessed = _ISSUED_IN.search(text) is not None and not _AN_ARTICLE.search(text)
    if ("date" not in wants and not guessed) or not (named := policy_numbers(text)):
        return frozenset()
    return frozenset() if _ARTICLE_DATE.search(text) and not guessed else named


def date_parts(text: str) -> frozenset[str]:
    """The numbers of ``text`` (as ``plain`` reads it) that are a date's day or month."""
    return frozenset(n for m in _DATE_PARTS.finditer(text) for n in m.groups() if n)


# What an article's byline (who wrote it, when and where it was published) may answer: a question naming a person,
# asking who, when or where, or of its writing, publishing or author; not "res 57 date"'s neighbours ("whats the full
# title of resolution 57", "what's a prerequisite for innovation per the feb 2025 article")
OF_AUTHOR = frozenset({"who", "identity", "date", "day", "issuer", "place"})
AUTHORISH = re.compile(
    r"\b(?:authors?|writers?|wr[io]te|writes|written|writing|byline|bio|biography|journalists?"
    r"|reporters?|publish\w*|post(?:ed|s)?|newspapers?|outlets?|tac gia|nguoi viet|ai viet|viet boi|nha bao"
    r"|phong vien|bao nao|dang (?:tren|bao|luc|ngay|hoi|vao)|who|by whom)\b"
)

# The specific details a question may ask for.
DETAIL = frozenset({"number", "date", "day", "issuer", "place", "who", "now", "later", "ahead", "topic", "origin"})
# ... and the event something happened at, which no word of the question names as the detail wanted ("in which
# forum was the theme announced": "announced" is what happened there)
# ... and, of an article or a person's words, where it was published and their exact words (``Engine``)
SAID_KINDS = DETAIL | {"event", "workplace", "publisher", "verbatim"}


# Chat spellings of question words, read as the words: "wat year", "wen was it", "hw many".
_CHAT = {"wat": "what", "wut": "what", "wht": "what", "wats": "whats", "wen": "when", "hw": "how", "wher": "where"}
_CHAT_WORD = re.compile(r"\b(" + "|".join(_CHAT) + r")\b")


_AI = re.compile(r"\bAI\b")  # "AI" in capitals is artificial intelligence, never Vietnamese "ai" (who)
AI_SPELLED, MEANT = "artificial intelligence", frozenset({"ai"})  # so its token is the technology's, not "who"


def plain(text: str) -> str:
    """``text`` as the question-reading patterns read it: bounded, folded, "AI" kept apart from "ai" (who)."""
    return fold(_AI.sub("artificial intelligence", text[:MAX_CHARS]))


def asks(text: str) -> frozenset[str]:
    """What kind of answer the question wants: a number, a date, an issuer, something current."""
    text = _CHAT_WORD.sub(lambda m: _CHAT[m.group(1)], plain(text))
    wants = set()
    if _HOW_MUCH.search(text) or any(not _WHAT_VI.search(c) for c in _CLAUSE.split(text) if _HOW_MANY_VI.search(c)):
        wants.add("number")
    if _WHEN.search(text):
        wants.add("date")
        if not _FUTURE.search(text):
            if _PAST.search(text):
                wants.add("past")
            if _EXACT_WHEN.search(text):
                wants.add("day")
    if _DAY.search(text):
        wants.update(("date", "day"))  # a day, not a year: "what date did the article come out"
    if _WHO_ISSUED.search(text):
        wants.add("issuer")
    if _WHERE.search(text):
        wants.add("place")
    if _EVENT.search(text):
        wants.add("event")
    if _CITY.search(text):
        wants.update(("place", "city"))  # a place within a country: a country named is not the answer
    if (venue := _VENUE.search(text)) and not (venue.group().startswith("venue") and CHECKS.search(text)):
        wants.update(("place", "venue"))  # not a city guessed as the venue: "summit venue was hanoi right"
    elif _CENTRE.search(text) and ("place" in wants or CHECKS.search(text)):
        wants.update(("place", "venue"))  # "tổ chức ở đâu trong HN, TT hội nghị quốc gia à?", "... trung tâm hội
        # nghị quốc gia hả": not "tt hội nghị" alone (chat "tt" is "thông tin"), nor its theme asked
    if _SPECIFICS.search(text):
        wants.add("specifics")
    if _WHO.search(unthings(text)):
        wants.add("who")
    if _ABOUT.search(text) or _FINDINGS.search(text):
        wants.add("topic")  # "what does resolution 57 say about robots": robots must be in the answer
    if NOW_OR_NEXT.search(text) or ("number" in wants and _NOW.search(text)):
        wants.add("now")  # "the current prime minister", "the next summit": articles from 2017-2025 cannot say
    if _AHEAD.search(text):
        wants.add("ahead")
    if _AFTERWARDS.search(text):
        wants.update(("now", "later"))  # what came of it: no entry says, even one that speaks of something current
    return frozenset(wants)


_NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())
    if i >= 2
}
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b")


def padded(number: str) -> bool:
    """A zero-padded number ("article 002"): a file's number, not an amount."""
    return len(number) > 1 and number.startswith("0") and number.isdigit()


def quantities(text: str) -> frozenset[str]:
    """Numbers that answer "how much / how many": not years (2017), days (6 May) or versions (4.0); "three
    barriers" gives 3."""
    text = _ISO_DATE.sub(" ", fold(text))
    text = _NUMBER_WORD.sub(lambda m: _NUMBER_WORDS[m.group(1)], text)
    out = set()
    for m in _NUMBER.finditer(text):
        raw, before = m.group(1), text[max(0, m.start() - 12) : m.start()]
        number = raw.replace(",", "")
        if "," not in raw and YEAR.match(number):
            continue
        if len(number) <= 2 and (_MONTH_NEAR.search(before) or _MONTH_AFTER.match(text[m.end() : m.end() + 20])):
            continue
        if before.rstrip().endswith(_NAMED_BY_NUMBER) or re.search(r"[a-z]-$", before):
            continue  # "Industry 4.0", "Resolution 57", "Covid-19": names, not amounts
        if padded(number):
            continue
        out.add(number)
    return frozenset(out)
