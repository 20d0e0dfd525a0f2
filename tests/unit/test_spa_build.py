"""`skriptoteket up` rebuilds the SPA only when its sources are newer than the build."""

from __future__ import annotations

import os
from pathlib import Path

from skriptoteket.entrypoints.cli import spa_build_needed
from skriptoteket.web.spa import resolve_spa_file


def _touch(path: Path, mtime: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x", encoding="utf-8")
    os.utime(path, (mtime, mtime))


def test_a_missing_build_is_needed(tmp_path: Path) -> None:
    _touch(tmp_path / "frontend" / "src" / "main.ts", 100)
    assert spa_build_needed(tmp_path / "frontend", tmp_path / "frontend" / "dist")


def test_a_build_newer_than_every_source_is_kept(tmp_path: Path) -> None:
    frontend = tmp_path / "frontend"
    _touch(frontend / "src" / "views" / "CatalogView.vue", 100)
    _touch(frontend / "package-lock.json", 100)
    _touch(frontend / "dist" / "index.html", 200)
    assert not spa_build_needed(frontend, frontend / "dist")


def test_an_edited_source_makes_the_build_stale(tmp_path: Path) -> None:
    frontend = tmp_path / "frontend"
    _touch(frontend / "dist" / "index.html", 200)
    _touch(frontend / "src" / "views" / "CatalogView.vue", 300)
    assert spa_build_needed(frontend, frontend / "dist")


def test_spa_files_resolve_only_inside_the_build(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    _touch(dist / "assets" / "a.js", 1)
    _touch(tmp_path / "secret.txt", 1)
    assert resolve_spa_file(dist.resolve(), "assets/a.js") == (dist / "assets" / "a.js").resolve()
    assert resolve_spa_file(dist.resolve(), "../secret.txt") is None
    assert resolve_spa_file(dist.resolve(), "assets") is None
    assert resolve_spa_file(dist.resolve(), "") is None
