"""Allow ``python -m guidelines``."""

import sys

from .cli import main

sys.exit(main())
