"""``python -m builder.cli``: the atlas command without the installed script."""
import sys

from builder.cli import main

sys.exit(main())
