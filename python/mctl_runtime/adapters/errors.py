"""What goes wrong loading or calling an entry, as the harness and the shim tell it apart."""


class UserCodeError(Exception):
    """User code raised (or called sys.exit) while importing, initialising or running."""

    def __init__(self, phase, error, where=""):
        self.phase = phase
        self.error = error
        self.where = where
        super().__init__("%s error%s: %s" % (phase, " in " + where if where else "", describe(error)))


class ContractError(Exception):
    """The script does not offer what the platform calls, or returned what it refuses."""

    def __init__(self, message, hint=None, phase="init"):
        self.hint = hint
        self.phase = phase
        super().__init__(message)


class PayloadRejected(Exception):
    """The platform would reject this request before calling the script (HTTP 4xx)."""

    def __init__(self, message, hint=None):
        self.hint = hint
        super().__init__(message)


class ServingHostError(Exception):
    """This host lacks what the entry needs to run (native entries: Node.js >= 22.12 and mctl)."""

    def __init__(self, message, hint=None):
        self.hint = hint
        super().__init__(message + ("\nhint: " + hint if hint else ""))
        self.reason = message


def describe(error):
    if isinstance(error, SystemExit):
        return "called sys.exit(%r)" % (error.code,)
    text = str(error)
    return type(error).__name__ + (": " + text if text else "")


def guard(phase, where, fn, *args, **kwargs):
    """Calls user code; any exception, SystemExit included, becomes a UserCodeError."""
    try:
        return fn(*args, **kwargs)
    except (UserCodeError, ContractError, PayloadRejected, ServingHostError):
        raise
    except BaseException as error:  # noqa: B036 - sys.exit and KeyboardInterrupt are failures too
        raise UserCodeError(phase, error, where).with_traceback(error.__traceback__) from error


class NodeEntryError(Exception):
    """What a native entry threw, with its JavaScript stack (shown after the message)."""

    def __init__(self, message, stack):
        frames = [line for line in (stack or "").splitlines() if line.strip().startswith("at ")]
        self.message = message
        self.stack = stack
        # The frames in the text too: a server logs str(error) and a Python traceback only.
        super().__init__("\n".join([message] + frames))
