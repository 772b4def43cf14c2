#!/usr/bin/env node
// Lint every queries/*.cypher with Neo4j's own Cypher linter (lintCypherQuery from
// @neo4j-cypher/language-support), given the lawgraph schema: labels, relationship types,
// property keys (as graph.model.flat_props stores them) and each file's own parameters
// (read from its "// param:" header lines, so an undeclared $param is an error).
//
//   node tools/cypher-lint/lint.mjs [FILE.cypher ...]    default: every queries/*.cypher
//   node tools/cypher-lint/lint.mjs --print-schema       the schema, as JSON
//
// Prints one line per diagnostic (file:line:column severity message) and exits 1 if any
// file has an error or a warning (a warning here means a label, type or property key that
// the model does not have: a misspelling), 0 otherwise. Functions are limited to
// PORTABLE_FUNCTIONS and procedures to none, so APOC or a Neo4j-only call is an error.

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');

// Keep in step with graph/model.py (tests/test_cypher_lint.py checks that they agree).
export const SCHEMA = {
  labels: ['Agency', 'Law', 'Report'],
  relationshipTypes: ['CITES', 'ISSUED', 'MENTIONS'],
  propertyKeys: [
    // Agency
    'id', 'name', 'aliases', 'level', 'region',
    // Law
    'title', 'short_titles', 'category', 'issuer', 'status', 'repealed', 'successor', 'in_force_from', 'linked',
    // Report
    'year', 'published', 'source', 'sources', 'script', 'chars',
    // ISSUED, Report-CITES, MENTIONS, Agency-CITES (spans stored flat)
    'surfaces', 'count', 'kinds', 'functions', 'span_starts', 'span_ends', 'doc_numbers', 'sentences', 'reports', 'articles',
  ],
  graphSchema: [
    { from: 'Agency', to: 'Report', relType: 'ISSUED' },
    { from: 'Report', to: 'Law', relType: 'CITES' },
    { from: 'Report', to: 'Agency', relType: 'MENTIONS' },
    { from: 'Agency', to: 'Law', relType: 'CITES' },
  ],
};

// Functions the queries may call: a small set of plain openCypher functions that any
// Neo4j 5 has. Any other function (APOC, plugins) and any procedure is reported as an
// error, which keeps the library free of server extensions. Their signatures come from the package's own Neo4j function
// table (testData.mockSchema, a dump of a real server's dbms.listFunctions).
export const PORTABLE_FUNCTIONS = [
  'abs', 'avg', 'ceil', 'coalesce', 'collect', 'count', 'date', 'floor', 'head', 'keys', 'labels', 'last',
  'left', 'max', 'min', 'range', 'replace', 'reverse', 'right', 'round', 'size', 'split', 'substring', 'sum',
  'toFloat', 'toInteger', 'toLower', 'toString', 'toUpper', 'trim', 'type',
];

function portableFunctions() {
  const out = {};
  for (const [version, table] of Object.entries(testData.mockSchema.functions)) {
    out[version] = {};
    for (const name of PORTABLE_FUNCTIONS) {
      if (!table[name]) throw new Error(`function ${name} is missing from the linter's table for ${version}`);
      out[version][name] = table[name];
    }
  }
  return out;
}

function noProcedures() {
  return Object.fromEntries(Object.keys(testData.mockSchema.procedures).map((v) => [v, {}]));
}

const SAMPLE = {
  law: 'law:example',
  agency: 'agency:example',
  str: 'text',
  int: 2024,
  float: 0.5,
  bool: true,
  'list[str]': ['法律'],
  'list[int]': [2024],
};

// "// param: law_id: law -- …" → { law_id: 'law:example' }
export function headerParameters(text, file) {
  const params = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (!trimmed.startsWith('//')) break;
    const m = /^\/\/\s?param:\s*([a-z_][a-z0-9_]*)\s*:\s*(list\[(?:str|int)\]|[a-z]+)/.exec(trimmed);
    if (m) {
      if (!(m[2] in SAMPLE)) throw new Error(`${file}: parameter ${m[1]} has unknown type ${m[2]}`);
      params[m[1]] = SAMPLE[m[2]];
    }
  }
  return params;
}

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

export function lintFile(file) {
  const text = readFileSync(file, 'utf8');
  const schema = {
    ...SCHEMA,
    functions: portableFunctions(),
    procedures: noProcedures(),
    parameters: headerParameters(text, file),
  };
  const { diagnostics } = lintCypherQuery(text, schema);
  return diagnostics.map((d) => ({
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    severity: SEVERITY[d.severity] ?? String(d.severity),
    message: d.message,
  }));
}

function main(argv) {
  if (argv.includes('--print-schema')) {
    process.stdout.write(JSON.stringify({ ...SCHEMA, functions: PORTABLE_FUNCTIONS }, null, 2) + '\n');
    return 0;
  }
  let files = argv.filter((a) => !a.startsWith('--'));
  if (files.length === 0) {
    const dir = join(root, 'queries');
    files = readdirSync(dir).filter((f) => f.endsWith('.cypher')).sort().map((f) => join(dir, f));
  }
  if (files.length === 0) {
    console.error('no .cypher files to lint');
    return 1;
  }
  let failures = 0;
  for (const file of files) {
    const found = lintFile(file);
    for (const d of found) {
      console.log(`${relative(process.cwd(), d.file)}:${d.line}:${d.column} ${d.severity} ${d.message}`);
      if (d.severity === 'error' || d.severity === 'warning') failures += 1;
    }
  }
  console.log(`${files.length} file(s) linted, ${failures} problem(s)`);
  return failures ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}` || resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
