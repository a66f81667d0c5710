"""mctl stand-in for deepdev.services.deploy.

DeepDev's real model_init is not public. Its documented effect is that the platform calls the
decorated init(model_dir) with the model directory; mctl's harness does exactly that, so the
stand-in returns the function unchanged and only marks it, so mctl can warn when init() is
not decorated.
"""


def model_init(fn):
    fn.__mctl_model_init__ = True
    return fn
