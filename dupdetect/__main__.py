"""``python -m dupdetect``."""

from .cli import main

main()
