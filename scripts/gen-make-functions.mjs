// Generates src/export/make/generated/iml-functions.ts: each function descriptors may call (functions/),
// plus the export's own helpers (src/export/make/iml/), bundled by esbuild into one plain-JavaScript
// function with no imports, as Make runs custom IML functions. The bundle is the TypeScript source itself,
// so the runtime and the Make app run one source. A function whose bundle needs Node (other than
// node:crypto's sha256, which becomes Make's built-in iml.sha256) or is over Make's 5,000-character limit
// is listed with the reason instead. `--check` exits non-zero when the checked-in file is stale;
// `--show=<name>` prints that function's bundle, whatever its size.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url);
const out = new URL('src/export/make/generated/iml-functions.ts', root);
/** Make's limit on a custom function's code (developers.make.com/custom-apps-documentation/app-components/iml-functions). */
const MAX_CHARS = 5000;

// Where each function lives: functions/index.ts re-exports them from these files.
const index = await readFile(new URL('functions/index.ts', root), 'utf8');
const sources = {};
for (const m of index.matchAll(/^import \{ ([^}]+) \} from '\.\/([a-z-]+)\.js';$/gm)) {
  for (const name of m[1].split(',').map((s) => s.trim())) sources[name] = `./functions/${m[2]}.ts`;
}
sources.normalizeRecipient = './src/export/make/iml/normalize-recipient.ts';
// Make variants of functions whose faithful bundle cannot fit (src/export/make/functions.ts MAKE_VARIANTS
// says what differs; test/export/make/ holds the table on which they agree with the runtime).
sources.formatPhone = './src/export/make/iml/format-phone.ts';
sources.failUnless = './src/export/make/iml/fail-unless.ts';
// Built-ins of the expression language that Make's IML lacks (help.make.com lists neither).
for (const name of ['isEmpty', 'coalesce']) sources[name] = './src/runtime/expressions/emptiness.ts';

// node:crypto is used for one sha256 hex digest of a text (functions/content-digest.ts): Make's IML has it.
const cryptoAsIml = {
  name: 'crypto-as-iml',
  setup(b) {
    b.onResolve({ filter: /^node:crypto$/ }, () => ({ path: 'crypto', namespace: 'iml' }));
    b.onLoad({ filter: /.*/, namespace: 'iml' }, () => ({
      contents: `export function createHash(){let t='';return{update(s){t+=s;return this},digest(){return iml.sha256(t)}}}`,
      loader: 'js',
    }));
  },
};

// Modules whose exports are data read from descriptors when they load (the webhook rules, the descriptor
// read and checked; the template variables' field definitions). Each export becomes a custom function of its
// own that returns the data (FLATTEN_RULES → flattenRules()), and a bundle that imports it calls that through
// Make's `iml` namespace: the bundles carry neither the descriptor, nor its checks, nor the data.
const DATA_MODULES = ['functions/webhook-rules-data.ts', 'functions/template-field-data.ts'];

/** A value JSON keeps as it is: no Map, Set, RegExp, class instance or function. */
function isPlainData(v) {
  if (v === null || ['string', 'boolean'].includes(typeof v)) return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isPlainData);
  if (typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return false;
  return Object.values(v).every((x) => x === undefined || isPlainData(x));
}

const functionName = (constant) => constant.toLowerCase().replace(/_([a-z])/g, (_, c) => c.toUpperCase());

// Modules whose exported functions are each a custom function of their own, for a function whose bundle
// would be over the limit with them (templateProblems and its header, button and carousel checks). Their
// exports take and return values, never change an argument: other bundles call them through `iml`.
const SPLIT_MODULES = ['functions/template-part-checks.ts'];

