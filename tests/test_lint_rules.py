"""``check`` rules added for plan quality: each flagged case and its boundary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import resource_yaml, topic_file


def _catalog(write_catalog: Callable[..., Path], paper_minutes: int, post_minutes: int) -> Path:
    """post (topic kernels) hard-requires paper (topic inference), which needs primer."""
    files = {
        "inference.yaml": topic_file(
            "serving",
            resource_yaml("primer", minutes=30),
            resource_yaml("paper", level="intermediate", minutes=paper_minutes),
        ),
        "kernels.yaml": topic_file(
            "gpukernels", resource_yaml("post", level="advanced", minutes=post_minutes)
        ),
        "prerequisites.yaml": (
            "requires:\n  paper:\n    hard: [primer]\n  post:\n    hard: [paper]\n"
        ),
    }
    return write_catalog(files)


def test_a_heavy_hard_edge_across_topics_is_a_warning(cli, write_catalog) -> None:
    folder = _catalog(write_catalog, paper_minutes=100, post_minutes=35)
    result = cli("check", "--catalog", str(folder))
    assert result.exit_code == 0, result.output
    assert (
        "warning: post: heavy hard edge: 'paper' pulls at least 130 minutes of serving into every plan "
        "for this 35-minute resource; make it soft unless a reader who skipped it is truly lost"
    ) in result.stdout
    assert cli("check", "--strict", "--catalog", str(folder)).exit_code == 1


def test_a_light_or_proportionate_hard_edge_is_not_flagged(cli, write_catalog) -> None:
    light = _catalog(write_catalog, paper_minutes=80, post_minutes=35)  # 110 minutes pulled
    assert "heavy hard edge" not in cli("check", "--catalog", str(light)).stdout
    long_post = _catalog(write_catalog, paper_minutes=100, post_minutes=50)  # 130 < 3 x 50
    assert "heavy hard edge" not in cli("check", "--catalog", str(long_post)).stdout
