"""`make bench` / `python -m bench`: run every benchmark and print one table of ratios."""
from bench.feeds import main

main()