/** A module as Node runs it: bundled, then imported from memory. */
async function evaluate(file) {
  const result = await build({ entryPoints: [file], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'silent' });
  return import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`);
}

/** Data function name → its value; module path → what other bundles get in its place (calls through `iml`). */
const dataValues = new Map();
const imlModules = new Map();
for (const file of DATA_MODULES.map((f) => fileURLToPath(new URL(f, root)))) {
  let contents = '';
  for (const [constant, value] of Object.entries(await evaluate(file))) {
    if (!isPlainData(value)) throw new Error(`${file}: export ${constant} is not plain JSON data`);
    if (sources[functionName(constant)] || dataValues.has(functionName(constant))) throw new Error(`${file}: ${functionName(constant)} is already a function's name`);
    dataValues.set(functionName(constant), value);
    // Pure: a bundle that does not read the constant drops the call.
    contents += `export const ${constant} = /* @__PURE__ */ iml.${functionName(constant)}();\n`;
  }
  imlModules.set(file, contents);
}
for (const relative of SPLIT_MODULES) {
  const file = fileURLToPath(new URL(relative, root));
  let contents = '';
  for (const [name, value] of Object.entries(await evaluate(file))) {
    if (typeof value !== 'function') throw new Error(`${relative}: export ${name} is not a function`);
    if (sources[name] || dataValues.has(name)) throw new Error(`${relative}: ${name} is already a function's name`);
    sources[name] = `./${relative}`;
    contents += `export const ${name} = (...args) => iml.${name}(...args);\n`;
  }
  imlModules.set(file, contents);
}
/** In the bundle of `own` (a module's own export), every other such module is its calls through `iml`. */
const modulesAsIml = (own) => ({
  name: 'modules-as-iml',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => (imlModules.has(args.path) && args.path !== own ? { contents: imlModules.get(args.path), loader: 'js' } : undefined));
  },
});

const fitting = (code) => (code.length > MAX_CHARS ? { problem: `its bundle is ${code.length} characters, over Make's limit of ${MAX_CHARS}` } : { code });

async function bundle(name, file) {
  try {
    const result = await build({
      stdin: {
        contents: `export { ${name} as f } from '${file}';`,
        resolveDir: new URL('.', root).pathname,
        loader: 'ts',
      },
      bundle: true,
      write: false,
      // ESM, not an IIFE with a global name: the export interop that needs costs ~450 characters. The one
      // export at the end becomes the function's return.
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      target: 'es2020',
      minify: true,
      // Make counts characters: "—" stays one, not the six of "\\u2014".
      charset: 'utf8',
      legalComments: 'none',
      logLevel: 'silent',
      plugins: [cryptoAsIml, modulesAsIml(fileURLToPath(new URL(file, root)))],
    });
    const text = result.outputFiles[0].text.trim();
    const exported = /export\s*\{\s*([\w$]+)(?: as f)?\s*\};?$/.exec(text);
    if (!exported) throw new Error(`the bundle of ${name} does not end with its one export`);
    const code = `function ${name}(...args) {\n${text.slice(0, exported.index).trim()}\nreturn ${exported[1]}(...args);\n}\n`;
    if (process.argv.includes(`--show=${name}`)) console.log(code);
    return fitting(code);
  } catch (error) {
    return { problem: `it cannot run in Make's sandbox: ${error.errors?.[0]?.text ?? error.message}` };
  }
}

const entries = [];
for (const name of Object.keys(sources)) entries.push([name, await bundle(name, sources[name])]);
// The data functions the bundles call.
const called = entries.map(([, e]) => e.code ?? '').join('\n');
for (const [name, value] of dataValues) if (called.includes(`iml.${name}(`)) entries.push([name, fitting(`function ${name}() {\nreturn ${JSON.stringify(value)};\n}\n`)]);
entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
const text =
  '// Generated by scripts/gen-make-functions.mjs from functions/ and src/export/make/iml/: do not edit.\n' +
  '/** Each function as a Make custom IML function (`code`), or why it cannot be one (`problem`). */\n' +
  `export const IML_FUNCTIONS: Readonly<Record<string, { code: string } | { problem: string }>> = ${JSON.stringify(Object.fromEntries(entries), null, 2)};\n`;

if (process.argv.includes('--check')) {
  const current = await readFile(out, 'utf8').catch(() => '');
  if (current !== text) {
    console.error('src/export/make/generated/iml-functions.ts is stale: run node scripts/gen-make-functions.mjs');
    process.exit(1);
  }
} else await writeFile(out, text);
