"""The server's files the build writes (output/serverconfig.py): the path the site is published
under, which files count as named by their content, and both files' rules under a sub-path."""

from __future__ import annotations

from pathlib import Path

import pytest
from nginx_util import check_config, config

from guidelines.output import serverconfig

HEADERS = [("Content-Security-Policy", "default-src 'self'"), ("X-Frame-Options", "DENY")]


@pytest.mark.parametrize(("url", "prefix"), [
    ("https://studio.example/", "/"), ("https://studio.example", "/"), ("/", "/"),
    ("https://studio.example/guidelines/", "/guidelines/"), ("https://studio.example/a/b", "/a/b/"),
    ("HTTP://Studio.Example:8080/g/", "/g/")])
def test_the_prefix_is_the_path_of_the_site_address(url: str, prefix: str) -> None:
    assert serverconfig.prefix_of(url) == prefix


def test_only_files_named_by_their_content_are_kept_for_a_year(tmp_path: Path) -> None:
    for name in ("assets/javascripts/bundle.a5f9d56c.min.js", "assets/stylesheets/main.57a0d79d.min.css",
                 "assets/javascripts/evaluator.mjs", "assets/javascripts/bundle.a5f9d56c.min.js.map",
                 "assets/x.A5F9D56C.min.js", "assets/y.a5f9d5.min.js", "examples/z.a5f9d56c.min.js"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "assets/link.0123abcd.min.js").symlink_to(tmp_path / "assets/javascripts/evaluator.mjs")
    assert serverconfig.fingerprinted(tmp_path) == ["assets/javascripts/bundle.a5f9d56c.min.js",
                                                    "assets/stylesheets/main.57a0d79d.min.css"]


def test_under_a_sub_path_every_rule_names_that_path(tmp_path: Path) -> None:
    nginx = serverconfig.nginx_conf(HEADERS, "/guidelines/", ["assets/a.0123abcd.min.js"])
    assert "    error_page 404 /guidelines/404.html;" in nginx and "\nlocation ^~ /guidelines/ {" in nginx
    assert "\nlocation = /guidelines {" in nginx and "    return 301 /guidelines/;" in nginx
    assert "\n    location = /guidelines/assets/a.0123abcd.min.js {" in nginx
    assert "\n    location = /guidelines/_headers { return 404; }" in nginx
    assert "\n    location ^~ /guidelines/api/ {" in nginx and "\n    location = /guidelines/feed.json {" in nginx
    assert nginx.count('add_header Access-Control-Allow-Origin "*" always;') == 3  # api/, the feed, modules
    # Only the variables are outside the site's locations.
    outside = [line for line in nginx.splitlines() if line and not line.startswith(("#", " ", "location ", "}"))]
    assert outside and all(line.startswith("set $gl") for line in outside), outside
    assert f'add_header Cache-Control "{serverconfig.FOREVER}" always;' in nginx
    headers = serverconfig.headers_file(HEADERS, "/guidelines/", ["assets/a.0123abcd.min.js"])
    assert headers.splitlines()[1:] == [
        "/guidelines/*", "  Content-Security-Policy: default-src 'self'", "  X-Frame-Options: DENY",
        "/guidelines/assets/a.0123abcd.min.js", f"  Cache-Control: {serverconfig.FOREVER}",
        "/guidelines/api/*", "  Access-Control-Allow-Origin: *", "/guidelines/feed.json",
        "  Access-Control-Allow-Origin: *", "/guidelines/assets/javascripts/evaluator.mjs",
        "  Access-Control-Allow-Origin: *"]
    snippet = tmp_path / "snippet.conf"
    snippet.write_text(nginx, encoding="utf-8")
    conf = tmp_path / "nginx.conf"
    conf.write_text(config(tmp_path, tmp_path, 8080, snippet), encoding="utf-8")
    assert check_config(conf).returncode == 0, check_config(conf).stderr


