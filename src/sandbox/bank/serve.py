"""`python -m sandbox.bank.serve [--host H] [--port P]`: serve the bank ($SANDBOX_BANK_PORT)."""

from __future__ import annotations

import argparse
import os

import uvicorn

from sandbox.bank.app import create_app

PORT_ENV = "SANDBOX_BANK_PORT"
DEFAULT_PORT = 8003


def main() -> None:
    """Serve the bank, its back office running in the same process."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get(PORT_ENV, DEFAULT_PORT)))
    args = parser.parse_args()
    uvicorn.run(create_app(), host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
