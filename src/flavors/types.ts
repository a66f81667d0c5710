import type { Outline, Position, PythonOutline, ScriptOutline } from '../source/types.ts';
import type { PythonVersion } from '../source/python/version.ts';
import type { Report } from '../findings/finding.ts';

export const FLAVOR_IDS = ['deepdev', 'cortex', 'modelarts', 'ads', 'mms', 'azureml', 'hf', 'native'] as const;
export type FlavorId = (typeof FLAVOR_IDS)[number];

/** How a platform finds the entry script by its file name. */
export interface FileNameRule {
  /** The platform imports the script by module name, so a name it cannot import breaks loading. */
  importedByName: boolean;
  /**
   * How a name is judged when the platform imports by name: `pep8` (the default; the guide asks
   * for a PEP 8 module name, so any other name is an error) or `importable` (the server calls
   * importlib.import_module: only a name it cannot load is an error, one that no `import`
   * statement can name a warning, style such as uppercase a note).
   */
  nameRule?: 'pep8' | 'importable';
  /** The platform requires exactly this file name. */
  exactName?: string;
  /**
   * File names the platform's docs give the entry script (besides exactName): a script of this
   * name that fits no contract is checked as this platform's, so the finding names what is missing.
   */
  entryNames?: string[];
  /**
   * Module names the platform reserves for itself, with the reason. `{ inferred }`: no source
   * states it, mctl infers it; reported as a warning that says so.
   */
  reserved?: Record<string, string | { inferred: string }>;
  /** Server-side module names a script or helper must not shadow. */
  serverModules?: string[];
  /** Why serverModules is an inference, when no source states it: said in the finding. */
  serverModulesInferred?: string;
}

export interface FlavorContext {
  /** Path as shown in messages. */
  file: string;
  /** File name without directories (`score.py`). */
  fileName: string;
  /** File name without the extension (`score`). */
  moduleName: string;
  /** Function named by `--handler module:function`, if any. */
  handlerFunction?: string;
  target: PythonVersion;
}

export interface Detection {
  /** Larger is a better fit; 0 or less means "not this flavor". */
  score: number;
  reasons: string[];
}

interface FlavorBase {
  id: FlavorId;
  /** Platform name for people. */
  title: string;
  /** One line: the contract, for help and messages. */
  contract: string;
  fileName: FileNameRule;
  /** Top-level modules the platform provides at run time (never declared by the user). */
  platformModules: string[];
  /**
   * Packages the platform hands the entry as objects rather than by module name, with where
   * to find them (native: onnxruntime-node as `context.ort`). Importing one by name loads
   * the project's own copy, which then has to be declared and installed.
   */
  contextPackages?: Record<string, string>;
  /** How the platform takes the Python environment (`mctl env check` defaults); absent for non-Python flavors. */
  environment?: EnvironmentContract;
  /** What `mctl init` writes for this platform. */
  scaffold: ScaffoldSpec;
  /**
   * Where every rule of this flavor comes from: the platform guide in shared/seeds or a public
   * page. A rule no source states is marked INFERRED in a comment beside it.
   */
  sources: string[];
  /** What `mctl serve` answers: the platform's own HTTP routes, error bodies and limits. */
  serve: ServeContract;
}

/** Where the platform starts the process, which directories it imports from, and how it sees a GPU. */
export interface Hosting {
  /**
   * model-dir: cwd and sys.path[0] at the model directory, the handler's directory first
   * (TorchServe/MMS); entry-dir: cwd at the script's directory, on sys.path in front
   * (`front`) or appended (`back`, as the Azure ML server does).
   */
  layout: 'model-dir' | 'entry-dir-front' | 'entry-dir-back';
  /**
   * gpu-id: all GPUs visible, the index passed (TorchServe's gpu_id); visible-device: the container
   * sees only its GPU.
   */
  gpu: 'gpu-id' | 'visible-device';
}

