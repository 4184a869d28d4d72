"""The sample framework written in English only (`languages: [en]`), for the pages that show
a one-language framework's content in the other language's interface."""

from __future__ import annotations

import re
from pathlib import Path

from maturity.framework_file import parse_framework
from maturity.models import Framework
from maturity.services import framework_import

SAMPLE_FRAMEWORK_FILE = Path(__file__).parent / "fixtures" / "sample-framework.yaml"

# The sample file writes its texts {en: "...", fr: "..."}, the framework's title and
# description as two lines each.
_FLOW_TEXT = re.compile(r'\{en: ("[^"]*"), fr: "[^"]*"\}')
_BLOCK_FRENCH = re.compile(r'^  fr: "[^"]*"\n', re.M)


def english_only_text(path: Path, slug: str) -> str:
    """A framework file written as the sample is, slug `<slug>-en`, with its English texts only."""
    text = path.read_text(encoding="utf-8")
    text = _BLOCK_FRENCH.sub("", _FLOW_TEXT.sub(r"{en: \1}", text))
    return text.replace(f"slug: {slug}\n", f"slug: {slug}-en\nlanguages: [en]\n", 1)


def english_only_sample() -> str:
    """The sample framework's file, slug `sample-en`, with its English texts only."""
    return english_only_text(SAMPLE_FRAMEWORK_FILE, "sample")


def english_only_framework() -> Framework:
    """The English-only sample, imported."""
    framework, _ = framework_import(document=parse_framework(english_only_sample()))
    return framework
