"""Write a synthetic catalog of N resources in the normal catalog layout.

A layered DAG over 20 topic files: topic k holds layer k. Each resource has about 3 hard
prerequisites in earlier layers, one soft edge, and every tenth resource an "any one of" group,
so a goal of the last topic pulls in most of the catalog. Deterministic for a given N.
Past 8 MiB of requirements (about 120,000 resources) they are split over the files of a
``prerequisites/`` folder, as a catalog author would split them to stay under the 16 MiB a
file may have; ``prerequisites.yaml`` then keeps the topic order.

    python benchmarks/generate.py 10000 /tmp/catalog-10k
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

TOPICS = 20
LEVELS = ("beginner", "intermediate", "advanced")
SPLIT_BYTES = 8 * 2**20


def generate(n: int, folder: Path, seed: int = 7, split_bytes: int = SPLIT_BYTES) -> None:
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
    order = f"topic_order: [{', '.join(f'topic-{t:02d}' for t in range(TOPICS))}]\n"
    if sum(len(entry) for entry in requires) <= split_bytes:
        (folder / "prerequisites.yaml").write_text(order + "requires:\n" + "".join(requires))
        return
    (folder / "prerequisites.yaml").write_text(order)
    (folder / "prerequisites").mkdir(exist_ok=True)
    chunks: list[list[str]] = [[]]
    size = 0
    for entry in requires:
        if size + len(entry) > split_bytes and chunks[-1]:
            chunks.append([])
            size = 0
        chunks[-1].append(entry)
        size += len(entry)
    for number, chunk in enumerate(chunks):
        path = folder / "prerequisites" / f"part-{number:02d}.yaml"
        path.write_text("requires:\n" + "".join(chunk))


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
