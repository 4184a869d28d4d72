"""The locks pin every package the project installs, with hashes (see "Upgrading a dependency")."""

from __future__ import annotations

import re
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.test_site import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def locked(name: str) -> dict[str, str]:
    """{package: version} of a lock file, checking each entry carries its hashes."""
    versions = {}
    text = (ROOT / name).read_text()
    for entry in re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 1)[1]):
        match = PIN.match(entry)
        if match is None:
            continue
        assert "--hash=sha256:" in entry, f"{name}: {match[1]} has no hash"
        versions[canonicalize_name(match[1])] = match[2]
    assert versions, f"{name} pins nothing"
    return versions


def pinned(name: str) -> dict[str, str]:
    """{package: version} of the top-level pins of a hand-edited .in file."""
    versions = {}
    for line in (ROOT / name).read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            versions[canonicalize_name(match[1])] = match[2]
    return versions


@pytest.mark.parametrize(
    ("source", "lock"),
    [("requirements.in", "requirements.lock"), ("requirements-dev.in", "requirements-dev.lock")],
)
def test_lock_is_up_to_date_with_its_source(source, lock):
    """A version edited in a .in file without `make lock` is caught here."""
    versions = locked(lock)
    stale = {
        package: (version, versions.get(package))
        for package, version in pinned(source).items()
        if versions.get(package) != version
    }
    assert stale == {}, "run `make lock`"


def test_dev_lock_has_the_runtime_versions():
    runtime, dev = locked("requirements.lock"), locked("requirements-dev.lock")
    assert {package: dev.get(package) for package in runtime} == runtime


def test_every_dependency_of_a_locked_package_is_locked():
    """No transitive dependency is left to whatever the index serves on the day."""
    versions = locked("requirements-dev.lock")
    unlocked = set()
    for package in versions:
        for spec in metadata.requires(package) or []:
            requirement = Requirement(spec)
            if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                continue
            if canonicalize_name(requirement.name) not in versions:
                unlocked.add(f"{requirement.name} (for {package})")
    assert unlocked == set()


def test_the_environment_is_the_lock():
    """The venv was installed from the dev lock (`make test` reinstalls when it changes)."""
    versions = locked("requirements-dev.lock")
    installed = {package: metadata.version(package) for package in versions}
    assert installed == versions
