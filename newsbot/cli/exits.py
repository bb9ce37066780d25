"""The exit codes of every subcommand, in a module that imports nothing: `newsbot --version` and the command
group read them without loading SQLAlchemy (newsbot/cli/common.py re-exports them for the subcommands)."""

# README "Exit codes": 0 all well, 1 some sites failed, 2 bad usage or input, 3 another run holds the archive
# lock, 4 nothing could run (every site failed and none archived anything), 5 interrupted (SIGTERM or SIGINT:
# what was fetched is archived, the next run continues), 70 a bug in newsbot.
EXIT_OK = 0
EXIT_FAILURES = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_NOTHING_RAN = 4
EXIT_INTERRUPTED = 5
# An unexpected error inside newsbot (EX_SOFTWARE in sysexits.h).
EXIT_INTERNAL = 70
