/**
 * Which distributions provide an import name, when the two differ. Data, not code: add a row
 * to teach mctl a new package (or add `env.import_map` in mctl.yaml for one project).
 *
 * Keys are import names, dotted for namespace packages (`google.protobuf`); the longest
 * matching key wins. `pypi` lists pip distribution names, `conda` the conda package names
 * that install the same import (when they differ from the pip names). An import whose name
 * is in no row is looked up as a distribution of the same name (`requests` → requests).
 */
export interface ImportProviders {
  pypi: string[];
  conda?: string[];
}

export const IMPORT_MAP: Record<string, ImportProviders> = {
  cv2: {
    pypi: ['opencv-python', 'opencv-python-headless', 'opencv-contrib-python', 'opencv-contrib-python-headless'],
    conda: ['opencv', 'py-opencv', 'libopencv'],
  },
  sklearn: { pypi: ['scikit-learn'] },
  skimage: { pypi: ['scikit-image'] },
  PIL: { pypi: ['pillow', 'pillow-simd'] },
  yaml: { pypi: ['pyyaml'] },
  'ruamel.yaml': { pypi: ['ruamel.yaml'] },
  'google.protobuf': { pypi: ['protobuf'], conda: ['protobuf', 'libprotobuf'] },
  'google.cloud.storage': { pypi: ['google-cloud-storage'] },
  'google.cloud.aiplatform': { pypi: ['google-cloud-aiplatform'] },
  'azure.storage.blob': { pypi: ['azure-storage-blob'] },
  'azure.identity': { pypi: ['azure-identity'] },
  'azure.ai.ml': { pypi: ['azure-ai-ml'] },
  'azureml.core': { pypi: ['azureml-core', 'azureml-defaults'] },
  torch: { pypi: ['torch'], conda: ['pytorch', 'pytorch-cpu', 'pytorch-gpu'] },
  // The servers' own packages (their setup.py files): TorchServe ships `ts`, Multi Model Server `mms`.
  ts: { pypi: ['torchserve', 'torchserve-nightly'], conda: ['torchserve'] },
  mms: { pypi: ['multi-model-server'] },
  torchvision: { pypi: ['torchvision'] },
  torchaudio: { pypi: ['torchaudio'] },
  tensorflow: {
    pypi: ['tensorflow', 'tensorflow-cpu', 'tensorflow-gpu', 'tensorflow-intel', 'tensorflow-macos', 'tf-nightly'],
    conda: ['tensorflow', 'tensorflow-gpu', 'tensorflow-base'],
  },
  keras: { pypi: ['keras', 'tensorflow', 'tensorflow-cpu', 'tensorflow-gpu'] },
  tflite_runtime: { pypi: ['tflite-runtime'] },
  onnxruntime: {
    pypi: ['onnxruntime', 'onnxruntime-gpu', 'onnxruntime-openvino', 'onnxruntime-directml', 'onnxruntime-silicon'],
  },
  mxnet: { pypi: ['mxnet', 'mxnet-mkl', 'mxnet-cu112', 'mxnet-cu117'] },
  paddle: { pypi: ['paddlepaddle', 'paddlepaddle-gpu'] },
  xgboost: { pypi: ['xgboost', 'xgboost-cpu'], conda: ['xgboost', 'py-xgboost', 'py-xgboost-cpu', 'py-xgboost-gpu'] },
  faiss: { pypi: ['faiss-cpu', 'faiss-gpu'], conda: ['faiss', 'faiss-cpu', 'faiss-gpu'] },
  sentence_transformers: { pypi: ['sentence-transformers'] },
  huggingface_hub: { pypi: ['huggingface-hub'] },
  fasttext: { pypi: ['fasttext', 'fasttext-wheel'] },
  Levenshtein: { pypi: ['levenshtein', 'python-levenshtein'] },
  bs4: { pypi: ['beautifulsoup4'] },
  dateutil: { pypi: ['python-dateutil'] },
  dotenv: { pypi: ['python-dotenv'] },
  jwt: { pypi: ['pyjwt'] },
  jose: { pypi: ['python-jose'] },
  magic: { pypi: ['python-magic'] },
  multipart: { pypi: ['python-multipart'] },
  docx: { pypi: ['python-docx'] },
  pptx: { pypi: ['python-pptx'] },
  slugify: { pypi: ['python-slugify'] },
  Crypto: { pypi: ['pycryptodome'] },
  Cryptodome: { pypi: ['pycryptodomex'] },
  OpenSSL: { pypi: ['pyopenssl'] },
  nacl: { pypi: ['pynacl'] },
  attr: { pypi: ['attrs'] },
  fitz: { pypi: ['pymupdf'] },
  serial: { pypi: ['pyserial'] },
  usb: { pypi: ['pyusb'] },
  zmq: { pypi: ['pyzmq'] },
  git: { pypi: ['gitpython'] },
  dns: { pypi: ['dnspython'] },
  websocket: { pypi: ['websocket-client'] },
  psycopg2: { pypi: ['psycopg2', 'psycopg2-binary'] },
  MySQLdb: { pypi: ['mysqlclient'] },
  win32api: { pypi: ['pywin32'] },
  mpl_toolkits: { pypi: ['matplotlib'] },
  pkg_resources: { pypi: ['setuptools'] },
  google_crc32c: { pypi: ['google-crc32c'] },
  tree_sitter: { pypi: ['tree-sitter'] },
  lightgbm: { pypi: ['lightgbm'], conda: ['lightgbm', 'py-lightgbm'] },
  llama_cpp: { pypi: ['llama-cpp-python'] },
  umap: { pypi: ['umap-learn'] },
  igraph: { pypi: ['igraph', 'python-igraph'] },
  Bio: { pypi: ['biopython'] },
  rdkit: { pypi: ['rdkit', 'rdkit-pypi'] },
  osgeo: { pypi: ['gdal'] },
  ahocorasick: { pypi: ['pyahocorasick'] },
  snappy: { pypi: ['python-snappy'] },
  lz4: { pypi: ['lz4'] },
  jsonschema: { pypi: ['jsonschema'] },
  typing_extensions: { pypi: ['typing-extensions'] },
};

