/**
 * torch-model-archiver's `model_handlers`: names TorchServe resolves inside ts.torch_handler
 * when no such module is in the archive. Multi Model Server has no built-in handlers.
 */
export const TORCHSERVE_BUILTINS = new Set([
  'base_handler',
  'text_classifier',
  'image_classifier',
  'object_detector',
  'image_segmenter',
  'dali_image_classifier',
  'vllm_handler',
  'trt_llm_handler',
]);
