"""Shared fixtures: the bundled example corpus and small stories written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

import dupdetect
from dupdetect import Detector, kernels

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "corpus"
EVAL = ROOT.parent / "shared" / "eval"

@pytest.fixture(scope="session", autouse=True)
def _compiled_kernels() -> None:
    """The compiled kernels loaded, as a large fit loads them: every test of a kernel's caller
    then tests the kernel (a small fit alone would leave them out); the tests of the twins
    set the kernels aside."""
    kernels.warm()


@pytest.fixture(scope="session")
def example_corpus() -> dupdetect.Corpus:
    return dupdetect.load(EXAMPLES)


@pytest.fixture(scope="session")
def example_detector(example_corpus: dupdetect.Corpus) -> Detector:
    return Detector().fit(example_corpus)
