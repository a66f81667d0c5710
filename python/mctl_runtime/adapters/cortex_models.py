"""What Cortex's serving image hands a predictor besides config: an ONNX Runtime session (request
handlers, onnx_client), python_client and metrics_client, as far as a local run can provide them.
TensorFlow Serving (tensorflow_client) and gRPC's compiled protobuf module cannot be."""

import os

from .errors import ServingHostError

# ONNX element types to numpy dtypes, as Cortex's onnx_serve converts request values.
ONNX_TO_NUMPY = {
    "tensor(float)": "float32",
    "tensor(double)": "float64",
    "tensor(float16)": "float16",
    "tensor(int64)": "int64",
    "tensor(int32)": "int32",
    "tensor(int16)": "int16",
    "tensor(int8)": "int8",
    "tensor(uint8)": "uint8",
    "tensor(bool)": "bool",
    "tensor(string)": "object",
}


def unavailable(what, label):
    hint = {
        "tensorflow_client": "Cortex serves the model through TensorFlow Serving; try the model itself with "
        "mctl run --model (ONNX), or move the model call into a PythonPredictor",
        "module_proto_pb2": "Cortex compiles the API's protobuf_path into module_proto_pb2 for gRPC APIs; "
        "serve it with Cortex, or test predict() from a PythonPredictor without gRPC",
        "proto_module_pb2": "Cortex v0.35 compiles the API's handler.protobuf_path into proto_module_pb2 for gRPC "
        "APIs; serve it with Cortex, or try the RPC method's body from a handle_post() without gRPC",
    }.get(what, "serve it with Cortex")
    return ServingHostError("%s needs %s, which only Cortex's serving image provides" % (label, what), hint)


class OnnxModel:
    """The one .onnx file of the model directory in an ONNX Runtime session (Cortex onnx_serve)."""

    def __init__(self, model_dir, label):
        names = sorted(n for n in os.listdir(model_dir) if n.endswith(".onnx"))
        if len(names) != 1:
            if os.path.exists(os.path.join(model_dir, "saved_model.pb")):
                raise unavailable("tensorflow_client", label)
            raise ServingHostError(
                "%s runs a model Cortex loads, but %s holds %d .onnx files" % (label, model_dir, len(names)),
                "pass --model-dir with the directory that holds the one .onnx model",
            )
        try:
            import numpy
            import onnxruntime
        except ImportError as error:
            raise ServingHostError(
                "%s runs the ONNX model in ONNX Runtime, and this Python has no %s" % (label, error.name),
                "pip install onnxruntime numpy in the interpreter mctl runs (--python)",
            ) from None
        self.numpy = numpy
        self.session = onnxruntime.InferenceSession(os.path.join(model_dir, names[0]))
        self.inputs = self.session.get_inputs()
        self.outputs = self.session.get_outputs()

    def run(self, sample):
        return self.session.run([], self.feed(sample))

    def feed(self, sample):
        """Cortex's convert_to_onnx_input: one input takes the value or its key; several need keys."""
        if len(self.inputs) == 1 and not isinstance(sample, dict):
            return {self.inputs[0].name: self.array(sample, self.inputs[0])}
        if not isinstance(sample, dict):
            raise ValueError("expected a dictionary with keys %s" % ", ".join('"%s"' % i.name for i in self.inputs))
        missing = [i.name for i in self.inputs if sample.get(i.name) is None]
        if missing:
            raise ValueError('missing key "%s"' % missing[0])
        return {i.name: self.array(sample[i.name], i) for i in self.inputs}

    def array(self, value, meta):
        # Cortex reshapes to the declared shape, reading every symbolic dimension as 1.
        shape = [d if isinstance(d, int) else 1 for d in meta.shape]
        return self.numpy.asarray(value, dtype=ONNX_TO_NUMPY.get(meta.type, "float32")).reshape(shape)


class OnnxClient:
    """onnx_client.predict(model_input) over the session (single model; model_name is ignored)."""

    def __init__(self, model):
        self.model = model

    def predict(self, model_input, model_name=None, model_version="latest"):
        return self.model.run(model_input)


class PythonClient:
    """python_client.get_model(): the predictor's load_model(path) on the model directory, once per model."""

    def __init__(self, model_dir):
        self.model_dir = model_dir
        self.load_model = None
        self.models = {}

    def set_load_method(self, load_model):
        self.load_model = load_model

    def get_model(self, model_name=None, model_version="latest"):
        key = (model_name, model_version)
        if key not in self.models:
            path = os.path.join(self.model_dir, model_name) if model_name else self.model_dir
            self.models[key] = self.load_model(path)
        return self.models[key]


class MetricsClient:
    """metrics_client: custom metrics are accepted and dropped (no Prometheus here)."""

    def gauge(self, metric, value, tags=None):
        pass

    def increment(self, metric, value=1, tags=None):
        pass

    def histogram(self, metric, value, tags=None):
        pass
