"""`python -m digest`: the same as the `digest` command."""

from digest.cli import main

raise SystemExit(main())
