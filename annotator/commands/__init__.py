"""Subcommands of `annotator`, one module per area, each with `register(subparsers)`."""
