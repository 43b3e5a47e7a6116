#!/usr/bin/env node
// Shortens the names the wasm and its JavaScript glue use for each other.
//
//   node scripts/minify-wasm-names.mjs MAP.json GLUE.js FINAL.wasm
//
// wasm-bindgen names every import after the JS function plus a hash
// (`__wbg_setAttribute_f75317b2b5cabfb4`): ~190 names of ~40 bytes, written once in the wasm and
// once in the glue, whose hashes brotli cannot compress (~3.5 KB over the wire). binaryen's
// `wasm-opt --minify-imports-and-exports-and-modules` renames them in the wasm (`a`, `b`, … and
// the module `./prongsai_bg.js` → `a`) and prints the mapping as JSON (MAP.json); this script
// applies the same mapping to the glue, in place:
//   * each import's key in the glue's import object (`__wbg_…_hash: function(…)`),
//   * the module's key (`"./prongsai_bg.js": import0`),
//   * each export the glue calls (`wasm.__wbindgen_malloc`).
// Then it checks the result against FINAL.wasm (read by the JS engine's own WebAssembly parser):
// every import the wasm asks for is a key of the glue's import object, and every `wasm.NAME` the
// glue uses is an export. Any mismatch stops the build: a widget that cannot instantiate must not
// ship.
import fs from 'node:fs';

const [mapFile, glueFile, wasmFile] = process.argv.slice(2);
if (!wasmFile) {
  console.error('usage: node scripts/minify-wasm-names.mjs MAP.json GLUE.js FINAL.wasm');
  process.exit(2);
}
const fail = (msg) => {
  console.error(`[minify-wasm-names] ${msg}`);
  process.exit(1);
};

const map = JSON.parse(fs.readFileSync(mapFile, 'utf8'));
let glue = fs.readFileSync(glueFile, 'utf8');
const wasm = new WebAssembly.Module(fs.readFileSync(wasmFile));
const imports = WebAssembly.Module.imports(wasm);
const exports = new Set(WebAssembly.Module.exports(wasm).map((e) => e.name));
const escape = (s) => s.replace(/[$.*+?^(){}|[\]\\]/g, '\\$&');

// Imports: `old: function` → `"new": function`, exactly once each.
const oldModules = new Set();
for (const [module, from, to] of map.imports ?? []) {
  oldModules.add(module);
  const key = new RegExp(`(?<![\\w$])${escape(from)}(?=\\s*:)`, 'g');
  const found = glue.match(key)?.length ?? 0;
  if (found !== 1) fail(`import ${from}: ${found} keys in the glue, expected 1`);
  glue = glue.replace(key, JSON.stringify(to));
}

// The import module: every import of the final wasm comes from one module (binaryen names it).
const newModules = new Set(imports.map((i) => i.module));
if (oldModules.size > 1 || newModules.size > 1) {
  fail(`expected one import module, found ${[...oldModules]} → ${[...newModules]}`);
}
for (const from of oldModules) {
  const [to] = newModules;
  const key = new RegExp(`${escape(JSON.stringify(from))}(?=\\s*:)`, 'g');
  const found = glue.match(key)?.length ?? 0;
  if (found !== 1) fail(`module ${from}: ${found} keys in the glue, expected 1`);
  glue = glue.replace(key, JSON.stringify(to));
}

// Exports: `wasm.old` → `wasm.new`.
for (const [from, to] of map.exports ?? []) {
  glue = glue.replace(new RegExp(`(?<![\\w$])wasm\\.${escape(from)}(?![\\w$])`, 'g'), `wasm.${to}`);
}

// Check against the wasm itself.
for (const { name } of imports) {
  const key = new RegExp(`(?<![\\w$])${escape(JSON.stringify(name))}(?=\\s*:)`);
  if (!key.test(glue)) fail(`the wasm imports "${name}" but the glue does not provide it`);
}
for (const [, name] of glue.matchAll(/(?<![\w$])wasm\.([\w$]+)/g)) {
  if (!exports.has(name)) fail(`the glue calls wasm.${name}, which the wasm does not export`);
}
fs.writeFileSync(glueFile, glue);
console.log(`[minify-wasm-names] ${map.imports?.length ?? 0} imports and ${map.exports?.length ?? 0} exports renamed`);
