// The floor for a start: a bare Node script that reads the same YAML files, parses them and
// indexes the facts with MiniSearch (no validation, no lint, no cache), then answers one
// search and prints it. `npm run bench` times it beside `landscape start`.
//   node bench/bare-start.mjs <knowledge dir> <question>
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { parse } from 'yaml';

const [dir, question = 'When was DeepSeek R1 released?'] = process.argv.slice(2);
const facts = [];
for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !/\.ya?ml$/i.test(entry.name)) continue;
  const doc = parse(await readFile(path.join(entry.parentPath, entry.name), 'utf8')) ?? {};
  for (const fact of doc.facts ?? []) facts.push({ id: fact.id, claim: fact.claim, claim_fr: fact.claim_fr ?? '' });
}
const search = new MiniSearch({ fields: ['claim', 'claim_fr'] });
search.addAll(facts);
const [best] = search.search(question);
process.stdout.write(`${best ? facts.find((fact) => fact.id === best.id).claim : 'nothing'}\n`);
