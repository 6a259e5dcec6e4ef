"""The question sets and how answers are scored against them, shared by `make eval`, `make bench` and the tests.

Every set was written blind, by a writer who read only the four articles and never saw the base, the bot or the
other sets, then labelled with the entries that answer each question. Each set's first score, taken once when it
was written, is in the README; after that a set may join the tuning pool. ``SETS`` lists them in the order written.
Answers are read through the one path, ``Service.respond``, as a message in a listed channel (not addressed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
EVAL_FILE = HERE / "eval_questions.yaml"
GAP = "(not in the base)"  # the expected id of an answerable question no entry answers


@dataclass(frozen=True)
class QuestionSet:
    name: str
    path: Path
    lang: str  # en or vi
    tuning: bool  # in the tuning pool; False: reported only


SETS: tuple[QuestionSet, ...] = (
    QuestionSet("eval", EVAL_FILE, "en", True),
    QuestionSet("second", HERE / "holdout_questions.yaml", "en", True),
    QuestionSet("third", HERE / "blind_questions.yaml", "en", True),
    QuestionSet("fourth", HERE / "final_blind_questions.yaml", "en", True),
    QuestionSet("a", HERE / "sets" / "a_english.yaml", "en", True),
    QuestionSet("v1", HERE / "sets" / "v1_vietnamese.yaml", "vi", True),
    QuestionSet("b", HERE / "sets" / "b_english.yaml", "en", True),
    QuestionSet("v2", HERE / "sets" / "v2_vietnamese.yaml", "vi", True),
    QuestionSet("c", HERE / "sets" / "c_english.yaml", "en", True),
    QuestionSet("d", HERE / "sets" / "d_english.yaml", "en", True),
    QuestionSet("v3", HERE / "sets" / "v3_vietnamese.yaml", "vi", True),
    QuestionSet("e", HERE / "sets" / "e_english.yaml", "en", True),
    QuestionSet("v4", HERE / "sets" / "v4_vietnamese.yaml", "vi", True),
    QuestionSet("f", HERE / "sets" / "f_english.yaml", "en", True),
    QuestionSet("v5", HERE / "sets" / "v5_vietnamese.yaml", "vi", True),
    QuestionSet("v6", HERE / "sets" / "v6_vietnamese.yaml", "vi", True),
    QuestionSet("g", HERE / "sets" / "g_english.yaml", "en", True),
    QuestionSet("v7", HERE / "sets" / "v7_vietnamese.yaml", "vi", True),
    QuestionSet("h", HERE / "sets" / "h_english.yaml", "en", True),
    QuestionSet("v8", HERE / "sets" / "v8_vietnamese.yaml", "vi", True),
    QuestionSet("i", HERE / "sets" / "i_english.yaml", "en", True),
    QuestionSet("v9", HERE / "sets" / "v9_vietnamese.yaml", "vi", True),
    QuestionSet("j", HERE / "sets" / "j_english.yaml", "en", True),
    QuestionSet("v10", HERE / "sets" / "v10_vietnamese.yaml", "vi", True),
    QuestionSet("k", HERE / "sets" / "k_english.yaml", "en", True),
    QuestionSet("v11", HERE / "sets" / "v11_vietnamese.yaml", "vi", True),
    QuestionSet("l", HERE / "sets" / "l_english.yaml", "en", True),
    QuestionSet("v12", HERE / "sets" / "v12_vietnamese.yaml", "vi", True),
    QuestionSet("m", HERE / "sets" / "m_english.yaml", "en", True),
    QuestionSet("n", HERE / "sets" / "n_english.yaml", "en", True),
    QuestionSet("v13", HERE / "sets" / "v13_vietnamese.yaml", "vi", True),
    QuestionSet("v14", HERE / "sets" / "v14_vietnamese.yaml", "vi", True),
    QuestionSet("o", HERE / "sets" / "o_english.yaml", "en", True),
    QuestionSet("v15", HERE / "sets" / "v15_vietnamese.yaml", "vi", True),
    QuestionSet("p", HERE / "sets" / "p_english.yaml", "en", True),
    QuestionSet("v16", HERE / "sets" / "v16_vietnamese.yaml", "vi", True),
    QuestionSet("q", HERE / "sets" / "q_english.yaml", "en", True),
    QuestionSet("v17", HERE / "sets" / "v17_vietnamese.yaml", "vi", True),
    QuestionSet("r", HERE / "sets" / "r_english.yaml", "en", True),
    QuestionSet("v18", HERE / "sets" / "v18_vietnamese.yaml", "vi", True),
    QuestionSet("s", HERE / "sets" / "s_english.yaml", "en", True),
    QuestionSet("v19", HERE / "sets" / "v19_vietnamese.yaml", "vi", True),
    QuestionSet("t", HERE / "sets" / "t_english.yaml", "en", True),
    QuestionSet("v20", HERE / "sets" / "v20_vietnamese.yaml", "vi", True),
    QuestionSet("u", HERE / "sets" / "u_english.yaml", "en", True),
    QuestionSet("v21", HERE / "sets" / "v21_vietnamese.yaml", "vi", True),
    QuestionSet("w", HERE / "sets" / "w_english.yaml", "en", True),
    QuestionSet("v22", HERE / "sets" / "v22_vietnamese.yaml", "vi", True),
    QuestionSet("x", HERE / "sets" / "x_english.yaml", "en", True),
    QuestionSet("v23", HERE / "sets" / "v23_vietnamese.yaml", "vi", True),
    QuestionSet("y", HERE / "sets" / "y_english.yaml", "en", True),
    QuestionSet("v24", HERE / "sets" / "v24_vietnamese.yaml", "vi", True),
    QuestionSet("z", HERE / "sets" / "z_english.yaml", "en", True),
    QuestionSet("aa", HERE / "sets" / "aa_english.yaml", "en", True),
    QuestionSet("v25", HERE / "sets" / "v25_vietnamese.yaml", "vi", True),
    QuestionSet("ab", HERE / "sets" / "ab_english.yaml", "en", True),
    QuestionSet("v26", HERE / "sets" / "v26_vietnamese.yaml", "vi", True),
    QuestionSet("ac", HERE / "sets" / "ac_english.yaml", "en", True),
    QuestionSet("ad", HERE / "sets" / "ad_english.yaml", "en", True),
    QuestionSet("v27", HERE / "sets" / "v27_vietnamese.yaml", "vi", True),
    QuestionSet("v28", HERE / "sets" / "v28_vietnamese.yaml", "vi", True),
    QuestionSet("ae", HERE / "sets" / "ae_english.yaml", "en", True),
    QuestionSet("af", HERE / "sets" / "af_english.yaml", "en", True),
    QuestionSet("v29", HERE / "sets" / "v29_vietnamese.yaml", "vi", True),
    QuestionSet("v30", HERE / "sets" / "v30_vietnamese.yaml", "vi", True),
    QuestionSet("ag", HERE / "sets" / "ag_english.yaml", "en", True),
    QuestionSet("ah", HERE / "sets" / "ah_english.yaml", "en", True),
    QuestionSet("v31", HERE / "sets" / "v31_vietnamese.yaml", "vi", True),
    QuestionSet("v32", HERE / "sets" / "v32_vietnamese.yaml", "vi", True),
    QuestionSet("ai", HERE / "sets" / "ai_english.yaml", "en", True),
    QuestionSet("aj", HERE / "sets" / "aj_english.yaml", "en", True),
    QuestionSet("v33", HERE / "sets" / "v33_vietnamese.yaml", "vi", True),
    QuestionSet("v34", HERE / "sets" / "v34_vietnamese.yaml", "vi", True),
    QuestionSet("ak", HERE / "sets" / "ak_english.yaml", "en", True),
    QuestionSet("al", HERE / "sets" / "al_english.yaml", "en", True),
    QuestionSet("v35", HERE / "sets" / "v35_vietnamese.yaml", "vi", True),
    QuestionSet("v36", HERE / "sets" / "v36_vietnamese.yaml", "vi", True),
    QuestionSet("am", HERE / "sets" / "am_english.yaml", "en", True),
    QuestionSet("an", HERE / "sets" / "an_english.yaml", "en", True),
    QuestionSet("v37", HERE / "sets" / "v37_vietnamese.yaml", "vi", True),
    QuestionSet("v38", HERE / "sets" / "v38_vietnamese.yaml", "vi", True),
    QuestionSet("v39", HERE / "sets" / "v39_vietnamese.yaml", "vi", True),
    QuestionSet("ao", HERE / "sets" / "ao_english.yaml", "en", True),
    QuestionSet("ap", HERE / "sets" / "ap_english.yaml", "en", True),
    QuestionSet("v40", HERE / "sets" / "v40_vietnamese.yaml", "vi", True),
    QuestionSet("v41", HERE / "sets" / "v41_vietnamese.yaml", "vi", True),
    QuestionSet("v42", HERE / "sets" / "v42_vietnamese.yaml", "vi", True),
    QuestionSet("aq", HERE / "sets" / "aq_english.yaml", "en", True),
    QuestionSet("ar", HERE / "sets" / "ar_english.yaml", "en", True),
    QuestionSet("as", HERE / "sets" / "as_english.yaml", "en", True),
    QuestionSet("at", HERE / "sets" / "at_english.yaml", "en", True),
    QuestionSet("v43", HERE / "sets" / "v43_vietnamese.yaml", "vi", True),
    QuestionSet("v44", HERE / "sets" / "v44_vietnamese.yaml", "vi", True),
    QuestionSet("au", HERE / "sets" / "au_english.yaml", "en", True),
    QuestionSet("av", HERE / "sets" / "av_english.yaml", "en", True),
    QuestionSet("v45", HERE / "sets" / "v45_vietnamese.yaml", "vi", True),
    QuestionSet("v46", HERE / "sets" / "v46_vietnamese.yaml", "vi", True),
    QuestionSet("aw", HERE / "sets" / "aw_english.yaml", "en", True),
    QuestionSet("ax", HERE / "sets" / "ax_english.yaml", "en", True),
    QuestionSet("v47", HERE / "sets" / "v47_vietnamese.yaml", "vi", True),
    QuestionSet("v48", HERE / "sets" / "v48_vietnamese.yaml", "vi", True),
    QuestionSet("ay", HERE / "sets" / "ay_english.yaml", "en", True),
    QuestionSet("v49", HERE / "sets" / "v49_vietnamese.yaml", "vi", True),
    QuestionSet("v50", HERE / "sets" / "v50_vietnamese.yaml", "vi", True),
    QuestionSet("az", HERE / "sets" / "az_english.yaml", "en", True),
    QuestionSet("bb", HERE / "sets" / "bb_english.yaml", "en", True),
    QuestionSet("v51", HERE / "sets" / "v51_vietnamese.yaml", "vi", True),
    QuestionSet("v52", HERE / "sets" / "v52_vietnamese.yaml", "vi", True),
    QuestionSet("ba", HERE / "sets" / "ba_english.yaml", "en", True),
    QuestionSet("bc", HERE / "sets" / "bc_english.yaml", "en", True),
    QuestionSet("bd", HERE / "sets" / "bd_english.yaml", "en", True),
    QuestionSet("v53", HERE / "sets" / "v53_vietnamese.yaml", "vi", True),
    QuestionSet("v54", HERE / "sets" / "v54_vietnamese.yaml", "vi", True),
    QuestionSet("be", HERE / "sets" / "be_english.yaml", "en", True),
    QuestionSet("bf", HERE / "sets" / "bf_english.yaml", "en", True),
    QuestionSet("v55", HERE / "sets" / "v55_vietnamese.yaml", "vi", True),
    QuestionSet("v56", HERE / "sets" / "v56_vietnamese.yaml", "vi", True),
    QuestionSet("bg", HERE / "sets" / "bg_english.yaml", "en", True),
    QuestionSet("bh", HERE / "sets" / "bh_english.yaml", "en", True),
    QuestionSet("v57", HERE / "sets" / "v57_vietnamese.yaml", "vi", True),
    QuestionSet("v58", HERE / "sets" / "v58_vietnamese.yaml", "vi", True),
    QuestionSet("bi", HERE / "sets" / "bi_english.yaml", "en", True),
    QuestionSet("bj", HERE / "sets" / "bj_english.yaml", "en", True),
    QuestionSet("v59", HERE / "sets" / "v59_vietnamese.yaml", "vi", True),
    QuestionSet("v60", HERE / "sets" / "v60_vietnamese.yaml", "vi", True),
    QuestionSet("bk", HERE / "sets" / "bk_english.yaml", "en", True),
    QuestionSet("bl", HERE / "sets" / "bl_english.yaml", "en", True),
    QuestionSet("v61", HERE / "sets" / "v61_vietnamese.yaml", "vi", True),
    QuestionSet("v62", HERE / "sets" / "v62_vietnamese.yaml", "vi", True),
    QuestionSet("bm", HERE / "sets" / "bm_english.yaml", "en", True),
    QuestionSet("bn", HERE / "sets" / "bn_english.yaml", "en", True),
    QuestionSet("v63", HERE / "sets" / "v63_vietnamese.yaml", "vi", True),
    QuestionSet("v64", HERE / "sets" / "v64_vietnamese.yaml", "vi", True),
    QuestionSet("bo", HERE / "sets" / "bo_english.yaml", "en", True),
    QuestionSet("bp", HERE / "sets" / "bp_english.yaml", "en", True),
    QuestionSet("v65", HERE / "sets" / "v65_vietnamese.yaml", "vi", True),
    QuestionSet("v66", HERE / "sets" / "v66_vietnamese.yaml", "vi", True),
    QuestionSet("bq", HERE / "sets" / "bq_english.yaml", "en", True),
    QuestionSet("br", HERE / "sets" / "br_english.yaml", "en", True),
    QuestionSet("v67", HERE / "sets" / "v67_vietnamese.yaml", "vi", True),
    QuestionSet("v68", HERE / "sets" / "v68_vietnamese.yaml", "vi", True),
    QuestionSet("bs", HERE / "sets" / "bs_english.yaml", "en", True),
    QuestionSet("bt", HERE / "sets" / "bt_english.yaml", "en", True),
    QuestionSet("v69", HERE / "sets" / "v69_vietnamese.yaml", "vi", True),
    QuestionSet("v70", HERE / "sets" / "v70_vietnamese.yaml", "vi", True),
    QuestionSet("bu", HERE / "sets" / "bu_english.yaml", "en", True),
    QuestionSet("bv", HERE / "sets" / "bv_english.yaml", "en", True),
    QuestionSet("v71", HERE / "sets" / "v71_vietnamese.yaml", "vi", True),
    QuestionSet("v72", HERE / "sets" / "v72_vietnamese.yaml", "vi", True),
    QuestionSet("v73", HERE / "sets" / "v73_vietnamese.yaml", "vi", True),
    QuestionSet("v74", HERE / "sets" / "v74_vietnamese.yaml", "vi", True),
    QuestionSet("bw", HERE / "sets" / "bw_english.yaml", "en", True),
    QuestionSet("bx", HERE / "sets" / "bx_english.yaml", "en", True),
    QuestionSet("bz", HERE / "sets" / "bz_english.yaml", "en", True),
    QuestionSet("v75", HERE / "sets" / "v75_vietnamese.yaml", "vi", True),
    QuestionSet("v76", HERE / "sets" / "v76_vietnamese.yaml", "vi", True),
    QuestionSet("by", HERE / "sets" / "by_english.yaml", "en", True),
    QuestionSet("v77", HERE / "sets" / "v77_vietnamese.yaml", "vi", True),
    QuestionSet("v78", HERE / "sets" / "v78_vietnamese.yaml", "vi", True),
    QuestionSet("ca", HERE / "sets" / "ca_english.yaml", "en", True),
    QuestionSet("cb", HERE / "sets" / "cb_english.yaml", "en", True),
    QuestionSet("v79", HERE / "sets" / "v79_vietnamese.yaml", "vi", True),
    QuestionSet("v80", HERE / "sets" / "v80_vietnamese.yaml", "vi", True),
    QuestionSet("cc", HERE / "sets" / "cc_english.yaml", "en", True),
    QuestionSet("cd", HERE / "sets" / "cd_english.yaml", "en", True),
    QuestionSet("v81", HERE / "sets" / "v81_vietnamese.yaml", "vi", True),
    QuestionSet("v82", HERE / "sets" / "v82_vietnamese.yaml", "vi", True),
    QuestionSet("ce", HERE / "sets" / "ce_english.yaml", "en", True),
    QuestionSet("cf", HERE / "sets" / "cf_english.yaml", "en", True),
    QuestionSet("v83", HERE / "sets" / "v83_vietnamese.yaml", "vi", True),
    QuestionSet("v84", HERE / "sets" / "v84_vietnamese.yaml", "vi", True),
    QuestionSet("cg", HERE / "sets" / "cg_english.yaml", "en", True),
    QuestionSet("ch", HERE / "sets" / "ch_english.yaml", "en", True),
    QuestionSet("v85", HERE / "sets" / "v85_vietnamese.yaml", "vi", True),
    QuestionSet("v86", HERE / "sets" / "v86_vietnamese.yaml", "vi", True),
    QuestionSet("cj", HERE / "sets" / "cj_english.yaml", "en", True),
    QuestionSet("ck", HERE / "sets" / "ck_english.yaml", "en", True),
    QuestionSet("v87", HERE / "sets" / "v87_vietnamese.yaml", "vi", True),
    QuestionSet("v88", HERE / "sets" / "v88_vietnamese.yaml", "vi", True),
    QuestionSet("cl", HERE / "sets" / "cl_english.yaml", "en", True),
    QuestionSet("cm", HERE / "sets" / "cm_english.yaml", "en", True),
    QuestionSet("v89", HERE / "sets" / "v89_vietnamese.yaml", "vi", True),
    QuestionSet("v90", HERE / "sets" / "v90_vietnamese.yaml", "vi", True),
    QuestionSet("cn", HERE / "sets" / "cn_english.yaml", "en", True),
    QuestionSet("co", HERE / "sets" / "co_english.yaml", "en", True),
    QuestionSet("cp", HERE / "sets" / "cp_english.yaml", "en", True),
    QuestionSet("cq", HERE / "sets" / "cq_english.yaml", "en", True),
    QuestionSet("v91", HERE / "sets" / "v91_vietnamese.yaml", "vi", True),
    QuestionSet("v92", HERE / "sets" / "v92_vietnamese.yaml", "vi", True),
    QuestionSet("cr", HERE / "sets" / "cr_english.yaml", "en", True),
    QuestionSet("cs", HERE / "sets" / "cs_english.yaml", "en", True),
    QuestionSet("v93", HERE / "sets" / "v93_vietnamese.yaml", "vi", True),
    QuestionSet("v94", HERE / "sets" / "v94_vietnamese.yaml", "vi", True),
    QuestionSet("ct", HERE / "sets" / "ct_english.yaml", "en", True),
    QuestionSet("cu", HERE / "sets" / "cu_english.yaml", "en", True),
    QuestionSet("v95", HERE / "sets" / "v95_vietnamese.yaml", "vi", True),
    QuestionSet("v96", HERE / "sets" / "v96_vietnamese.yaml", "vi", True),
    QuestionSet("cv", HERE / "sets" / "cv_english.yaml", "en", True),
    QuestionSet("cw", HERE / "sets" / "cw_english.yaml", "en", True),
    QuestionSet("v97", HERE / "sets" / "v97_vietnamese.yaml", "vi", True),
    QuestionSet("v98", HERE / "sets" / "v98_vietnamese.yaml", "vi", True),
    QuestionSet("v99", HERE / "sets" / "v99_vietnamese.yaml", "vi", True),
    QuestionSet("v100", HERE / "sets" / "v100_vietnamese.yaml", "vi", True),
    QuestionSet("cx", HERE / "sets" / "cx_english.yaml", "en", True),
    QuestionSet("cy", HERE / "sets" / "cy_english.yaml", "en", True),
    QuestionSet("cz", HERE / "sets" / "cz_english.yaml", "en", True),
    QuestionSet("da", HERE / "sets" / "da_english.yaml", "en", True),
    QuestionSet("v101", HERE / "sets" / "v101_vietnamese.yaml", "vi", True),
    QuestionSet("v102", HERE / "sets" / "v102_vietnamese.yaml", "vi", True),
    QuestionSet("db", HERE / "sets" / "db_english.yaml", "en", True),
    QuestionSet("dc", HERE / "sets" / "dc_english.yaml", "en", True),
    QuestionSet("v103", HERE / "sets" / "v103_vietnamese.yaml", "vi", True),
    QuestionSet("v104", HERE / "sets" / "v104_vietnamese.yaml", "vi", True),
    QuestionSet("dd", HERE / "sets" / "dd_english.yaml", "en", True),
    QuestionSet("de", HERE / "sets" / "de_english.yaml", "en", True),
    QuestionSet("v105", HERE / "sets" / "v105_vietnamese.yaml", "vi", True),
    QuestionSet("v106", HERE / "sets" / "v106_vietnamese.yaml", "vi", True),
    QuestionSet("dg", HERE / "sets" / "dg_english.yaml", "en", True),
    QuestionSet("v107", HERE / "sets" / "v107_vietnamese.yaml", "vi", True),
    QuestionSet("v108", HERE / "sets" / "v108_vietnamese.yaml", "vi", True),
    QuestionSet("df", HERE / "sets" / "df_english.yaml", "en", True),
    QuestionSet("dh", HERE / "sets" / "dh_english.yaml", "en", True),
    QuestionSet("di", HERE / "sets" / "di_english.yaml", "en", True),
    QuestionSet("v109", HERE / "sets" / "v109_vietnamese.yaml", "vi", True),
    QuestionSet("v110", HERE / "sets" / "v110_vietnamese.yaml", "vi", True),
    QuestionSet("dj", HERE / "sets" / "dj_english.yaml", "en", True),
    QuestionSet("dk", HERE / "sets" / "dk_english.yaml", "en", True),
    QuestionSet("v111", HERE / "sets" / "v111_vietnamese.yaml", "vi", True),
    QuestionSet("v112", HERE / "sets" / "v112_vietnamese.yaml", "vi", True),
    QuestionSet("dl", HERE / "sets" / "dl_english.yaml", "en", True),
    QuestionSet("dm", HERE / "sets" / "dm_english.yaml", "en", True),
    QuestionSet("v113", HERE / "sets" / "v113_vietnamese.yaml", "vi", True),
    QuestionSet("v114", HERE / "sets" / "v114_vietnamese.yaml", "vi", True),
    QuestionSet("dn", HERE / "sets" / "dn_english.yaml", "en", True),
    QuestionSet("do", HERE / "sets" / "do_english.yaml", "en", True),
    QuestionSet("v115", HERE / "sets" / "v115_vietnamese.yaml", "vi", True),
    QuestionSet("v116", HERE / "sets" / "v116_vietnamese.yaml", "vi", True),
    QuestionSet("dp", HERE / "sets" / "dp_english.yaml", "en", True),
    QuestionSet("dq", HERE / "sets" / "dq_english.yaml", "en", True),
    QuestionSet("v117", HERE / "sets" / "v117_vietnamese.yaml", "vi", True),
    QuestionSet("v118", HERE / "sets" / "v118_vietnamese.yaml", "vi", True),
    QuestionSet("dr", HERE / "sets" / "dr_english.yaml", "en", True),
    QuestionSet("ds", HERE / "sets" / "ds_english.yaml", "en", True),
    QuestionSet("v119", HERE / "sets" / "v119_vietnamese.yaml", "vi", True),
    QuestionSet("v120", HERE / "sets" / "v120_vietnamese.yaml", "vi", True),
    QuestionSet("dt", HERE / "sets" / "dt_english.yaml", "en", True),
    QuestionSet("du", HERE / "sets" / "du_english.yaml", "en", True),
    QuestionSet("v121", HERE / "sets" / "v121_vietnamese.yaml", "vi", True),
    QuestionSet("v122", HERE / "sets" / "v122_vietnamese.yaml", "vi", True),
    QuestionSet("dv", HERE / "sets" / "dv_english.yaml", "en", True),
    QuestionSet("dw", HERE / "sets" / "dw_english.yaml", "en", True),
    QuestionSet("v123", HERE / "sets" / "v123_vietnamese.yaml", "vi", True),
    QuestionSet("v124", HERE / "sets" / "v124_vietnamese.yaml", "vi", True),
    QuestionSet("dx", HERE / "sets" / "dx_english.yaml", "en", False),
    QuestionSet("dy", HERE / "sets" / "dy_english.yaml", "en", False),
    QuestionSet("v125", HERE / "sets" / "v125_vietnamese.yaml", "vi", False),
    QuestionSet("v126", HERE / "sets" / "v126_vietnamese.yaml", "vi", False),
)


_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Question:
    q: str
    expect: frozenset[str]  # ids that answer it; empty: the bot must stay silent
    kind: str = ""  # answerable, missing-detail, chatter, off-topic (the newer sets say)

    @property
    def answerable(self) -> bool:
        return bool(self.expect)


def load_questions(path: Path = EVAL_FILE) -> list[Question]:
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=_FAST)  # libyaml: ten times faster over the whole pool
    except yaml.YAMLError:  # it refuses an escaped surrogate pair ("\ud83d\udcc8") that PyYAML reads
        data = yaml.safe_load(text)
    out = []
    for item in data["questions"]:
        expect = frozenset(item.get("expect") or ())
        if item.get("gap"):
            expect = frozenset({GAP})  # answerable, but by nothing in the base: always a miss
        kind = str(item.get("kind") or ("answerable" if expect else ""))
        out.append(Question(str(item["q"]), expect, kind))
    return out


def halves(questions: list[Question]) -> tuple[list[Question], list[Question]]:
    """Tune on one half, report on the other: alternate items, so both halves have the same mix."""
    return questions[0::2], questions[1::2]


@dataclass(frozen=True)
class Score:
    answerable: int
    right: int  # answered with an expected entry
    wrong: int  # answered with another entry
    unanswerable: int
    abstained: int  # stayed silent where it should
    one_click: int = 0  # right, or silent with a first suggestion that is right

    @property
    def right_rate(self) -> float:
        return self.right / self.answerable if self.answerable else 0.0

    @property
    def wrong_rate(self) -> float:
        return self.wrong / self.answerable if self.answerable else 0.0

    @property
    def abstain_rate(self) -> float:
        return self.abstained / self.unanswerable if self.unanswerable else 0.0

    @property
    def one_click_rate(self) -> float:
        return self.one_click / self.answerable if self.answerable else 0.0

    @property
    def balanced(self) -> float:
        """The figure settings are chosen on: the worse of the two rates, then their sum, less wrong answers."""
        worst = min(self.right_rate, self.abstain_rate)
        return worst + 0.01 * (self.right_rate + self.abstain_rate) - 0.5 * self.wrong_rate

    def __str__(self) -> str:
        return (
            f"right {self.right}/{self.answerable} ({self.right_rate:.1%}), "
            f"wrong {self.wrong} ({self.wrong_rate:.1%}), "
            f"one click {self.one_click_rate:.1%}; "
            f"abstained {self.abstained}/{self.unanswerable} ({self.abstain_rate:.1%})"
        )


Answer = Callable[[str], str | None]


def score(questions: Iterable[Question], answer: Answer, first_offer: Answer | None = None) -> Score:
    """``answer`` maps a question to the id it answers with, or None for silence; ``first_offer`` to the entry of
    the first suggestion when the bot is asked directly (for "right within one click")."""
    answerable = right = wrong = unanswerable = abstained = one_click = 0
    for item in questions:
        got = answer(item.q)
        if item.answerable:
            answerable += 1
            right += got in item.expect
            wrong += got is not None and got not in item.expect
            one_click += got in item.expect or (
                got is None and first_offer is not None and first_offer(item.q) in item.expect
            )
        else:
            unanswerable += 1
            abstained += got is None
    return Score(answerable, right, wrong, unanswerable, abstained, one_click)


def answerers(service: object) -> tuple[Answer, Answer]:
    """(answer, first offer) through ``Service.respond``: a channel message, and the same asked directly."""
    from handlers.service import Service

    assert isinstance(service, Service)

    def answer(text: str) -> str | None:
        reply = service.respond(text, addressed=False).reply
        return reply.entry_id if reply is not None and reply.answered else None

    def first_offer(text: str) -> str | None:
        reply = service.respond(text, addressed=True).reply
        if reply is None or not reply.suggestions:
            return None
        return reply.suggestions[0].entry_id

    return answer, first_offer
