"""Cortex v0.35's Handler classes and TaskAPI's Task, as the call plan's "handler" variant names them.

What Cortex's serving code does (cortexlabs/cortex python/serve@v0.35.0): the constructor gets the
names it takes by keyword (config, metrics_client, model_client, job_spec); RealtimeAPI calls
handle_<verb>(payload, query_params, headers), AsyncAPI handle_async(payload, request_id), BatchAPI
handle_batch(payload, batch_id), TaskAPI Task()(config), each with the names the method takes.
tensorflow_client (TensorFlow Serving) and proto_module_pb2 (gRPC) only Cortex's image provides.
"""

import copy
import inspect
import re

from . import cortex_models
from .errors import ContractError, PayloadRejected, ServingHostError, guard

# INFERRED: what a local run stands in for the ids Cortex makes up per request, batch and job.
RUN_ID = "mctl-run"
JOB_SPEC = {"job_id": RUN_ID, "config": {}}


class HandlerRunner:
    def __init__(self, module, plan, config, model_dir):
        self.plan = plan
        self.kind = plan.get("kind")
        name = plan.get("className") or "Handler"
        cls = getattr(module, name, None)
        if not isinstance(cls, type):
            raise ContractError("the entry defines no class %s" % name, "define class %s" % name)
        if plan.get("needs"):
            raise cortex_models.unavailable(plan["needs"], "%s (%s)" % (name, self.kind))
        self.config = copy.deepcopy(config)
        model_client = cortex_models.PythonClient(model_dir)
        provided = {
            "config": copy.deepcopy(config),
            "metrics_client": cortex_models.MetricsClient(),
            "model_client": model_client,
            "job_spec": copy.deepcopy(JOB_SPEC),
        }
        kwargs = {arg: provided[arg] for arg in plan.get("construct", []) if arg in provided}
        self.instance = guard("init", "%s(%s)" % (name, ", ".join(kwargs)), cls, **kwargs)
        if "model_client" in kwargs:
            model_client.set_load_method(getattr(self.instance, "load_model", None))
        self.name = name
        self.args = list(plan.get("call") or [])

    def call(self, request):
        if self.kind == "TaskAPI":
            return self._task(request)
        if self.kind == "BatchAPI":
            # start/batch.py: each batch is the JSON of one queue message.
            values = {"payload": request.json(), "batch_id": RUN_ID}
            return self._method("handle_batch", values)
        if self.kind == "AsyncAPI":
            result = self._method("handle_async", {"payload": _async_payload(request), "request_id": RUN_ID})
            if not isinstance(result, dict):
                kind = type(result).__name__
                raise ContractError(
                    "handle_async() returned %s; Cortex stores only a JSON dictionary as the result" % kind,
                    "return a dict from handle_async()",
                    phase="run",
                )
            return result
        return self._realtime(request)

    def _realtime(self, request):
        verb = request.method.lower()
        method = "handle_" + verb
        if not callable(getattr(self.instance, method, None)):
            answer = "Cortex answers %s with 405 'method not implemented'" % request.method
            raise ContractError(
                "%s: %s has no %s()" % (answer, self.name, method),
                "define %s(self, payload) for %s requests" % (method, request.method),
                phase="run",
            )
        headers = dict(request.headers) or {"content-type": request.content_type}
        query = {name: values[-1] for name, values in request.query.items() if values}
        # serve.py reads each verb's own argument names (the plan has handle_post's) and parses
        # the body only for a method that takes payload.
        fn = getattr(self.instance, method)
        names = self.args if method == self.plan.get("method") else inspect.getfullargspec(fn).args
        values = {"query_params": query, "headers": headers}
        if "payload" in names:
            values["payload"] = _realtime_payload(request)
        result = guard("run", method + "()", fn, **{n: values[n] for n in names if n in values})
        if isinstance(result, tuple) and len(result) == 2 and callable(result[1]):
            # serve.py runs the callback after sending the response; here, once the result is in.
            guard("run", method + "() callback", result[1])
            result = result[0]
        return result

    def _method(self, method, values):
        fn = getattr(self.instance, method)
        return guard("run", method + "()", fn, **{n: values[n] for n in self.args if n in values})

    def _task(self, request):
        # INFERRED: the input stands for a job submission's "config", merged over the API's as
        # start/task.py does (util.merge_dicts_in_place_overwrite).
        override = request.json()
        if override is not None and not isinstance(override, dict):
            raise PayloadRejected(
                "a TaskAPI job's config is a JSON object, and this input is %s" % type(override).__name__,
                'pass the job\'s config, e.g. {"key": "value"}, or {} for the API\'s config alone',
            )
        config = _merge(copy.deepcopy(self.config), override or {})
        return guard("run", "%s()(config)" % self.name, self.instance, config)


def _realtime_payload(request):
    """serve.py's parse_payload: JSON, text/plain in its charset, form data, else the raw bytes."""
    content_type = request.content_type
    if request.body is None or content_type.startswith("application/json"):
        return request.json()
    if content_type.startswith("text/plain"):
        charsets = re.findall(r"charset=(\S+)", content_type)
        charset = charsets[-1].rstrip(";") if charsets else "utf-8"
        try:
            return request.body.decode(charset)
        except (LookupError, UnicodeDecodeError) as error:
            hint = "send text in the charset the request names"
            raise PayloadRejected("Cortex answers 400: %s" % error, hint) from None
    if content_type.startswith(("multipart/form", "application/x-www-form-urlencoded")):
        raise ServingHostError(
            "Cortex passes form data as starlette's FormData, which mctl run does not build",
            "send the fields as JSON or the file as raw bytes (--input-file path) to try the handler",
        )
    return request.body


def _async_payload(request):
    """AsyncAPI.get_payload: JSON, text/plain as UTF-8, else the raw bytes."""
    if request.body is None or request.content_type.startswith("application/json"):
        return request.json()
    if request.content_type.startswith("text/plain"):
        return request.text()
    return request.body


def _merge(target, override):
    """util.merge_two_dicts_in_place_overwrite: nested dictionaries merged, anything else replaced."""
    for key, value in override.items():
        if isinstance(target.get(key), dict) and isinstance(value, dict):
            _merge(target[key], value)
        else:
            target[key] = value
    return target
