"""mctl stand-in for ModelArts' top-level `log` module (`import log; log.getLogger(__name__)`).

The ModelArts images show only warnings by default; locally every level goes to stderr,
where mctl shows it as the script's log.
"""
import logging
import sys

_handler = logging.StreamHandler(sys.stderr)
_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))


def getLogger(name=None):
    logger = logging.getLogger(name)
    if _handler not in logger.handlers:
        logger.addHandler(_handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger
