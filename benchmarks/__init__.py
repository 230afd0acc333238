"""svauthor benchmarks: `python benchmarks/run.py` (see its docstring)."""
