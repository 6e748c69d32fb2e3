//! The subcommands: each joins pipeline stages and prints a summary.
