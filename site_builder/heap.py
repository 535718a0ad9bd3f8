"""The cycle collector during a build, whose checked catalog and site data are millions of
objects that live as long as the build.

Python's collector walks every tracked object of the oldest generation on each full collection,
and a build triggers many as it renders pages and writes files: at 50,000 solutions that was the
same catalog walked again and again. What the build keeps for its whole length is made with the
collector paused (`paused`) and then set aside (`keep`: `gc.freeze`), so later collections walk
only what the pages and files make. `release` hands the kept objects back to the collector once
the build is over, so a process that builds again (the live preview) frees the old build's cycles.
Work that makes no garbage cycles (the catalog's check, a preview's update, importing the checker)
runs with the collector paused (`quiet`) and nothing set aside.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No collection meanwhile; what was made is then kept aside (see `keep`), unless it failed."""
    with quiet():
        yield
        # Before the collector is enabled again: its next pass would walk everything made meanwhile.
        keep()


@contextmanager
def quiet() -> Iterator[None]:
    """No collection meanwhile, for work that makes no garbage cycles (what it makes is freed by
    reference counts alone, or lives on, like imported modules): the collector's passes would
    only walk what it builds up."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def keep() -> None:
    """Set every object that exists now aside from the collector's passes, until `release`."""
    gc.freeze()


def release() -> None:
    """Hand the objects set aside back to the collector (they are collected if garbage)."""
    gc.unfreeze()
