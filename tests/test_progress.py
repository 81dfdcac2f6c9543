"""Progress tracking through the CLI: the README flow, errors that change nothing, aliases,
catalog changes, and the file format."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from conftest import resource_yaml, topic_file


@pytest.fixture
def progress_file() -> Path:
    return Path(os.environ["PATHFINDER_PROGRESS"])


def test_status_before_anything_says_where_the_file_is(cli, progress_file: Path) -> None:
    result = cli("status")
    assert result.exit_code == 0, result.output
    assert f"Progress file: {progress_file} (not created yet)" in result.output
    assert not progress_file.exists()


def test_the_readme_flow(cli, progress_file: Path, tmp_path: Path) -> None:
    result = cli("start", "--goal", "inference", "--level", "beginner", "--hours-per-week", "6")
    assert result.exit_code == 0, result.output
    assert "Saved your plan for inference: 15 resources, 11h45" in result.output

    result = cli("done", "transformer-inference-arithmetic", "continuous-batching-anyscale")
    assert result.exit_code == 0, result.output
    assert cli("reading", "eli5-flash-attention").exit_code == 0
    assert cli("note", "eli5-flash-attention", "re-read the tiling part").exit_code == 0

    result = cli("next")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Keep reading: ELI5: FlashAttention\n")
    assert "Finishing it unlocks: flash-decoding" in result.output

    result = cli("status", "--today", "2026-11-30")
    assert result.exit_code == 0, result.output
    assert "2/15 finished" in result.output
    assert "1h10 of 11h45" in result.output
    assert "Reading now:\n  - eli5-flash-attention: ELI5: FlashAttention" in result.output
    assert "Left: 10h35 at 6 hours a week, finishing around 2026-12-10." in result.output

    result = cli("plan", "--goal", "inference")
    assert "  1  [x] Transformer Inference Arithmetic" in result.output
    assert "  2  [x] How continuous batching" in result.output
    assert " 10  [~] ELI5: FlashAttention" in result.output

    checklist = tmp_path / "plan.md"
    assert cli("export", "--output", str(checklist)).exit_code == 0
    text = checklist.read_text()
    assert "- [x] 1. [Transformer Inference Arithmetic]" in text
    assert "  > Note: re-read the tiling part\n" in text
    ticked = text.replace("- [ ] 10. [ELI5: FlashAttention]", "- [x] 10. [ELI5: FlashAttention]")
    first_principles = "3. [Continuous batching from first principles]"
    ticked = ticked.replace(f"- [ ] {first_principles}", f"- [X] {first_principles}")
    assert ticked.count("- [x] ") + ticked.count("- [X] ") == 4
    checklist.write_text(ticked)
    result = cli("import", str(checklist))
    assert result.exit_code == 0, result.output
    assert f"4 ticked in {checklist}; 2 newly marked done." in result.output
    data = yaml.safe_load(progress_file.read_text())
    assert data["resources"]["eli5-flash-attention"]["status"] == "done"
    assert data["resources"]["eli5-flash-attention"]["note"] == "re-read the tiling part"
    assert data["resources"]["continuous-batching-first-principles"]["status"] == "done"


def test_unknown_id_changes_nothing_and_names_the_closest(cli, progress_file: Path) -> None:
    assert cli("start", "-g", "inference").exit_code == 0
    assert cli("done", "paged-attention").exit_code == 0
    before = progress_file.read_bytes()
    result = cli("done", "mooncake", "paged-atention")
    assert result.exit_code == 2
    assert (
        result.stderr == "error: unknown resource 'paged-atention'; did you mean paged-attention?\n"
    )
    assert progress_file.read_bytes() == before


def test_done_before_prerequisites_is_allowed_but_said(cli) -> None:
    result = cli("done", "mooncake")
    assert result.exit_code == 0
    # paged-attention became a soft prerequisite of mooncake: only hard ones are named
    assert (
        result.stderr == "note: mooncake is marked done before its prerequisite distserve-goodput\n"
    )


def test_prerequisites_assumed_known_by_the_plan_do_not_warn(cli) -> None:
    assert cli("start", "-g", "inference", "-l", "advanced").exit_code == 0
    result = cli("done", "mooncake")
    assert result.exit_code == 0 and result.stderr == ""


def test_reset_and_skip(cli, progress_file: Path) -> None:
    cli("done", "paged-attention")
    cli("note", "paged-attention", "great")
    cli("reset", "paged-attention")
    cli("skip", "mooncake")
    data = yaml.safe_load(progress_file.read_text())
    assert data["resources"]["paged-attention"] == {
        "status": "todo",
        "changed": data["resources"]["paged-attention"]["changed"],
        "note": "great",
    }
    assert data["resources"]["mooncake"]["status"] == "skipped"


def test_progress_is_shared_by_every_plan(cli) -> None:
    cli("done", "gpu-computing-for-developers")
    cli("start", "-g", "kernels")
    result = cli("status")
    assert "1/21 finished" in result.output


def test_pace_scales_hours_and_is_saved(cli) -> None:
    cli("start", "-g", "mooncake", "--pace", "2", "--hours-per-week", "5")
    result = cli("status", "--today", "2026-11-30")
    assert "0m of 5h" in result.output  # 2.5 h at pace 2
    assert "Times are at your pace: 2 times the estimates (--pace)." in result.output
    result = cli("status", "--pace", "1", "--today", "2026-11-30")
    assert "0m of 2h30" in result.output


def test_renamed_resource_keeps_its_progress(cli, write_catalog, progress_file: Path) -> None:
    folder = write_catalog({"extra.yaml": topic_file("extra", resource_yaml("alpha"))})
    assert cli("start", "-g", "extra", "--catalog", str(folder)).exit_code == 0
    assert cli("done", "alpha").exit_code == 0
    renamed = topic_file("extra", resource_yaml("alpha-two", aliases="[alpha]"))
    (folder / "extra.yaml").write_text(renamed)
    result = cli("status")
    assert "1/1 finished" in result.output, result.output
    assert "no longer in the catalog" not in result.output
    assert "The catalog changed" not in result.output
    assert cli("next").output.startswith("Nothing left to read in this plan: it is complete.\n")
    assert cli("note", "alpha-two", "moved").exit_code == 0  # the entry moves to the new id
    data = yaml.safe_load(progress_file.read_text())["resources"]
    assert "alpha" not in data and data["alpha-two"] == {**data["alpha-two"], "status": "done"}


def test_catalog_change_since_saved_and_unknown_ids_are_reported(
    cli, write_catalog, progress_file: Path
) -> None:
    folder = write_catalog(
        {"extra.yaml": topic_file("extra", resource_yaml("alpha"), resource_yaml("beta"))}
    )
    assert cli("start", "-g", "extra", "--catalog", str(folder)).exit_code == 0
    cli("done", "alpha")
    (folder / "extra.yaml").write_text(
        topic_file("extra", resource_yaml("beta"), resource_yaml("gamma"))
    )
    result = cli("status")
    assert result.exit_code == 0, result.output
    assert "new in the plan: gamma" in result.output
    assert "left the plan: alpha" in result.output
    assert "no longer in the catalog: alpha" in result.output
    cli("done", "beta")
    data = yaml.safe_load(progress_file.read_text())
    assert data["resources"]["alpha"]["status"] == "done", "unknown ids are kept"


def test_progress_file_path_from_option(cli, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "mine.yaml"
    assert cli("done", "paged-attention", "--progress", str(other)).exit_code == 0
    assert yaml.safe_load(other.read_text())["resources"]["paged-attention"]["status"] == "done"


def test_next_and_status_without_a_plan_explain_what_to_do(cli) -> None:
    result = cli("next")
    assert result.exit_code == 2
    assert (
        "no saved plan yet; save one with: pathfinder start --goal GOAL --level LEVEL"
        in result.stderr
    )


def test_export_paths_errors(cli, tmp_path: Path) -> None:
    cli("start", "-g", "mooncake")
    result = cli("export", "-o", str(tmp_path / "missing" / "x.md"))
    assert result.exit_code == 2 and "does not exist" in result.stderr
    result = cli("export", "-o", str(tmp_path))
    assert result.exit_code == 2 and "is a folder" in result.stderr


def test_a_linked_progress_file_is_followed_and_the_link_kept(cli, tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "progress.yaml"
    real.parent.mkdir()
    assert cli("done", "paged-attention", "--progress", str(real)).exit_code == 0
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    assert cli("done", "mooncake", "--progress", str(link)).exit_code == 0
    assert link.is_symlink(), "the learner's link is kept"
    done = yaml.safe_load(real.read_text())["resources"]
    assert sorted(done) == ["mooncake", "paged-attention"]


def test_status_without_a_plan_counts_marks_and_lists_unknown_ids(cli, progress_file: Path) -> None:
    cli("done", "paged-attention", "mooncake")
    cli("reading", "flash-attention-5090")
    text = progress_file.read_text().replace("mooncake:", "gone-resource:")
    progress_file.write_text(text)
    result = cli("status")
    assert result.exit_code == 0, result.output
    assert "Marked so far: 1 reading, 2 done." in result.stdout
    assert "no longer in the catalog: gone-resource" in result.stdout


def test_a_saved_goal_the_catalog_lost_is_located_in_the_progress_file(
    cli, progress_file: Path
) -> None:
    assert cli("start", "-g", "mooncake").exit_code == 0
    progress_file.write_text(progress_file.read_text().replace("- mooncake", "- moonkake"))
    result = cli("status")
    assert result.exit_code == 2
    assert (
        f"error: saved plan 'default' in {progress_file}: unknown goal 'moonkake'" in result.stderr
    )


def test_plan_save_with_output_onto_the_progress_file_writes_nothing(
    cli, progress_file: Path
) -> None:
    result = cli("plan", "-g", "mooncake", "--save", "-f", "json", "-o", str(progress_file))
    assert result.exit_code == 2
    assert not progress_file.exists()


def test_start_says_which_saved_plan_it_replaces(cli, progress_file: Path) -> None:
    first = cli("start", "-g", "mooncake")
    assert first.exit_code == 0 and "replaces" not in first.output
    assert cli("done", "distserve-goodput").exit_code == 0
    result = cli("start", "-g", "kernels")
    assert result.exit_code == 0, result.output
    assert "It replaces your plan for mooncake (saved 20" in result.output
    assert "what you marked is kept" in result.output
    assert "distserve-goodput" in progress_file.read_text()