/** mctl init's scaffold: template sets under templates/, and what mctl.yaml records. */
export interface ScaffoldSpec {
  /** Template sets (directories of templates/) rendered in order, then `common`. */
  sets(options: ScaffoldChoices): string[];
  /** The entry script's path in the project. */
  entry(name: string, options: ScaffoldChoices): string;
  /** A handler string for mctl.yaml instead of entry: (TorchServe/MMS). */
  handler?(name: string, options: ScaffoldChoices): string;
  /** The environment file, absent for native entries (package.json is a template). */
  envFile?: string;
  modelDir: string;
  pythonVersion?(options: ScaffoldChoices): string;
  /** Extra template variables. */
  vars?(name: string, options: ScaffoldChoices): Record<string, string>;
}

export interface ScaffoldChoices {
  /** ModelArts runtime. */
  framework?: 'tensorflow' | 'pytorch' | 'mindspore';
  /** MMS: a handler class instead of module functions. */
  handlerClass?: boolean;
  /** native: TypeScript or JavaScript. */
  language?: 'ts' | 'js';
}

/** A platform's environment spec: its form, the file names it looks for, what it must contain. */
export interface EnvironmentContract {
  /** modelarts-config: the `dependencies` of ModelArts' model configuration file (config.json). */
  form: 'conda' | 'requirements' | 'modelarts-config';
  /** File names searched next to the entry script, then in the project directory, in this order. */
  files: string[];
  /** Distributions the platform needs in the spec, with why. */
  required?: { name: string; specifier?: string; installer: 'pip' | 'conda' | 'any'; reason: string }[];
  /**
   * Distributions the platform's image comes with (Cortex: boto3, …), with the version it has:
   * importing one needs no declaration, and a declared one (another version) is used instead.
   */
  preinstalled?: { name: string; version: string; modules: string[] }[];
}

/** The project around an entry, as far as a flavor's platformSetup needs it. */
export interface EntryProject {
  /** The directory of mctl.yaml. */
  dir: string;
  /** mctl.yaml's run.config. */
  runConfig?: Record<string, unknown>;
}

export interface PlatformSetup {
  config?: Record<string, unknown>;
  env?: Record<string, string>;
}

export interface PythonFlavor extends FlavorBase {
  language: 'python';
  /** How the platform's server hosts the entry: what `mctl run` (and the archive shim) reproduce. */
  hosting: Hosting;
  /**
   * What the platform hands this entry beyond the request: its configuration (Cortex's
   * config/metadata) and the environment its host needs. `mctl run` and `serve` pass both; `mctl
   * archive` records the configuration in MAR-INF/mctl.json, since an archive has no project around it.
   */
  platformSetup?: (entry: string, project: EntryProject | null) => PlatformSetup;
  detect(outline: PythonOutline, ctx: FlavorContext): Detection;
  check(outline: PythonOutline, ctx: FlavorContext): Report[];
  /**
   * How the platform will build and call this script, as far as the source tells (ModelArts:
   * which constructor; Cortex: which predictor generation). Plain data for the Python
   * adapter, so validate and run never disagree on a contract.
   */
  callPlan?(outline: PythonOutline, ctx: FlavorContext): CallPlan | undefined;
}

export type CallPlan = Record<string, string | number | boolean | string[] | null>;

export interface ScriptFlavor extends FlavorBase {
  language: 'script';
  detect(outline: ScriptOutline, ctx: FlavorContext): Detection;
  check(outline: ScriptOutline, ctx: FlavorContext): Report[];
}

export type Flavor = PythonFlavor | ScriptFlavor;

export function languageOf(outline: Outline): Flavor['language'] {
  return outline.language === 'python' ? 'python' : 'script';
}

export const FILE_START: Position = { line: 1, col: 1 };

// ---- mctl serve: the platform's HTTP API -------------------------------------------------
// Plain data and small pure functions per flavor; src/serve/ runs them and knows no flavor.

/** One HTTP request as the server received it. */
export interface ServeRequest {
  method: string;
  /** Without the query string, percent-decoded segments kept as sent. */
  path: string;
  /** The route pattern's named segments: `/predictions/{model}` gives params.model. */
  params: Record<string, string>;
  query: Record<string, string[]>;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** The media type alone, lower case (`application/json`), '' without a Content-Type. */
  mediaType: string;
  body: Buffer;
  /** multipart/form-data or urlencoded fields in order; absent for any other body. */
  form?: FormField[];
}

export interface FormField {
  name: string;
  data: Buffer;
  /** Files only: what the client declared. */
  contentType?: string;
  filename?: string;
}

