"""``python -m aidgraph`` runs the command line."""

from aidgraph.cli import main

main()
