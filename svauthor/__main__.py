import sys

from svauthor.cli import main

sys.exit(main())
