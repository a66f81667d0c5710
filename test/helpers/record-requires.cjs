// Preloaded with --require (also into worker threads): records which packages a run loads,
// for the lazy-loading test. One line per package and thread, appended as it is loaded,
// because worker threads may be ended without an exit event.
const Module = require('node:module');
const { appendFileSync } = require('node:fs');
const loaded = new Set();
const original = Module._load;
Module._load = function load(request, ...rest) {
  const match = /^(@[^/]+\/[^/]+|[^./][^/]*)/.exec(request);
  if (match && !request.startsWith('node:') && !loaded.has(match[1])) {
    loaded.add(match[1]);
    appendFileSync(process.env.MCTL_RECORD_REQUIRES, `${match[1]}\n`);
  }
  return original.call(this, request, ...rest);
};
