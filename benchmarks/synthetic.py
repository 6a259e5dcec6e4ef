"""`python -m benchmarks.synthetic N DIR`: a valid knowledge folder of N synthetic facts, for the real loader.

The facts are the bench's (``benchmarks.bench.synthetic_entries``): the shipped base's words plus made-up ones,
with Zipf-like frequencies. The folder also gets the shipped sources, synonyms and lexicon, so it loads with
``load_knowledge(DIR)`` and the bot runs on it with ``KNOWLEDGE_DIR=DIR``.

A knowledge file may hold at most 5 MB and 250,000 values (``knowledge.loader.Limits``): about 10,000 of these
facts. Past that the folder is still valid YAML to the schema, but the loader needs larger limits
(``load_knowledge(DIR, limits=benchmarks.synthetic.LIMITS)``, as ``make bench`` does).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import yaml

from knowledge.loader import DEFAULT_FOLDER, Limits

# Large enough for the bench's biggest base (100,000 facts: about 45 MB and 1.6 million values in facts.yaml).
LIMITS = Limits(max_bytes=512 * 2**20, max_nodes=50_000_000)
COPIED = ("synonyms.yaml", "lexicon.yaml")
# What a source links to among the shipped entries (its overview, author, opening, conclusion, paragraphs): no
# synthetic fact has those ids, so the synthetic folder's sources link to none
LINKS = ("overview", "author_entry", "opening", "conclusion", "first_paragraphs", "last_paragraphs")


def write(n: int, folder: Path, seed: int = 7) -> Path:
    """Write ``n`` synthetic facts (and the shipped sources, synonyms and lexicon) into ``folder``."""
    from benchmarks.bench import synthetic_entries

    folder.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        shutil.copyfile(DEFAULT_FOLDER / name, folder / name)
    shipped = yaml.safe_load((DEFAULT_FOLDER / "sources.yaml").read_text(encoding="utf-8"))
    sources = [{k: v for k, v in source.items() if k not in LINKS} for source in shipped["sources"]]
    (folder / "sources.yaml").write_text(
        yaml.safe_dump({"sources": sources}, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8"
    )
    facts = [
        entry.model_dump(mode="json", exclude_defaults=True)  # type: ignore[attr-defined]
        for _, entry in synthetic_entries(n, seed)
    ]
    with (folder / "facts.yaml").open("w", encoding="utf-8") as out:
        yaml.dump({"facts": facts}, out, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False,
                  allow_unicode=True, width=1000)  # fmt: skip
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="how many facts")
    parser.add_argument("folder", type=Path, help="where to write the knowledge folder")
    args = parser.parse_args(argv)
    write(args.n, args.folder)
    print(f"Wrote {args.n:,} facts to {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
