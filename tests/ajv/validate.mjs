// Validate a built site's JSON export with Ajv in strict mode, as a tool builder would load it.
//
//   node tests/ajv/validate.mjs SITE [--record FILE]...
//
// Every schema published under SITE/api/v1/ (*.schema.json and schema.json) is added to one
// Ajv2020 instance ({strict: true, allErrors: true}, with ajv-formats) and compiled: strict mode
// refuses unknown keywords, unknown formats, union types, types left implicit and two schemas with
// the same $id. Each schema's $id must be the absolute URL it is served at (site_url + api/v1/<name>).
// Then every other JSON file under SITE/api/v1/ (api/v1/editions/** included), under each translation's
// SITE/<language>/api/v1/, and every --record
// file is validated against the schema its "$schema" names, looked up by $id, so a document that
// names no published schema fails too. Prints one line per failure and a summary; exits 1 on any
// failure, 2 on wrong usage.

import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const args = process.argv.slice(2);
const records = [];
let site = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--record" && i + 1 < args.length) records.push(args[++i]);
  else if (site === null && !args[i].startsWith("--")) site = args[i];
  else {
    console.error(`usage: node validate.mjs SITE [--record FILE]... (unexpected '${args[i]}')`);
    process.exit(2);
  }
}
if (site === null) {
  console.error("usage: node validate.mjs SITE [--record FILE]...");
  process.exit(2);
}

const api = join(site, "api", "v1");
const failures = [];
const fail = (where, message) => failures.push(`${where}: ${message}`);
const read = (path) => JSON.parse(readFileSync(path, "utf8"));

function* files(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.name.endsWith(".json")) yield path;
  }
}

const isSchema = (path) => relative(api, path).match(/^(schema|[a-z-]+\.schema)\.json$/) !== null;
const siteUrl = read(join(api, "guidelines.json")).guideline.site_url;
const ajv = addFormats(new Ajv2020({ strict: true, allErrors: true }));

const schemas = [];
for (const path of files(api)) {
  if (!isSchema(path)) continue;
  const where = relative(site, path);
  const schema = read(path);
  const expected = `${siteUrl}api/v1/${relative(api, path)}`;
  if (schema.$id !== expected) fail(where, `$id is ${JSON.stringify(schema.$id)}, expected ${expected}`);
  try {
    ajv.addSchema(schema);
    schemas.push([where, schema.$id]);
  } catch (error) {
    fail(where, error.message);
  }
}
if (schemas.length < 3) fail(relative(site, api), `only ${schemas.length} schemas published (expected at least 3)`);
for (const [where, id] of schemas) {
  try {
    ajv.getSchema(id); // compiles the schema (and what it refers to) in strict mode
  } catch (error) {
    fail(where, error.message);
  }
}

function check(path, where) {
  let document;
  try {
    document = read(path);
  } catch (error) {
    return fail(where, `not JSON: ${error.message}`);
  }
  const name = document === null || typeof document !== "object" ? undefined : document.$schema;
  let validate;
  try {
    validate = typeof name === "string" ? ajv.getSchema(name) : undefined;
  } catch (error) {
    return fail(where, `its schema ${name} does not compile: ${error.message}`);
  }
  if (validate === undefined) return fail(where, `$schema ${JSON.stringify(name)} is not a published schema`);
  if (!validate(document)) {
    for (const error of validate.errors) fail(where, `${error.instancePath || "/"} ${error.message} (${error.schemaPath})`);
  }
  return true;
}

let documents = 0;
for (const path of files(api)) {
  if (isSchema(path)) continue;
  documents += 1;
  check(path, relative(site, path));
}
// Each translation's export (SITE/<language>/api/v1/), whose documents name the English export's schemas.
for (const entry of readdirSync(site, { withFileTypes: true })) {
  if (!entry.isDirectory() || !/^[a-z]{2}$/.test(entry.name)) continue;
  const other = join(site, entry.name, "api", "v1");
  try { readdirSync(other); } catch (error) { continue; }
  for (const path of files(other)) {
    documents += 1;
    check(path, relative(site, path));
  }
}
for (const path of records) check(path, path);

for (const line of failures) console.log(line);
console.log(`${failures.length ? "FAILED" : "ok"}: ${schemas.length} schemas, ${documents} documents, ` +
            `${records.length} records, ${failures.length} problems`);
process.exit(failures.length ? 1 : 0);
