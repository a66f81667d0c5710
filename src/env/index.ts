import { basename, resolve } from 'node:path';
import { loadConfig, type EnvConfig } from '../config/load.ts';
import { FLAVORS, type FlavorId } from '../flavors/index.ts';
import { isScriptFile } from '../source/script/index.ts';
import { formatVersion, parsePythonVersion } from '../source/python/version.ts';
import type { Finding } from '../findings/finding.ts';
import { buildSpec, type BuiltSpec } from './build/index.ts';
import { checkIndexSecurity } from './checks/index-security.ts';
import { checkPins } from './checks/pins.ts';
import { checkPipListed, checkPlatformRequirements, checkPython, checkUnpinned } from './checks/spec-rules.ts';
import { chooseTarget } from './target.ts';
import { readEnvironmentFile } from './conda/parse.ts';
import { readModelArtsConfig } from './modelarts-config.ts';
import { chooseEntry, entryDirs, findSpecs, type FlavorChoice } from './discover.ts';
import { checkCoverage, type ClassifiedImport } from './imports/classify.ts';
import { collectImports } from './imports/collect.ts';
import { checkLocal } from './local.ts';
import { canonicalName } from './names.ts';
import { checkNativeEnv } from './native/index.ts';
import { redactCredentials } from '../util/redact.ts';
import { includeRoots, readRequirementsFile } from './requirements/parse.ts';
import { resolveSpec } from './resolve/index.ts';
import { summarise, type EnvCheckResult, type PythonLocal } from './result.ts';
import { applyRuleSettings } from './settings.ts';
import { emptySpec, type EnvSpec } from './spec.ts';
import { plannedOutputs, refuseExistingOutputs, writeOutputs } from './write.ts';
import { refuseOutputOverInput } from '../util/output-over-input.ts';
import { displayPath } from '../util/paths.ts';

export interface EnvCheckOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  config?: string;
  entry?: string;
  envFile?: string;
  requirements?: string;
  flavor?: FlavorId;
  form?: 'conda' | 'docker';
  gpu?: boolean;
  pythonVersion?: string;
  output?: string;
  force?: boolean;
  local?: boolean;
  resolve?: boolean;
  python?: string;
  /** Follow -r/-c includes that point outside the project. */
  allowOutsideIncludes?: boolean;
  /** Seconds for each --local / --resolve tool run. */
  timeout?: number;
  maxWarnings?: number;
}

export type { EnvCheckResult };

const DEFAULT_TIMEOUT_S = 120;

/**
 * `mctl env check`: the environment spec checked against the code, the platform and, on
 * request, real tools. Python entries against environment.yml / requirements.txt; native
 * (TS/JS) entries against package.json (src/env/native/). Never runs user code.
 */
