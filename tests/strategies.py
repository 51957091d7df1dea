"""Hypothesis strategies for what people type: anything at all, and text made of the characters
the parsers care about, so that the interesting shapes come up often."""

from __future__ import annotations

from hypothesis import strategies as st

from bot.status.quick_form import HEALTHS

ANY_TEXT = st.text(max_size=300)
MARKUP = st.lists(
    st.sampled_from(list("<>&;!@#|:%-+., abcUCW019\n\t") + ["&amp;", "&lt;", "<!channel>"]),
    max_size=60,
).map("".join)
TEXTS = ANY_TEXT | MARKUP
WORDS = st.sampled_from(
    [*HEALTHS, "ontrack", "internal", "INTERNAL", "50%", "100%", "101%", "next:", "blocked:"]
    + ["high", "low", "medium", "Low:", "urgent", "praise", ";", "x", "Login"]
)
PHRASES = st.lists(WORDS | st.text(min_size=1, max_size=8), max_size=8).map(" ".join)
# What a Chinese team types, alone or mixed with English words, full-width signs included.
CHINESE_TEXT = st.text(
    alphabet=st.sampled_from(
        list("高中低内部风险供应商交付延迟接口的了：；，、。 \u3000天万元¥￥")
    ),
    max_size=40,
)
MIXED_TEXT = (
    CHINESE_TEXT
    | st.text(max_size=40)
    | st.lists(
        st.sampled_from(["高", "内部", "high", "internal", "：", "；", "3天", "1.5万", "元", "x"]),
        max_size=6,
    ).map(" ".join)
)
