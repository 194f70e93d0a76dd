"""Configuration: defaults, path resolution, errors that name the key, and documentation."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.config import ClusterConfig, Config, help_for, keys, load
from digest.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def test_embedded_defaults_are_relative_to_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    config = load(None)
    assert config.database == tmp_path / "data" / "digest.sqlite3"
    assert config.seeds_dir == tmp_path / "seeds"
    assert config.archive_dir == tmp_path / "archive"
    assert config.cluster == ClusterConfig()


def test_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "in").mkdir()
    path = tmp_path / "conf" / "digest.yaml"
    path.write_text("seeds_dir: ../in\narchive_dir: out\ncluster:\n  window_days: 3\n")
    config = load(path)
    assert config.seeds_dir == tmp_path / "conf" / ".." / "in"
    assert config.archive_dir == tmp_path / "conf" / "out"
    assert config.cluster.window_days == 3
    assert config.cluster.min_score == ClusterConfig().min_score


def test_project_config_yaml_equals_the_defaults() -> None:
    config = load(ROOT / "config.yaml")
    defaults = Config()
    assert config.cluster == defaults.cluster
    assert config.site_title == defaults.site_title
    assert config.database == ROOT / defaults.database


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("databse: x.db\n", "unknown key 'databse'"),
        ("cluster:\n  min_scor: 1\n", "unknown key 'cluster.min_scor'"),
        ("cluster:\n  window_days: soon\n", "'cluster.window_days' must be a number"),
        ("cluster:\n  window_days: 1.5\n", "'cluster.window_days' must be a whole number"),
        ("cluster:\n  min_score: -1\n", "'cluster.min_score' must not be negative"),
        ("cluster: 3\n", "'cluster' must be a mapping"),
        ("database: 5\n", "'database' must be a path"),
        ("- a\n- b\n", "top level must be a mapping"),
        ("key: [unclosed\n", "not valid YAML"),
        ("fetch:\n  total_timeout: .nan\n", "'fetch.total_timeout' must be a finite number"),
        ("fetch:\n  total_timeout: .inf\n", "'fetch.total_timeout' must be a finite number"),
        ("run:\n  max_minutes: -.inf\n", "'run.max_minutes' must be a finite number"),
        ("site_title: a\nsite_title: b\n", "key 'site_title' is given twice"),
        ("email:\n  subject: 'Digest {date} {oops}'\n", "oops} is not a placeholder"),
        ("email:\n  subject: 'Digest {0}'\n", "0} is not a placeholder"),
        ("email:\n  subject: 'Digest {'\n", "email.subject: Single '{'"),
        ('email:\n  subject: "Digest\\r\\nBcc: x@example.org"\n', "email.subject must be one line"),
        ('email:\n  from: "a@example.org\\nBcc: x@example.org"\n', "email.from must be one line"),
        ('email:\n  from: d@x.org\n  to: ["a@x.org\\r"]\n', "email.to must be one line"),
        ("database: mysql://u@h/db\n", "'database' must be a path, not an address"),
        ("database: postgresql://u:secret@h/db\n", "'database' must not hold a password"),
        ("database: postgresql://u@h\n", "names no database"),
        (
            "feeds:\n  - {url: 'https://x.org/f', name: X, language: German}\n",
            "language must be a language code",
        ),
    ],
)
def test_bad_config_names_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[")) as info:
        load(path)
    assert str(path) in str(info.value)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load(tmp_path / "nope.yaml")


def test_every_key_has_help_and_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    config_yaml = (ROOT / "config.yaml").read_text(encoding="utf-8")
    for key in keys():
        assert help_for(key), key
        assert f"`{key}`" in readme, f"README.md does not document `{key}`"
        leaf = key.split(".")[-1]
        assert f"{leaf}:" in config_yaml, f"config.yaml does not show {key}"


def test_a_postgresql_address_selects_postgresql(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("database: postgresql://digest@db.example/news\n", encoding="utf-8")
    config = load(path)
    assert config.store == "postgresql://digest@db.example/news" and config.shared_store
    assert not load(None).shared_store and load(None).store == load(None).database


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("seeds_dir: nowhere\n", "seeds_dir: "),
        ("seeds_dir: config.yaml\n", "is a file, not a folder"),
        ("archive_dir: config.yaml\n", "archive_dir: "),
        ("render:\n  base_url: 'javascript:alert(1)//'\n", "render.base_url must be an http"),
        ("email:\n  from: d@example.org\n  to: [not-an-address]\n", "email.to: 'not-an-address'"),
        ("email:\n  from: d@example.org\n  to: ['a@b@c']\n", "email.to: 'a@b@c'"),
        ("email:\n  from: d@example.org\n  to: ['']\n", "email.to: ''"),
        ("email:\n  from: d@example.org\n  to: ['x y@example.org']\n", "email.to: 'x y@"),
        ("email:\n  from: not an address\n  to: [a@example.org]\n", "email.from: 'not an"),
        ("feeds:\n  - url: 'http://'\n    name: X\n", "feeds[0].url has no host"),
        ("feeds:\n  - url: 'https://x.example:99999/rss'\n    name: X\n", "cannot be"),
    ],
)  # fmt: skip
def test_what_cannot_work_is_refused_when_the_config_is_read(
    tmp_path: Path, text: str, message: str
) -> None:
    """#22: these passed the door and failed later, or never."""
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load(path)
    assert message in str(info.value)


READERS = """email:
  from: d@example.org
  to: [editor@example.org]
  recipients:
    - address: gas@example.org
      watch: ['Tokayev Gazprom', Нацбанк]
    - address: rate@example.org
      watch: [ставка]
      edition: false
    - address: editor@example.org
      watch: [Miller]
"""


def test_readers_with_watch_terms_and_the_edition(tmp_path: Path) -> None:
    """#21: a reader with edition true gets the daily edition as email.to's addresses do; the
    watchers are every reader with terms."""
    path = tmp_path / "config.yaml"
    path.write_text(READERS, encoding="utf-8")
    email = load(path).email
    assert email.to == ("editor@example.org", "gas@example.org")  # once each
    assert [(r.address, r.watch) for r in email.watchers] == [
        ("gas@example.org", ("Tokayev Gazprom", "Нацбанк")), ("rate@example.org", ("ставка",)),
        ("editor@example.org", ("Miller",)),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("  recipients:\n    - watch: [x]\n", "email.recipients[0].address is required"),
        ("  recipients:\n    - address: 'a@b@c'\n      watch: [x]\n",
         "email.recipients[].address: 'a@b@c'"),
        ("  recipients:\n    - address: a@example.org\n      edition: false\n", "nothing to send"),
        ("  recipients:\n    - address: a@example.org\n      watch: ['  ']\n", "words on one line"),
        ("  recipients:\n    - address: a@example.org\n      wach: [x]\n",
         "unknown key 'email.recipients[0].wach'"),
        ("  recipients: a@example.org\n", "email.recipients must be a list"),
        ("  recipients:\n    - address: a@example.org\n      only_watched: true\n",
         "only_watched needs watch terms and edition true"),
    ],
)  # fmt: skip
def test_a_reader_that_cannot_work_is_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("email:\n  from: d@example.org\n" + text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load(path)
    assert message in str(info.value)
