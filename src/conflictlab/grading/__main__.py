"""``python -m conflictlab.grading --serve``: a worker process (see :mod:`.workers`)."""

import sys

from .workers import serve

if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        sys.exit(serve())
    print("Use `conflictlab grade`.", file=sys.stderr)
    sys.exit(2)
