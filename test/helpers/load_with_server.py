"""Loads a model archive with a real server's Python model loader and sends it requests.

    python3 load_with_server.py torchserve SERVE_SRC ARCHIVE_DIR HANDLER BODY...
    python3 load_with_server.py mms MMS_SRC ARCHIVE_DIR HANDLER BODY...

SERVE_SRC / MMS_SRC: a checkout (or extract) of pytorch/serve or awslabs/multi-model-server
holding ts/ or mms/. ARCHIVE_DIR: the archive already extracted (the frontend's job). Mimics the
worker: cwd is the model directory, which is on sys.path. A BODY is sent as raw bytes, or,
written json:{...}, as the decoded JSON value the server passes for application/json.
Prints one JSON line per request.
Modules the loaders import but that are missing without pip (psutil, torch) are stubbed:
custom handlers do not use them.
"""
import json
import os
import sys
import types

server, src, model_dir, handler = sys.argv[1:5]
bodies = sys.argv[5:]
for name in ("psutil",):
    try:
        __import__(name)
    except ImportError:
        sys.modules[name] = types.ModuleType(name)
try:
    import torch  # noqa: F401
except ImportError:
    stub = types.ModuleType("torch")
    stub.Tensor = type("Tensor", (), {})
    sys.modules["torch"] = stub
sys.path.insert(0, src)
sys.path.insert(0, model_dir)
os.chdir(model_dir)

if server == "torchserve":
    from ts.metrics.metric_cache_yaml_impl import MetricsCacheYamlImpl
    from ts.model_loader import ModelLoaderFactory

    metrics = MetricsCacheYamlImpl(config_file_path=os.path.join(src, "ts/configs/metrics.yaml"))
    service = ModelLoaderFactory.get_model_loader().load("model", model_dir, handler, None, 1, None, True, metrics)
else:
    from mms.model_loader import ModelLoaderFactory

    service = ModelLoaderFactory.get_model_loader(model_dir).load("model", model_dir, handler, None, 1)

if server == "torchserve":
    from ts.context import RequestProcessor
else:
    from mms.context import RequestProcessor

for body in bodies:
    if body.startswith("json:"):
        value, content_type = json.loads(body[5:]), "application/json"
    else:
        value, content_type = body.encode(), "application/octet-stream"
    service.context.request_processor = [RequestProcessor({"body": {"content-type": content_type}})]
    result = service._entry_point([{"body": value}], service.context)
    print(json.dumps(result, default=str))
