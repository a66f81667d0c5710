// Preloaded with --require: records which packages a run loads, for the lazy-loading test.
const Module = require('node:module');
const loaded = new Set();
const original = Module._load;
Module._load = function load(request, ...rest) {
  const match = /^(@[^/]+\/[^/]+|[^./][^/]*)/.exec(request);
  if (match && !request.startsWith('node:')) loaded.add(match[1]);
  return original.call(this, request, ...rest);
};
process.on('exit', () => {
  require('node:fs').writeFileSync(process.env.MCTL_RECORD_REQUIRES, JSON.stringify([...loaded].sort()));
});
