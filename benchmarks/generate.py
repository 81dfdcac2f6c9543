"""Write a synthetic catalog of N resources in the normal catalog layout.

A layered DAG over 20 topic files: topic k holds layer k. Each resource has about 3 hard
prerequisites in earlier layers, one soft edge, and every tenth resource an "any one of" group,
so a goal of the last topic pulls in most of the catalog. Deterministic for a given N.

    python benchmarks/generate.py 10000 /tmp/catalog-10k
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

TOPICS = 20
LEVELS = ("beginner", "intermediate", "advanced")


def generate(n: int, folder: Path, seed: int = 7) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    per_topic = max(1, n // TOPICS)
    layers: list[list[str]] = []
    index = 0
    for t in range(TOPICS):
        count = per_topic if t < TOPICS - 1 else n - per_topic * (TOPICS - 1)
        layers.append([f"r{index + i:06d}" for i in range(count)])
        index += count
    requires: list[str] = []
    for t, layer in enumerate(layers):
        lines = [
            f"topic:\n  id: topic-{t:02d}\n  title: Synthetic topic {t}\n"
            f"  description: Layer {t} of a generated catalog.\nresources:\n"
        ]
        earlier = [rid for previous in layers[max(0, t - 3) : t] for rid in previous]
        for rid in layer:
            level = LEVELS[min(2, t * 3 // TOPICS)]
            lines.append(
                f"  - id: {rid}\n    title: Resource {rid} on topic {t}\n"
                f"    url: https://example.org/{t}/{rid}\n    kind: blog\n"
                f"    authors: [Author {rid[-3:]}]\n    year: 2024\n    level: {level}\n"
                f"    minutes: {10 + rng.randrange(50)}\n"
                f"    summary: A generated resource that teaches concept {rid}.\n"
                f"    concepts: [concept {rid}, topic {t}]\n"
            )
            if earlier:
                hard = rng.sample(earlier, min(3, len(earlier)))
                entry = f"  {rid}:\n    hard: [{', '.join(hard)}]\n"
                soft = rng.choice(earlier)
                if soft not in hard:
                    entry += f"    soft: [{soft}]\n"
                if int(rid[1:]) % 10 == 0 and len(earlier) > 8:
                    group = [e for e in rng.sample(earlier, 5) if e not in hard][:2]
                    entry += f"    one_of:\n      - ids: [{', '.join(group)}]\n"
                requires.append(entry)
        (folder / f"topic-{t:02d}.yaml").write_text("".join(lines))
    order = ", ".join(f"topic-{t:02d}" for t in range(TOPICS))
    (folder / "prerequisites.yaml").write_text(
        f"topic_order: [{order}]\nrequires:\n" + "".join(requires)
    )


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