/** What one request asks of the worker (the harness's `serve` op). */
export interface WorkItem {
  contentType: string;
  text?: string;
  base64?: string;
  /** Form fields, for platforms that hand them to the script one by one. */
  parts?: WorkPart[];
  headers?: Record<string, string>;
  query?: Record<string, string[]>;
  method?: string;
  /** The platform groups such requests into one call (TorchServe's batch). */
  batchable?: boolean;
  /** The platform's own request shape for this route (TorchServe's KServe envelopes). */
  envelope?: string;
}

export interface WorkPart {
  name: string;
  contentType?: string;
  filename?: string;
  text?: string;
  base64?: string;
}

/**
 * A request's result: `body` as the platform's own encoder wrote it (the Python adapters),
 * or `value`, a JSON value the flavor's reply encodes (native entries, ONNX models).
 */
export type WorkOutcome =
  | { ok: true; value?: unknown; body?: Buffer; status?: number; headers?: Record<string, string>; runMs?: number }
  | { ok: false; failure: WorkFailure };

export interface WorkFailure {
  /**
   * input: refused before user code; run: user code raised; contract/result: a result the
   * platform refuses; crashed/timeout: the worker is gone; unavailable: no worker to run it.
   */
  kind: 'input' | 'run' | 'contract' | 'result' | 'crashed' | 'timeout' | 'environment' | 'unavailable';
  message: string;
  timeoutMs?: number;
}

export interface ServeReply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** What the server knows when it answers: the model, its workers, what the entry declared. */
export interface ServeState {
  modelName: string;
  modelVersion: string;
  /** What is served, as shown: `model.mar`, `score.py`, `model.onnx`. */
  source: string;
  workers: { id: string; pid: number; startedAt: Date; ready: boolean }[];
  /** Workers that finished init; 0 while loading or after every worker died. */
  readyWorkers: number;
  batchSize: number;
  maxBatchDelayMs: number;
  timeoutMs: number;
  /** The model's tensors (ONNX), as the worker read them at load. */
  signature?: { inputs: TensorInfo[]; outputs: TensorInfo[] };
  /** The script's declared input/output schema (Azure ML's @input_schema), when it has one. */
  schema?: { input?: unknown; output?: unknown };
  /** The entry script's directory (Azure ML reads a user's swagger.json from there). */
  entryDir?: string;
  /** Every route served, for descriptions. */
  routes: { method: string; path: string; port: string; what: string }[];
}

export interface TensorInfo {
  name: string;
  type: string;
  shape: (number | string)[];
}

export interface ServeRoute {
  method: string;
  /** `{name}` is one segment; a literal suffix such as `:predict` may follow it. */
  path: string;
  port?: 'inference' | 'management';
  /** One line for the route list. */
  what: string;
  /** Requests that run the entry: how a request becomes the worker's item, how the outcome becomes the response. */
  infer?: {
    request(req: ServeRequest, state: ServeState): WorkItem | ServeReply;
    reply(outcome: WorkOutcome, req: ServeRequest, state: ServeState): ServeReply;
  };
  /** Answered by the server alone (health, model lists and descriptions). */
  answer?(req: ServeRequest, state: ServeState): ServeReply;
  /** Answered before the workers have loaded (the server's own /metrics); others get `unavailable`. */
  whileLoading?: boolean;
}

/** `unavailable`: the 503 every route but `whileLoading` ones gets until the first workers have loaded. */
export type ServeProblem = 'not-found' | 'method-not-allowed' | 'too-large' | 'bad-request' | 'unavailable';

export interface ServeContract {
  /** The platform's default inference port. */
  port: number;
  /** A management API on a port of its own (TorchServe). */
  managementPort?: number;
  /** Protocols besides the platform's own (`default`), e.g. KServe's. */
  protocols: string[];
  routes(protocol: string): ServeRoute[];
  /** The platform's status and body for a request the server refuses before any route runs. */
  problem(kind: ServeProblem, message: string): ServeReply;
  /** Whether the platform groups concurrent requests into one call (batch_size, max_batch_delay). */
  batching: boolean;
  /** The platform's default per-request limit, and an environment variable that sets it. */
  timeout: { seconds: number; env?: { name: string; unit: 'ms' | 's' } };
  /** Where each route, status and body comes from. */
  sources: string[];
}
