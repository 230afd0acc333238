"""svauthor's tests.

Bytecode is cached even where PYTHONDONTWRITEBYTECODE is set (some CI images set it): the
svauthor processes the tests start (a terminal, a server, pipeline workers) then load compiled
modules instead of compiling svauthor again each time, and pytest keeps its rewritten test
modules. This package is imported before conftest.py, so before anything imports svauthor; the
xdist workers and every subprocess inherit the environment.
"""

import os
import sys

sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
