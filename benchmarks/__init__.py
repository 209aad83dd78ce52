"""conflictlab benchmarks: run with ``make bench`` (``python -m benchmarks``).

See ``benchmarks/README.md`` for the contract a ``bench_*.py`` module follows.
"""
