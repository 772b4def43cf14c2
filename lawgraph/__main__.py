from lawgraph.cli import main

main()
