"""pyproject.toml, environment.yml and requirements.lock describe the same environment."""
from __future__ import annotations

import re
import tomllib

import yaml

from migration_briefs import paths


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    declared = {_name(r) for r in project["dependencies"]}
    declared |= {_name(r) for extra in project["optional-dependencies"].values() for r in extra}
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    from_pip = {_name(d) for section in env["dependencies"] if isinstance(section, dict)
                for d in section.get("pip", []) if not d.startswith("-")}
    assert conda | from_pip == declared


def test_lock_pins_every_declared_package_exactly():
    lock = {}
    for line in (paths.ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"not pinned exactly: {line}"
            lock[_name(name)] = version
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    wanted = [r for r in project["dependencies"]] + [r for e in project["optional-dependencies"].values() for r in e]
    missing = {_name(r) for r in wanted} - set(lock)
    assert not missing
