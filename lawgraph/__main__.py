"""`python -m lawgraph …`, and the file spark-submit runs (`spark-submit … lawgraph/__main__.py
spark-extract INPUT OUTPUT`): the one command line either way."""

from lawgraph.cli import main

main()
