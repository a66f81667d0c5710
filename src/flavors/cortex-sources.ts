const DOCS = 'https://docs.cortex.dev/v';
const SOURCE = 'https://github.com/cortexlabs/cortex/blob';

/** Where each Cortex variant mctl accepts is documented, by release. */
export const CORTEX_SOURCES = [
  'Cortex guide "Inference" (init(metadata), predict(sample, metadata), pre-installed packages, ' +
    'project files at /mnt/project; shared/seeds/001 in the project that wrote mctl)',
  'Cortex v0.8–v0.9, request handlers pre_inference(sample, metadata), post_inference(prediction, metadata): ' +
    `${DOCS}/0.9/deployments/request-handlers`,
  `Cortex v0.10, init(model_path, metadata); request handlers with signature: ${DOCS}/0.10/deployments/predictor`,
  `Cortex v0.12, PythonPredictor(config): ${DOCS}/0.12/deployments/python`,
  `Cortex v0.12, TensorFlowPredictor(tensorflow_client, config): ${DOCS}/0.12/deployments/tensorflow`,
  `Cortex v0.12, ONNXPredictor(onnx_client, config): ${DOCS}/0.12/deployments/onnx`,
  `Cortex v0.17, predict(payload, query_params, headers): ${DOCS}/0.17/deployments/predictors`,
  `Cortex v0.19, Batch API __init__(config, job_spec), predict(payload, batch_id): ${DOCS}/0.19` +
    '/deployments/batch-api/predictors',
  `Cortex v0.19, post_predict: ${DOCS}/0.19/deployments/realtime-api/predictors`,
  `Cortex v0.24, __init__(config, python_client), load_model(model_path): ${DOCS}/0.24/workloads/realtime/predictors`,
  `Cortex v0.30, metrics_client: ${DOCS}/0.30/workloads/realtime/metrics`,
  `Cortex v0.32, gRPC module_proto_pb2 and predict(payload, context): ${DOCS}/0.32/workloads/realtime/predictors`,
  `Cortex's argument checks: ${SOURCE}/v0.10.0/pkg/workloads/cortex/lib/context.py`,
  `Cortex's argument checks: ${SOURCE}/v0.24.0/pkg/workloads/cortex/lib/api/predictor.py`,
  `Cortex v0.35, RealtimeAPI class Handler(config[, model_client, metrics_client, proto_module_pb2]) ` +
    `with handle_post/get/put/patch/delete(payload, query_params, headers): ${SOURCE}/v0.35.0` +
    '/docs/workloads/realtime/handler.md, python/serve/cortex_internal/lib/api/realtime.py, ' +
    'python/serve/cortex_internal/serve/serve.py',
  `Cortex v0.35, AsyncAPI handle_async(payload, request_id): ${SOURCE}/v0.35.0/docs/workloads/async/handler.md, ` +
    'python/serve/cortex_internal/lib/api/async_api.py, python/serve/start/async_api.py',
  `Cortex v0.35, BatchAPI Handler(config, job_spec).handle_batch(payload, batch_id), on_job_complete(): ` +
    `${SOURCE}/v0.35.0/docs/workloads/batch/handler.md, python/serve/cortex_internal/lib/api/batch.py, ` +
    'python/serve/start/batch.py',
  `Cortex v0.35, TaskAPI class Task with __call__(self, config): ${SOURCE}/v0.35.0` +
    '/docs/workloads/task/definitions.md, python/serve/cortex_internal/lib/api/task.py, python/serve/start/task.py',
  'Cortex v0.36 replaced Python handlers with user-built containers: ' +
    `${SOURCE}/v0.36.0/docs/workloads/realtime/containers.md`,
];
