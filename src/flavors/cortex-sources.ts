/** Where each Cortex variant mctl accepts is documented, by release. */
export const CORTEX_SOURCES = [
  'Cortex guide "Inference" (init(metadata), predict(sample, metadata), pre-installed packages, project files at /mnt/project; shared/seeds/001 in the project that wrote mctl)',
  'Cortex v0.8–v0.9, request handlers pre_inference(sample, metadata) / post_inference(prediction, metadata): https://docs.cortex.dev/v/0.9/deployments/request-handlers',
  'Cortex v0.10, predictor init(model_path, metadata) and request handlers with signature: https://docs.cortex.dev/v/0.10/deployments/predictor',
  'Cortex v0.12, PythonPredictor(config), TensorFlowPredictor(tensorflow_client, config), ONNXPredictor(onnx_client, config): https://docs.cortex.dev/v/0.12/deployments/python, https://docs.cortex.dev/v/0.12/deployments/tensorflow, https://docs.cortex.dev/v/0.12/deployments/onnx',
  'Cortex v0.17, predict(payload, query_params, headers): https://docs.cortex.dev/v/0.17/deployments/predictors',
  'Cortex v0.19, Batch API __init__(config, job_spec), predict(payload, batch_id), on_job_complete; post_predict: https://docs.cortex.dev/v/0.19/deployments/batch-api/predictors, https://docs.cortex.dev/v/0.19/deployments/realtime-api/predictors',
  'Cortex v0.24, __init__(config, python_client) with load_model(model_path): https://docs.cortex.dev/v/0.24/workloads/realtime/predictors',
  'Cortex v0.30, metrics_client: https://docs.cortex.dev/v/0.30/workloads/realtime/metrics',
  'Cortex v0.32, gRPC __init__(config, python_client, module_proto_pb2), predict(payload, context): https://docs.cortex.dev/v/0.32/workloads/realtime/predictors',
  "Cortex's own argument checks: https://github.com/cortexlabs/cortex/blob/v0.10.0/pkg/workloads/cortex/lib/context.py, https://github.com/cortexlabs/cortex/blob/v0.24.0/pkg/workloads/cortex/lib/api/predictor.py",
];
