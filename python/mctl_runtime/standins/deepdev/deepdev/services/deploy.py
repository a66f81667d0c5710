"""mctl stand-in for deepdev.services.deploy.

DeepDev's real model_init is not public. Its documented effect is that the platform calls the
decorated init(model_dir) with the model directory; mctl's harness does exactly that, so the
stand-in returns the function unchanged. (Whether init carries the decorator is checked
statically by `mctl validate`, rule missing-decorator.)
"""


def model_init(fn):
    return fn
