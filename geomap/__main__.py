"""`python -m geomap`: the same as the `geomap` command."""

from geomap.cli import main

if __name__ == "__main__":
    main()