def test_two_copies_on_one_server_keep_their_own_values(tmp_path: Path) -> None:
    """A staging copy beside the real one: each path's headers come from its own variables."""
    one = serverconfig.nginx_conf(HEADERS, "/guidelines/", [])
    two = serverconfig.nginx_conf([("Content-Security-Policy", "default-src 'none'")], "/staging/next/", [])
    assert not {line for line in one.splitlines() if line.startswith("set ")} & {
        line.split(" ")[1] for line in two.splitlines() if line.startswith("set ")}
    variable = {line.split(" ")[1] for line in one.splitlines() if line.startswith("set ") and
                line.split(" ")[1].endswith("_csp")}
    assert len(variable) == 1
    (name,) = variable
    assert all(line.strip() == f"add_header Content-Security-Policy {name} always;" for line in one.splitlines()
               if line.strip().startswith("add_header Content-Security-Policy"))
    (tmp_path / "one.conf").write_text(one, encoding="utf-8")
    (tmp_path / "two.conf").write_text(two, encoding="utf-8")
    both = tmp_path / "both.conf"
    both.write_text(f"include {tmp_path / 'one.conf'};\ninclude {tmp_path / 'two.conf'};\n", encoding="utf-8")
    conf = tmp_path / "nginx.conf"
    conf.write_text(config(tmp_path, tmp_path, 8080, both), encoding="utf-8")
    assert check_config(conf).returncode == 0, check_config(conf).stderr


def test_the_files_are_never_written_over(tmp_path: Path) -> None:
    (tmp_path / serverconfig.HEADERS_FILE).write_text("mine")
    with pytest.raises(FileExistsError):
        serverconfig.write(tmp_path, HEADERS, "https://studio.example/")
    assert (tmp_path / serverconfig.HEADERS_FILE).read_text() == "mine"


def test_each_translations_export_and_feed_are_readable_by_other_sites(tmp_path: Path) -> None:
    nginx = serverconfig.nginx_conf(HEADERS, "/guidelines/", [], ("fr",))
    assert "\n    location ^~ /guidelines/fr/api/ {" in nginx and "\n    location = /guidelines/fr/feed.json {" in nginx
    assert nginx.count('add_header Access-Control-Allow-Origin "*" always;') == 5  # both exports and feeds, modules
    headers = serverconfig.headers_file(HEADERS, "/guidelines/", [], ("fr",))
    for path in ("/guidelines/fr/api/*", "/guidelines/fr/feed.json", "/guidelines/fr/assets/javascripts/evaluator.mjs"):
        assert f"{path}\n  Access-Control-Allow-Origin: *" in headers
    snippet = tmp_path / "snippet.conf"
    snippet.write_text(nginx, encoding="utf-8")
    conf = tmp_path / "nginx.conf"
    conf.write_text(config(tmp_path, tmp_path, 8080, snippet), encoding="utf-8")
    assert check_config(conf).returncode == 0, check_config(conf).stderr


def test_the_edition_in_forces_addresses_are_redirects_that_keep_the_query(tmp_path: Path) -> None:
    """Temporary (302) redirects; an address with a character nginx might read as syntax is left out (its page
    leads on by itself)."""
    moved = {"editions/2025.2/principles/gp-1/": "principles/gp-1/", "editions/2025.2/": "",
             "editions/2025.2/odd page;$x/": "odd page;$x/"}
    nginx = serverconfig.nginx_conf(HEADERS, "/guidelines/", [], moved=moved)
    assert ("\n    location = /guidelines/editions/2025.2/principles/gp-1/ "
            "{ return 302 /guidelines/principles/gp-1/$is_args$args; }") in nginx
    assert "\n    location = /guidelines/editions/2025.2/ { return 302 /guidelines/$is_args$args; }" in nginx
    assert "odd" not in nginx and nginx.count("return 302") == 2
    snippet = tmp_path / "snippet.conf"
    snippet.write_text(nginx, encoding="utf-8")
    conf = tmp_path / "nginx.conf"
    conf.write_text(config(tmp_path, tmp_path, 8080, snippet), encoding="utf-8")
    assert check_config(conf).returncode == 0, check_config(conf).stderr
