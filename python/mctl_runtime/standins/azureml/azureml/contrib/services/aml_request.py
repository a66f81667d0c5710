"""Stand-in for azureml.contrib.services.aml_request, which the Azure ML inference server provides:
@rawhttp makes the server call run() with the HTTP request object instead of the body."""

_rawHttpRequested = False


class AMLRequest:
    """The type of the request a @rawhttp run() gets (flask's Request on the server)."""


def rawhttp(func):
    global _rawHttpRequested
    _rawHttpRequested = True
    return func
