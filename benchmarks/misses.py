"""Diagnostic: every miss on the whole evaluation set, with the top hits and their signals."""

from benchmarks.evalset import load_questions
from config import load_settings
from handlers.engine import Engine
from knowledge import load_knowledge

s = load_settings(env={})
e = Engine(load_knowledge(), s.matching)
for q in load_questions():
    r = e.handle(q.q, addressed=False)
    got = r.entry_id if r else None
    ok = (got in q.expect) if q.expect else got is None
    if ok:
        continue
    hits = e.matcher.search(q.q, 3)
    tag = "ABST" if not q.expect else ("WRONG" if got else "MISS")
    print(f"{tag:5} {q.q!r} exp={sorted(q.expect)[:2]} got={got}")
    for h in hits:
        print(f"        {h.entry.id[:40]:40} s={h.score:.2f} cov={h.coverage:.2f} fit={h.fit:.2f} info={h.info:.1f}")