export async function checkEnv(options: EnvCheckOptions): Promise<EnvCheckResult> {
  const { cwd } = options;
  const config = loadConfig({ cwd, ...(options.config ? { path: options.config } : {}) });
  const { entry, flavor } = chooseEntry(
    {
      ...(options.entry !== undefined ? { entry: options.entry } : {}),
      ...(options.flavor ? { flavor: options.flavor } : {}),
    },
    config,
    cwd,
  );
  if (flavor ? FLAVORS[flavor.id].language === 'script' : entry !== undefined && isScriptFile(entry.path)) {
    return checkNativeEnv({
      cwd,
      config,
      entry,
      flavor,
      flags: {
        form: options.form,
        gpu: options.gpu,
        pythonVersion: options.pythonVersion,
        requirements: options.requirements,
        resolve: options.resolve,
        python: options.python,
        output: options.output,
        envFile: options.envFile,
      },
      local: options.local === true,
      maxWarnings: options.maxWarnings ?? null,
    });
  }
  const envConfig: EnvConfig | undefined = config?.env;
  const form = options.form ?? envConfig?.form;
  const gpu = options.gpu ?? envConfig?.gpu ?? false;
  const contextDir = config?.dir ?? cwd;
  const outputs = form && options.output ? plannedOutputs(form, resolve(cwd, options.output), contextDir, cwd) : [];
  // Refuse before any work, so a forgotten --force costs nothing (exit 5).
  refuseExistingOutputs(outputs, options.force === true);

  const flagTarget = options.pythonVersion !== undefined ? parsePythonVersion(options.pythonVersion) : undefined;
  const configTarget = config?.pythonVersion
    ? parsePythonVersion(config.pythonVersion, `${displayPath(cwd, config.file)}: python_version`)
    : undefined;
  const flavorDef = flavor ? FLAVORS[flavor.id] : undefined;

  // ModelArts' config.json sits in the model directory, beside customize_service.py.
  const searchDirs = [...new Set([...entryDirs(entry, config, cwd), ...(config?.modelDir ? [config.modelDir] : [])])];
  const specFlags = {
    ...(options.envFile !== undefined ? { env: options.envFile } : {}),
    ...(options.requirements !== undefined ? { requirements: options.requirements } : {}),
  };
  const specs = findSpecs(specFlags, config, envConfig, flavor?.id, searchDirs, cwd);
  const spec = emptySpec();
  const roots = includeRoots(contextDir, [...specs.environment, ...specs.requirements]);
  const ctx = {
    cwd,
    spec,
    stack: [],
    done: new Set<string>(),
    roots,
    allowOutside: options.allowOutsideIncludes === true,
  };
  for (const path of specs.environment) readEnvironmentFile(path, displayPath(cwd, path), ctx);
  for (const path of specs.requirements) readRequirementsFile(path, ctx);
  for (const path of specs.modelartsConfig) readModelArtsConfig(path, displayPath(cwd, path), ctx);

  const notes: string[] = [];
  const target = chooseTarget(flagTarget, configTarget, spec);
  const findings: Finding[] = [...spec.findings];
  findings.push(
    ...checkPython(spec, target),
    ...checkPipListed(spec),
    ...checkUnpinned(spec),
    ...checkPins(spec),
    ...checkIndexSecurity(spec),
  );
  if (flavorDef) findings.push(...checkPlatformRequirements(spec, flavorDef.environment, flavorDef.title));

  let imports: ClassifiedImport[] = [];
  let modules: string[] = [];
  if (entry) {
    const collected = await collectImports(entry.path, {
      cwd,
      roots: entryDirs(entry, config, cwd).slice(0, 2),
      target: target.version,
    });
    const coverage = checkCoverage(collected, {
      spec,
      target: target.version,
      platformModules: [...(flavorDef?.platformModules ?? []), ...(envConfig?.provided ?? [])],
      platformTitle: flavorDef?.title ?? null,
      required: (flavorDef?.environment?.required ?? []).map((r) => canonicalName(r.name)),
      preinstalled: flavorDef?.environment?.preinstalled ?? [],
      importMap: envConfig?.importMap ?? {},
      ignore: envConfig?.ignoreImports ?? [],
      specFile: spec.files.find((f) => !f.included)?.display ?? 'the spec',
      specForm: specFormOf(spec),
    });
    findings.push(...collected.findings, ...coverage.findings);
    imports = coverage.imports.map((i) =>
      i.kind === 'local' && i.provider ? { ...i, provider: displayPath(cwd, i.provider) } : i,
    );
    modules = collected.modules;
  } else {
    notes.push('no entry script (pass --entry, or set entry in mctl.yaml): imports were not checked against the spec');
  }

  let built: BuiltSpec | null = null;
  if (form) {
    const result = buildSpec(spec, {
      form,
      gpu,
      target: target.version,
      contextDir,
      cwd,
      outputs,
      envConfig,
      configName: config?.name,
      ...(config
        ? { baseImageAt: { file: displayPath(cwd, config.file), loc: config.locate('/env/base_image') } }
        : {}),
      describe: describeSource(spec, flavor),
      ignore: config?.ignore ?? [],
    });
    built = result.built;
    findings.push(...result.findings);
    if (gpu && form === 'conda')
      notes.push(
        '--gpu changes only --form docker (the CUDA runtime image); a conda spec takes CUDA from its own pins',
      );
  }

  const timeoutMs = (options.timeout ?? DEFAULT_TIMEOUT_S) * 1000;
  let local: PythonLocal | null = null;
  if (options.local) {
    const checked = await checkLocal(spec, {
      ...(options.python ? { python: options.python } : {}),
      env: options.env,
      cwd,
      target: target.version,
      timeoutMs,
    });
    findings.push(...checked.findings);
    const { interpreter, ...rest } = checked.report;
    local = { ...rest, interpreter: interpreter.path, source: interpreter.source };
  }
  let resolved: EnvCheckResult['resolve'] = null;
  if (options.resolve) {
    const dockerfile = built?.files.find((f) => f.role === 'dockerfile');
    const result = await resolveSpec(spec, {
      ...(options.python ? { python: options.python } : {}),
      env: options.env,
      cwd,
      target: target.version,
      timeoutMs,
      contextDir,
      ...(dockerfile ? { dockerfile: { content: dockerfile.content, display: dockerfile.file } } : {}),
    });
    findings.push(...result.findings);
    resolved = { tools: result.tools };
  }

  const maxWarnings = options.maxWarnings ?? null;
  const {
    findings: final,
    summary,
    failed,
  } = summarise(applyRuleSettings(findings, spec, envConfig?.rules ?? {}), imports, maxWarnings);
  if (built && outputs.length > 0) {
    // Nothing this check read may be replaced by what it writes, --force or not.
    const read = [
      ...[...specs.environment, ...specs.requirements, ...specs.modelartsConfig, ...ctx.done].map((path) => ({
        path,
        label: `the spec ${displayPath(cwd, path)}`,
      })),
      // modules are display paths, relative to cwd.
      ...[entry?.path, ...modules].flatMap((path) =>
        path ? [{ path: resolve(cwd, path), label: `the module ${displayPath(cwd, resolve(cwd, path))}` }] : [],
      ),
      ...(config ? [{ path: config.file, label: 'mctl.yaml' }] : []),
    ];
    for (const output of outputs) {
      refuseOutputOverInput(output.path, output.display, read, {
        command: 'env check',
        hint: 'write the generated spec to a new file (-o environment.generated.yml), then compare or replace it yourself',
      });
    }
    if (summary.errors > 0) {
      notes.push(`${outputs.map((o) => o.display).join(' and ')} not written: fix the errors first`);
    } else {
      writeOutputs(
        built.files.map((f) => ({ path: f.path!, display: f.file, content: f.content })),
        options.force === true,
      );
      built.written = true;
    }
  }
  return {
    mode: 'python',
    flavor:
      flavor && flavorDef
        ? { id: flavor.id, title: flavorDef.title, source: flavor.source, reasons: flavor.reasons }
        : null,
    entry: entry?.display ?? null,
    pythonVersion: formatVersion(target.version),
    pythonSource: target.source,
    files: spec.files.map((f) => ({ file: f.display, kind: f.kind, included: f.included })),
    declared: [...spec.conda, ...spec.pip].map((d) => ({
      name: d.name,
      installer: d.installer,
      specifier: d.specifier,
      text: redactCredentials(d.text),
      file: d.file,
      line: d.loc.line,
      col: d.loc.col,
      pinned: d.pinned,
      constraint: d.constraint,
    })),
    modules,
    imports,
    findings: final,
    summary,
    built,
    local,
    resolve: resolved,
    maxWarnings,
    failed,
    notes,
  };
}

/** The form missing packages are suggested in: the first top-level spec's. */
function specFormOf(spec: EnvSpec): 'conda' | 'requirements' | 'modelarts-config' {
  if (spec.files.some((f) => f.kind === 'conda')) return 'conda';
  return spec.files.some((f) => f.kind === 'modelarts-config') ? 'modelarts-config' : 'requirements';
}

function describeSource(spec: EnvSpec, flavor: FlavorChoice | undefined): string {
  const files = spec.files
    .filter((f) => !f.included)
    .map((f) => basename(f.path))
    .join(' + ');
  return `${files}${flavor ? ` for ${FLAVORS[flavor.id].title}` : ''}`;
}
