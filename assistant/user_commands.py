"""The `users` command: the accounts of an app shared with a class (accounts.py keeps them).

Not here: the other commands (commands.py), the parser (cli.py).
"""

from __future__ import annotations

import argparse

from .commands import dumps, fail
from .config import Settings


def cmd_users(settings: Settings, args: argparse.Namespace) -> int:
    from .accounts import AccountError, open_accounts, read_password

    accounts = open_accounts(settings)
    try:
        if args.action == "list":
            listed = accounts.list()
            if args.json:
                print(dumps([{"name": a.name, "admin": a.admin} for a in listed]))
            for a in [] if args.json else listed:
                print(f"{a.name}\t{'admin' if a.admin else 'learner'}")
            if not listed and not args.json:
                print(f"no accounts in {accounts.path}: the app has no login (add one with `users add NAME`)")
            return 0
        if args.action == "remove":
            if not accounts.remove(args.name):
                return fail(f"there is no account named {args.name!r} (see `users list`)")
            print(f"removed {args.name}; their study log and uploads stay in {settings.home / 'users' / args.name} "
                  f"and {settings.libraries_dir / args.name} (delete them, then run `python ingest.py`)")
            return 0
        new = accounts.add(args.name, read_password(), admin=args.admin)
    except AccountError as exc:
        return fail(str(exc))
    role = "an admin" if args.admin else "a learner"
    print(f"{'added' if new else 'updated'} {args.name} as {role} in {accounts.path}; "
          "the app asks everyone to log in while this file names a user")
    return 0
