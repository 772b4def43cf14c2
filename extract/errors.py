"""The one exception family of lawgraph. Every error a user can cause names its input."""


class LawgraphError(Exception):
    """Base class: the CLI turns these into a one-line message and a non-zero exit."""


class ReadError(LawgraphError):
    """A file that could not be read as a report."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
