#!/usr/bin/env node
// Serves the example municipal website together with the built widget, as one site:
//   scripts/build-widget.sh && node examples/municipal/serve.mjs
//   → http://127.0.0.1:8090/examples/municipal/ (responses are kept in memory and printed)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNodeEndpoint } from '../../e2e/lib/endpoint.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const ep = await startNodeEndpoint({
  dist: path.join(root, 'dist'),
  mounts: { '/examples/municipal/': here },
  compress: true,
});
console.log(`example municipal site: ${ep.url}/examples/municipal/  (Ctrl-C to stop)`);
setInterval(() => {
  for (const [id, env] of ep.records) {
    if (!env.printed) {
      env.printed = true;
      console.log(`stored ${env.instrument} ${id} unit=${env.unit} point=${env.point}`);
    }
  }
}, 1000);