/**
 * Distributions another one loads at run time without listing them in its metadata, so the
 * project declares them: TorchServe's `ts.torch_handler` imports torch, which its install
 * instructions leave to the user. When an import of the key's distribution is used, the
 * declared needs are used too (never reported unused). Keys and values are pip names.
 */
export const RUNTIME_NEEDS: Record<string, string[]> = {
  torchserve: ['torch'],
  'torchserve-nightly': ['torch'],
};

/**
 * Conda package names whose pip distribution has another name, so a package declared in
 * both sections (or in environment.yml and requirements.txt) is recognised as one.
 */
export const CONDA_TO_PYPI: Record<string, string> = {
  pytorch: 'torch',
  'pytorch-cpu': 'torch',
  'pytorch-gpu': 'torch',
  'py-opencv': 'opencv-python',
  opencv: 'opencv-python',
  'py-xgboost': 'xgboost',
  'py-xgboost-cpu': 'xgboost',
  'py-xgboost-gpu': 'xgboost',
  'py-lightgbm': 'lightgbm',
  'tensorflow-base': 'tensorflow',
  faiss: 'faiss-cpu',
};

/**
 * Conda packages that are native libraries or tooling, not Python distributions:
 * importlib.metadata cannot see them, so `--local` does not look them up.
 */
export const NATIVE_PACKAGES = new Set([
  'python',
  'conda',
  'mamba',
  'micromamba',
  'cudatoolkit',
  'cuda-toolkit',
  'cuda-version',
  'cuda-runtime',
  'cuda-nvcc',
  'pytorch-cuda',
  'pytorch-mutex',
  'cudnn',
  'nccl',
  'mkl',
  'intel-openmp',
  'openblas',
  'blas',
  'libblas',
  'liblapack',
  'libgcc',
  'libgcc-ng',
  'libstdcxx-ng',
  'libgomp',
  '_libgcc-mutex',
  '_openmp-mutex',
  'ca-certificates',
  'openssl',
  'tzdata',
  'ld-impl-linux-64',
  'libopencv',
  'libprotobuf',
]);

/** Packages a project needs without importing them: never reported as unused. */
export const NEVER_IMPORTED = new Set([
  ...NATIVE_PACKAGES,
  'pip',
  'setuptools',
  'wheel',
  'mkl-service',
  'certifi',
  'gunicorn',
  'uvicorn',
  'azureml-defaults',
  'azureml-inference-server-http',
  'inference-schema',
  'torchserve',
  'torch-model-archiver',
]);
