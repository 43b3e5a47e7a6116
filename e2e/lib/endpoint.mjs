// A small local collection endpoint for end-to-end tests, standing in for `prongsai serve`
// until it exists: serves dist/ at / and stores POST /api/v1/responses by envelope id
// (201 stored, 200 already stored), with failure injection. Also the static server of the
// benchmark (optional brotli/gzip like a real server).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

// The built-in instruments, served at /instruments/ID.json like `prongsai serve` does (the
// widget embeds none: it fetches the one it shows when the page does not carry it).
const INSTRUMENTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../instruments');
const BUILTIN_IDS = ['ita-iit', 'ita-eit', 'satisfaction', 'quick'];

export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Starts the endpoint on 127.0.0.1, port 0.
 * options: { dist, compress: false | true, extra: { '/path': {type, body} },
 *            mounts: { '/examples/': directory } (more static directories),
 *            cors: false | true (Access-Control-Allow-Origin: * on static files, as a widget
 *            server for host pages on other origins needs) }
 * Returns { url, records (Map id → envelope), posts (every POST seen), failNext(n, status),
 *           setDelay(ms), close() }.
 */
export async function startNodeEndpoint({ dist, compress = false, extra = {}, upstream = null, mounts = {}, cors = false } = {}) {
  const records = new Map();
  const posts = [];
  let failures = [];
  let delay = 0;
  const staticDelay = {};
  const cache = new Map();

  function readStatic(file) {
    if (cache.has(file)) return cache.get(file);
    const raw = fs.readFileSync(file);
    const entry = { raw };
    if (compress) {
      entry.br = zlib.brotliCompressSync(raw, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
      });
      entry.gzip = zlib.gzipSync(raw, { level: 9 });
    }
    cache.set(file, entry);
    return entry;
  }

  function send(res, status, body, headers = {}) {
    res.writeHead(status, { 'cache-control': 'no-store', ...headers });
    res.end(body);
  }

  function forward(req, res, body) {
    // Like a reverse proxy in front of the real server: the Host header stays the one the
    // browser used, so the page and the API share one origin (no CORS, no allowed_origins).
    const target = new URL(req.url, upstream);
    const headers = { ...req.headers };
    const out = http.request(target, { method: req.method, headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    out.on('error', (e) => send(res, 502, JSON.stringify({ error: `upstream: ${e.message}` }), { 'content-type': 'application/json' }));
    // A body read already (the responses the proxy records) or the request's own, streamed
    // (e.g. POST /api/v1/codes/check).
    if (body === undefined) req.pipe(out);
    else out.end(body);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const mounted = Object.keys(mounts).some((prefix) => url.pathname.startsWith(prefix));
    if (upstream && !(url.pathname === '/api/v1/responses' && req.method === 'POST') && !extra[url.pathname] && !mounted) {
      const ms = staticDelay[path.extname(url.pathname)];
      if (ms) return setTimeout(() => forward(req, res), ms);
      return forward(req, res);
    }
    if (url.pathname === '/api/v1/responses') {
      const cors = {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'content-type, idempotency-key',
      };
      if (req.method === 'OPTIONS') return send(res, 204, '', cors);
      if (req.method !== 'POST') return send(res, 405, '{"error":"method not allowed"}', cors);
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const key = req.headers['idempotency-key'];
        posts.push({ key, text, headers: req.headers });
        const respond = () => {
          const json = { 'content-type': 'application/json', ...cors };
          if (failures.length) {
            const status = failures.shift();
            return send(res, status, JSON.stringify({ error: `injected failure ${status}` }), json);
          }
          if (upstream) return forward(req, res, text);
          let env;
          try {
            env = JSON.parse(text);
          } catch {
            return send(res, 400, JSON.stringify({ error: 'body is not JSON' }), json);
          }
          if (env.format !== 'prongsai.response/1' || typeof env.id !== 'string' || env.id !== key) {
            return send(res, 422, JSON.stringify({ error: 'not a prongsai.response/1 envelope with a matching Idempotency-Key' }), json);
          }
          if (records.has(env.id)) return send(res, 200, JSON.stringify({ id: env.id, stored: false }), json);
          records.set(env.id, env);
          return send(res, 201, JSON.stringify({ id: env.id, stored: true }), json);
        };
        if (delay) setTimeout(respond, delay);
        else respond();
      });
      return;
    }
    // What the widget asks before the first question, as `prongsai serve` answers it: no survey
    // of this endpoint needs a one-time code; readable from any origin.
    const survey = url.pathname.match(/^\/api\/v1\/surveys\/([a-z0-9-]+)$/);
    if (survey && !extra[url.pathname]) {
      const headers = {
        'content-type': 'application/json',
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, OPTIONS',
        'access-control-allow-headers': 'content-type, idempotency-key, x-prongsai-code',
      };
      if (req.method === 'OPTIONS') return send(res, 204, '', headers);
      return send(res, 200, JSON.stringify({ id: survey[1], needs_code: false }), headers);
    }
    const instrument = url.pathname.match(/^\/instruments\/([a-z0-9-]+)\.json$/);
    if (instrument && !extra[url.pathname]) {
      const headers = { 'content-type': 'application/json', 'access-control-allow-origin': '*' };
      if (!BUILTIN_IDS.includes(instrument[1])) {
        return send(res, 404, JSON.stringify({ error: { code: 'unknown_instrument', field: 'id' } }), headers);
      }
      return send(res, 200, fs.readFileSync(path.join(INSTRUMENTS, `${instrument[1]}.json`)), headers);
    }
    if (extra[url.pathname]) {
      const e = extra[url.pathname];
      return send(res, e.status || 200, e.body, { 'content-type': e.type || 'application/json', ...(e.headers || {}) });
    }
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    let root = dist;
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (rel.startsWith(prefix)) {
        root = dir;
        rel = `/${rel.slice(prefix.length)}`;
      }
    }
    const file = path.join(root, path.normalize(rel).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(path.resolve(root)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      return send(res, 404, 'not found', { 'content-type': 'text/plain' });
    }
    const entry = readStatic(file);
    if (staticDelay[path.extname(file)]) {
      const ms = staticDelay[path.extname(file)];
      return setTimeout(() => serveFile(req, res, file, entry), ms);
    }
    return serveFile(req, res, file, entry);
  });

  function serveFile(req, res, file, entry) {
    const headers = { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' };
    if (cors) headers['access-control-allow-origin'] = '*';
    const accept = req.headers['accept-encoding'] || '';
    let body = entry.raw;
    if (compress && /\bbr\b/.test(accept)) {
      body = entry.br;
      headers['content-encoding'] = 'br';
    } else if (compress && /\bgzip\b/.test(accept)) {
      body = entry.gzip;
      headers['content-encoding'] = 'gzip';
    }
    if (compress) headers.vary = 'accept-encoding';
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(body);
  }

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    kind: 'node',
    url: `http://127.0.0.1:${port}`,
    records,
    posts,
    /** Stored responses of an instrument (all when none is named), optionally of one unit/point. */
    async count(instrument = null, { unit, point } = {}) {
      return [...records.values()].filter((e) => (!instrument || e.instrument === instrument)
        && (unit === undefined || e.unit === unit) && (point === undefined || e.point === point)).length;
    },
    failNext(n, status = 500) {
      failures = Array(n).fill(status);
    },
    setDelay(ms) {
      delay = ms;
    },
    /** Delays static files by extension, e.g. { '.wasm': 2000 } (a slow network for the wasm). */
    delayStatic(byExt) {
      Object.assign(staticDelay, byExt);
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  };
}
