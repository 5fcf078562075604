"""Synthetic population and workforce: persons, employers, employments and salary history."""

from ansinh.synth.dataset import DEFAULT_AS_OF, GENERATOR_VERSION, Dataset, generate
from ansinh.synth.writer import FORMATS, Format, write

__all__ = [
    "DEFAULT_AS_OF",
    "FORMATS",
    "GENERATOR_VERSION",
    "Dataset",
    "Format",
    "generate",
    "write",
]
