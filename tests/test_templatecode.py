"""The theme's templates compile once per process, and again only when their source or the environment's
settings differ (scripts/guidelines/mkdocs/templatecode.py)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from guidelines.mkdocs.templatecode import TemplateCode


def _environment(folder: Path, cache: TemplateCode, **settings: object) -> tuple[Environment, list[str]]:
    """An environment like a theme's, recording what it compiles."""
    compiled: list[str] = []

    class Counting(Environment):
        def _compile(self, source: str, filename: str) -> object:
            compiled.append(Path(filename).name)
            return super()._compile(source, filename)

    env = Counting(loader=FileSystemLoader(str(folder)), **settings)  # type: ignore[arg-type]
    env.bytecode_cache = cache
    return env, compiled


def test_a_second_environment_reuses_what_the_first_compiled(tmp_path: Path) -> None:
    (tmp_path / "base.html").write_text("<p>{{ word }}</p>{% block body %}{% endblock %}", encoding="utf-8")
    (tmp_path / "page.html").write_text('{% extends "base.html" %}{% block body %}!{% endblock %}', encoding="utf-8")
    cache = TemplateCode()
    first, compiled_first = _environment(tmp_path, cache)
    assert first.get_template("page.html").render(word="one") == "<p>one</p>!"
    assert sorted(compiled_first) == ["base.html", "page.html"]
    second, compiled_second = _environment(tmp_path, cache)
    assert second.get_template("page.html").render(word="two") == "<p>two</p>!"
    assert compiled_second == []


def test_an_edited_template_is_compiled_again(tmp_path: Path) -> None:
    template = tmp_path / "page.html"
    template.write_text("<p>{{ word }}</p>", encoding="utf-8")
    cache = TemplateCode()
    first, _ = _environment(tmp_path, cache)
    assert first.get_template("page.html").render(word="a") == "<p>a</p>"
    template.write_text("<em>{{ word }}</em>", encoding="utf-8")
    second, compiled = _environment(tmp_path, cache)
    assert second.get_template("page.html").render(word="a") == "<em>a</em>"
    assert compiled == ["page.html"]


def test_an_environment_that_compiles_differently_does_not_take_the_code(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>{{ word }}</p>", encoding="utf-8")
    cache = TemplateCode()
    plain, _ = _environment(tmp_path, cache)
    assert plain.get_template("page.html").render(word="<b>") == "<p><b></p>"
    escaping, compiled = _environment(tmp_path, cache, autoescape=True)
    assert escaping.get_template("page.html").render(word="<b>") == "<p>&lt;b&gt;</p>"
    assert compiled == ["page.html"]
