"""The lawgraph application shell: the command line that ties extract → graph → queries.

It sits at the end of the data flow (it may import every other package; none imports it),
which is why it is not inside ``graph/``.
"""
