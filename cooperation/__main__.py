"""`python -m cooperation validate|import FILE...`: see cooperation.cli."""

import sys

from cooperation.cli import main

sys.exit(main())
