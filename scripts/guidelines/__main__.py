"""Allow ``python -m guidelines``."""

import sys

from guidelines.cli import main

sys.exit(main())
