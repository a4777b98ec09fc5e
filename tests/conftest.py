"""Shared fixtures: the bundled example corpus and small stories written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

import dupdetect
from dupdetect import Detector

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "corpus"
EVAL = ROOT.parent / "shared" / "eval"

@pytest.fixture(scope="session")
def example_corpus() -> dupdetect.Corpus:
    return dupdetect.load(EXAMPLES)


@pytest.fixture(scope="session")
def example_detector(example_corpus: dupdetect.Corpus) -> Detector:
    return Detector().fit(example_corpus)
