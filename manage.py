#!/usr/bin/env python
"""Same as the installed `tongban` command."""

from backend.manage import main

if __name__ == "__main__":
    main()
