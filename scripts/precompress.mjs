#!/usr/bin/env node
// Precompresses the built widget once, at the strongest settings, so that `prongsai serve`
// (tower-http ServeDir with precompressed_br/gzip) sends `FILE.br` / `FILE.gz` with
// `Content-Encoding` instead of compressing on every request at a low level.
//
//   node scripts/precompress.mjs DIR
//
// For every .wasm/.js/.css/.html/.json/.svg file in DIR (not recursive): writes FILE.br (brotli
// quality 11, large window) and FILE.gz (gzip -9) when missing or older than FILE; removes .br/.gz
// files whose original is gone (older builds). A compressed file that is not smaller than the
// original is not kept: the server then sends the original as it is.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dir = process.argv[2];
if (!dir || !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
  console.error('usage: node scripts/precompress.mjs DIR');
  process.exit(2);
}

const COMPRESSIBLE = /\.(wasm|js|mjs|css|html|json|svg|txt)$/;
const encoders = {
  '.br': (buf) => zlib.brotliCompressSync(buf, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_LGWIN]: zlib.constants.BROTLI_MAX_WINDOW_BITS,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_GENERIC,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  }),
  '.gz': (buf) => zlib.gzipSync(buf, { level: zlib.constants.Z_BEST_COMPRESSION, memLevel: 9 }),
};

const names = fs.readdirSync(dir);
let written = 0;
for (const name of names) {
  const file = path.join(dir, name);
  const ext = Object.keys(encoders).find((e) => name.endsWith(e));
  if (ext) {
    // An orphan of an older build: its original was removed.
    if (!fs.existsSync(file.slice(0, -ext.length))) fs.rmSync(file);
    continue;
  }
  if (!COMPRESSIBLE.test(name) || !fs.statSync(file).isFile()) continue;
  const source = fs.statSync(file);
  for (const [suffix, encode] of Object.entries(encoders)) {
    const out = file + suffix;
    const existing = fs.statSync(out, { throwIfNoEntry: false });
    if (existing && existing.mtimeMs >= source.mtimeMs) continue;
    const packed = encode(fs.readFileSync(file));
    if (packed.length >= source.size) {
      fs.rmSync(out, { force: true });
      continue;
    }
    // Write beside, then rename: a request never sees a half-written file.
    fs.writeFileSync(`${out}.tmp`, packed);
    fs.renameSync(`${out}.tmp`, out);
    written += 1;
  }
}
const manifest = path.join(dir, 'manifest.json');
const wasm = fs.existsSync(manifest) ? JSON.parse(fs.readFileSync(manifest, 'utf8')).wasm : null;
const size = (f) => fs.statSync(path.join(dir, f), { throwIfNoEntry: false })?.size;
console.log(`[precompress] ${written} files written${wasm ? `; ${wasm}: ${size(wasm)} B, brotli ${size(`${wasm}.br`) ?? '-'} B, gzip ${size(`${wasm}.gz`) ?? '-'} B` : ''}`);
