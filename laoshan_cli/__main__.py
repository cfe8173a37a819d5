"""`python -m laoshan_cli` runs the command line, as the `laoshan` script does."""

from .cli.entry import main

if __name__ == "__main__":
    main()
