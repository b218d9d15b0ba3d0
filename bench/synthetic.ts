// A synthetic fact base of any size with the shape of a real one, for `npm run bench`: thousands
// of distinct vendor, family, model, topic and person names, claims in English and French
// whose words follow a Zipf-like law (a few words everywhere, most rare), a few popular
// vendors with most of the facts, dates, figures, licences, disputes and caveats. It is
// valid against the schema and the lint, so the bot loads it like any base. Copies of a
// seed base (the curated one) come first, so the real question sets can be asked of it
// among thousands of distractors. Deterministic: the same size and seed give the same files.
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { nameKey } from '../src/search/normalize.ts';

/** Bumped whenever the output changes, so cached bases of an older generator are not reused. */
const GENERATOR_VERSION = 4;

export interface SyntheticBase {
  dir: string;
  facts: number;
  names: number;
  /** Questions about the generated part, with the fact that answers each (any of `expect`). */
  questions: { q: string; lang: 'en' | 'fr'; expect: string[] }[];
  /** The whole base's size, seed included: what KNOWLEDGE_MAX_ITEMS, _FILES and _MB must allow. */
  size: { items: number; files: number; bytes: number };
}

/** Within the per-file bounds a live load keeps (KNOWLEDGE_LIMITS), with room to spare. */
const FILE_ITEMS = 800;
const FILE_BYTES = 200 * 1024;

// ---- randomness --------------------------------------------------------------------------

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws ranks 0..n-1 with probability ∝ 1/(rank+1)^s: rank 0 is the most frequent. */
class Zipf {
  private readonly cumulative: Float64Array;
  constructor(
    readonly n: number,
    s: number,
    private readonly random: () => number,
  ) {
    this.cumulative = new Float64Array(n);
    let total = 0;
    for (let rank = 0; rank < n; rank++) this.cumulative[rank] = total += 1 / (rank + 1) ** s;
  }
  next(): number {
    const target = this.random() * this.cumulative[this.n - 1]!;
    let low = 0;
    let high = this.n - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

// ---- vocabulary ----------------------------------------------------------------------------

// Real words first (most frequent), in the order a real base uses them; invented names fill
// the long tail, as product and project names do in real claims.
const WORDS_EN = `model models open weights release released parameters tokens training data benchmark
reasoning coding license commercial use downloads share usage context window inference GPU
cluster agents vision speech multilingual chat instruct base fine-tuned version dataset research
lab company startup report paper survey leaderboard score performance accuracy math science
developers enterprise cloud API pricing cost compute efficient sparse dense mixture experts
attention layers architecture distillation reinforcement learning alignment safety evaluation
community adoption ranking popular growth month year quarter record peak market China
United States Europe France government policy export controls chips regulation law act
announced launched published shipped available since update upgrade successor predecessor
family series small medium large frontier edge mobile laptop server hosted served providers
platform router traffic requests users monthly active revenue funding investors valuation
hiring researchers engineers founder chief scientist joined left startup acquisition partner
partnership open-source open-weight closed proprietary restricted permissive Apache MIT
documentation card tokenizer vocabulary languages translation summarization retrieval
search tools function calling long documents memory latency throughput quantized int4 fp8
hardware accelerators training-run pretraining post-training synthetic curated filtered web
crawl books code repositories math problems olympiad competition contest medal gold silver`.split(/\s+/);
const WORDS_FR = `modèle modèles ouvert poids sortie publié paramètres jetons entraînement données banc
raisonnement code licence usage commercial téléchargements part utilisation contexte fenêtre
inférence grappe agents vision parole multilingue discussion version jeu laboratoire entreprise
rapport article classement score performances précision mathématiques sciences développeurs
nuage coût calcul efficace épars dense mélange experts attention couches architecture
distillation apprentissage renforcement alignement sécurité évaluation communauté adoption
populaire croissance mois année trimestre record pic marché Chine États-Unis Europe France
gouvernement politique exportation contrôles puces règlement loi annoncé lancé disponible
depuis mise jour successeur famille série petit moyen grand pointe mobile serveur hébergé
fournisseurs plateforme trafic requêtes utilisateurs mensuels actifs revenus financement
investisseurs valorisation recrutement chercheurs ingénieurs fondateur scientifique rejoint
quitté rachat partenaire partenariat libre fermé propriétaire restreint permissif documentation
fiche vocabulaire langues traduction résumé recherche outils appel fonctions longs documents
mémoire latence débit quantifié matériel accélérateurs pré-entraînement synthétique filtré
livres dépôts problèmes olympiade compétition médaille or argent`.split(/\s+/);

const ONSETS = ['b', 'br', 'c', 'd', 'dr', 'f', 'g', 'gr', 'h', 'j', 'k', 'kr', 'l', 'm', 'n', 'p', 'pr', 'qu', 'r', 's', 'st', 't', 'tr', 'v', 'w', 'x', 'y', 'z', 'zh', 'sh', 'ch', 'th'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ia', 'ou', 'ei', 'ua', 'y'];
const CODAS = ['', '', '', 'n', 'r', 'l', 's', 'x', 'm', 'ng', 'k'];
const SUFFIXES = ['AI', 'Labs', 'Research', 'Tech', 'Intelligence', 'Systems', 'Compute', 'Group'];
const FAMILY_TAILS = ['', '', '', '-Coder', '-VL', '-Chat', '-Instruct', '-Math', '-Audio', '-Lite'];
const PRESS = ['Tech Daily', 'AI Weekly', 'Le Journal de l’IA', 'Model Watch', 'Open Weights Review', 'La Lettre des Modèles', 'Compute Times', 'Benchmark Monthly'];
const LICENCES = [
  { name: 'Apache-2.0', commercial: 'yes' },
  { name: 'MIT', commercial: 'yes' },
  { name: 'CC-BY-NC-4.0', commercial: 'no', conditions: 'non-commercial use only', conditions_fr: 'usage non commercial uniquement' },
  {
    name: '{vendor} Community License',
    commercial: 'conditional',
    conditions: 'a separate licence above 700 million monthly users',
    conditions_fr: 'une licence distincte au-delà de 700 millions d’utilisateurs mensuels',
  },
  { name: '{vendor} Research License', commercial: 'no', conditions: 'research and evaluation only', conditions_fr: 'recherche et évaluation uniquement' },
] as const;
const OTHER_KINDS = ['usage', 'usage', 'usage', 'benchmark', 'benchmark', 'event', 'event', 'position', 'company', 'policy', 'training', 'report', 'definition'] as const;
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTHS_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

type Doc = Record<string, unknown>;

interface Named {
  id: string;
  name: string;
}

/**
 * Writes (or reuses, when the same one was written before) a base of about `facts` facts to a
 * folder under the system's temp folder, with the seed base's files copied in first.
 */
export async function syntheticBase(facts: number, options: { seedDir?: string; seed?: number; cacheRoot?: string } = {}): Promise<SyntheticBase> {
  const seed = options.seed ?? 14;
  const seedFacts = options.seedDir ? await countSeed(options.seedDir) : { facts: 0, stamp: 'none', keys: new Set<string>() };
  const dir = path.join(options.cacheRoot ?? tmpdir(), `landscape-synthetic-v${GENERATOR_VERSION}-${facts}-${seed}-${seedFacts.stamp}`);
  const manifest = path.join(dir, 'bench-manifest.json');
  const existing = await readFile(manifest, 'utf8').catch(() => undefined);
  if (existing) return { dir, ...(JSON.parse(existing) as Omit<SyntheticBase, 'dir'>) };

  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  if (options.seedDir) await cp(options.seedDir, path.join(dir, 'seed'), { recursive: true, filter: (source) => !source.includes(`${path.sep}.`) });
  const generated = generate(Math.max(0, facts - seedFacts.facts), seed, seedFacts.keys);
  for (const [file, doc] of generated.files) {
    for (const [part, text] of splitWithinFileBounds(file, doc)) {
      await mkdir(path.dirname(path.join(dir, part)), { recursive: true });
      await writeFile(path.join(dir, part), text);
    }
  }
  const result = { facts: seedFacts.facts + generated.facts, names: seedFacts.keys.size + generated.names, questions: generated.questions, size: await measure(dir) };
  // The manifest is not YAML, so the loader never reads it.
  await writeFile(manifest, JSON.stringify(result));
  return { dir, ...result };
}

/** How many facts the seed has, every name key it uses, and a stamp of its contents. */
/**
 * A generated file as one or more files that a live load accepts: a large vendor's facts
 * go on in `name-2.yaml`, `name-3.yaml`…, as a maintainer would split them.
 */
function splitWithinFileBounds(file: string, doc: Doc): [string, string][] {
  const parts: Doc[] = [];
  let current: Doc = {};
  let items = 0;
  let bytes = 0;
  for (const [key, list] of Object.entries(doc) as [string, unknown[]][]) {
    for (const item of list) {
      const size = stringify([item], { lineWidth: 0 }).length;
      if (items > 0 && (items + 1 > FILE_ITEMS || bytes + size > FILE_BYTES)) {
        parts.push(current);
        current = {};
        items = 0;
        bytes = 0;
      }
      current[key] = [...((current[key] as unknown[] | undefined) ?? []), item];
      items += 1;
      bytes += size;
    }
  }
  if (items > 0) parts.push(current);
  return parts.map((part, index) => [index === 0 ? file : file.replace(/\.yaml$/, `-${index + 1}.yaml`), stringify(part, { lineWidth: 0 })]);
}

/** Items, YAML files and bytes of the whole base written in `dir`. */
async function measure(dir: string): Promise<SyntheticBase['size']> {
  const size = { items: 0, files: 0, bytes: 0 };
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.yaml')) continue;
    const text = await readFile(path.join(entry.parentPath, entry.name), 'utf8');
    size.files += 1;
    size.bytes += Buffer.byteLength(text);
    size.items += (text.match(/^ {2}- /gm) ?? []).length + (text.match(/^- /gm) ?? []).length;
  }
  return size;
}

async function countSeed(dir: string): Promise<{ facts: number; stamp: string; keys: Set<string> }> {
  let facts = 0;
  let newest = 0;
  let bytes = 0;
  const keys = new Set<string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.ya?ml$/i.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = await readFile(file, 'utf8');
    const info = await stat(file);
    newest = Math.max(newest, info.mtimeMs);
    bytes += text.length;
    const doc = (parse(text) ?? {}) as { facts?: unknown[]; entities?: { id: string; name: string; name_fr?: string; aliases?: { en?: string[]; fr?: string[] } }[] };
    facts += doc.facts?.length ?? 0;
    for (const entity of doc.entities ?? []) {
      for (const name of [entity.id, entity.name, entity.name_fr ?? '', ...(entity.aliases?.en ?? []), ...(entity.aliases?.fr ?? [])]) keys.add(nameKey(name));
    }
  }
  return { facts, stamp: `${facts}-${bytes}-${Math.round(newest)}`, keys };
}

function generate(target: number, seed: number, taken: Set<string>) {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const used = new Set([...taken, ...[...WORDS_EN, ...WORDS_FR].map(nameKey)]);

  // Invented words, each drawn once: a name, or a word of the tail of the claims' vocabulary.
  const invented = new Set<string>();
  const invent = (syllables: number): string => {
    for (;;) {
      let word = '';
      for (let i = 0; i < syllables; i++) word += pick(ONSETS) + pick(VOWELS) + (i === syllables - 1 ? pick(CODAS) : '');
      if (word.length >= 5 && !used.has(word) && !invented.has(word)) {
        invented.add(word);
        return word;
      }
    }
  };
  const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
  const kebab = (text: string) =>
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  const claim = (key: string) => {
    if (used.has(key)) return false;
    used.add(key);
    return true;
  };

  const vendorCount = Math.max(3, Math.round(target / 25));
  const modelTarget = Math.round(target / 5);
  const tail = Array.from({ length: Math.max(200, Math.round(target / 4)) }, () => invent(between(2, 3)));
  const vocabularyEn = [...WORDS_EN, ...tail];
  const vocabularyFr = [...WORDS_FR, ...tail];
  const wordZipf = new Zipf(vocabularyEn.length, 1.05, random);
  const vendorZipf = new Zipf(vendorCount, 1.0, random);
  const sentence = (vocabulary: readonly string[], words: number) => Array.from({ length: words }, () => vocabulary[wordZipf.next()]!).join(' ');

  const date = (from = 2019) => {
    const year = between(from, 2025);
    const month = between(1, 12);
    const day = between(1, 28);
    return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  };
  const spoken = (iso: string, fr: boolean) => {
    const [year, month, day] = iso.split('-').map(Number);
    return fr ? `${day} ${MONTHS_FR[month! - 1]} ${year}` : `${day} ${MONTHS_EN[month! - 1]} ${year}`;
  };

  // Segments, topics, people and sources, shared by every vendor.
  const segments: (Named & Doc)[] = [];
  for (let i = 0; i < Math.max(4, Math.round(target / 500)); i++) {
    const word = capital(invent(2));
    const name = `${word} open models`;
    if (!claim(nameKey(name))) continue;
    segments.push({
      id: `segment-${kebab(word)}`,
      kind: 'segment',
      name,
      name_fr: `Modèles ouverts ${word}`,
      aliases: { en: [], fr: [] },
      description: `Open-weight models from the ${word} region.`,
      description_fr: `Modèles à poids ouverts de la région ${word}.`,
    });
  }
  const topics: (Named & Doc)[] = [];
  for (let i = 0; i < Math.max(10, Math.round(target / 100)); i++) {
    const name = `${capital(invent(2))} ${pick(['benchmarks', 'attention', 'agents', 'data', 'alignment', 'inference', 'tokenizers', 'licensing'])}`;
    if (!claim(nameKey(name))) continue;
    topics.push({ id: kebab(name), kind: 'topic', name, aliases: { en: [], fr: [] }, description: sentence(vocabularyEn, 12), description_fr: sentence(vocabularyFr, 12) });
  }
  const people: (Named & Doc)[] = [];
  for (let i = 0; i < Math.max(5, Math.round(target / 100)); i++) {
    const name = `${capital(invent(2))} ${capital(invent(2))}`;
    if (!claim(nameKey(name))) continue;
    people.push({ id: kebab(name), kind: 'person', name, aliases: { en: [], fr: [] }, description: sentence(vocabularyEn, 10), description_fr: sentence(vocabularyFr, 10) });
  }
  const sources: Doc[] = [];
  for (let i = 0; i < Math.max(5, Math.round(target / 8)); i++) {
    const id = `src-${i.toString(36)}-${invent(2)}`;
    sources.push({
      id,
      title: capital(sentence(vocabularyEn, between(4, 9))),
      publisher: pick(PRESS),
      url: `https://example.org/${id}`,
      published: date(2020),
      kind: pick(['report', 'paper', 'model-card', 'news', 'official-post', 'dataset']),
    });
  }
  const cited = new Set<string>();
  const source = () => {
    const chosen = sources[Math.min(sources.length - 1, Math.floor(random() ** 2 * sources.length))]!.id as string;
    cited.add(chosen);
    return chosen;
  };

  const files = new Map<string, Doc>();
  const questions: SyntheticBase['questions'] = [];
  const referenced = new Set<string>();
  let factCount = 0;
  let names = segments.length + topics.length + people.length + sources.length;
  const vendorFiles: { entities: Doc[]; facts: Doc[] }[] = [];
  const vendors: (Named & { segment: string })[] = [];
  const modelsByVendor: Named[][] = [];

  for (let v = 0; v < vendorCount; v++) {
    let word = capital(invent(2));
    const suffix = pick(SUFFIXES);
    while (!claim(nameKey(`${word} ${suffix}`)) || !claim(nameKey(word))) word = capital(invent(2));
    const vendorName = `${word} ${suffix}`;
    const segment = pick(segments).id;
    const vendor = { id: kebab(vendorName), name: vendorName, segment };
    vendors.push(vendor);
    names += 2;
    vendorFiles.push({
      entities: [
        {
          id: vendor.id,
          kind: 'vendor',
          name: vendorName,
          aliases: { en: [word], fr: [] },
          country: pick(['CN', 'US', 'FR', 'DE', 'GB', 'AE', 'CA', 'KR', 'JP', 'CH']),
          description: `${vendorName}, ${sentence(vocabularyEn, 10)}.`,
          description_fr: `${vendorName}, ${sentence(vocabularyFr, 10)}.`,
          related: [segment],
        },
      ],
      facts: [],
    });
    referenced.add(segment);
    modelsByVendor.push([]);
  }

  // Models go to vendors by popularity, so a few vendors have hundreds of models.
  let families = 0;
  const familiesOf = new Map<number, { id: string; name: string; versions: number }[]>();
  for (let m = 0; m < modelTarget; m++) {
    const v = vendorZipf.next();
    const file = vendorFiles[v]!;
    const vendor = vendors[v]!;
    const list = familiesOf.get(v) ?? [];
    familiesOf.set(v, list);
    // A new family every few models.
    if (list.length === 0 || random() < 0.2) {
      let stem = capital(invent(2));
      while (!claim(nameKey(stem))) stem = capital(invent(2));
      const family = { id: kebab(stem), name: stem, versions: 0 };
      list.push(family);
      families++;
      names++;
      file.entities.push({
        id: family.id,
        kind: 'family',
        name: stem,
        aliases: { en: [], fr: [] },
        vendor: vendor.id,
        description: `${vendor.name}'s ${stem} models: ${sentence(vocabularyEn, 8)}.`,
        description_fr: `Les modèles ${stem} de ${vendor.name} : ${sentence(vocabularyFr, 8)}.`,
      });
    }
    const family = list[Math.floor(random() * list.length)]!;
    family.versions++;
    const version = `${Math.ceil(family.versions / 2)}${family.versions % 2 === 0 ? '.5' : ''}`;
    const modelName = `${family.name} ${version}${pick(FAMILY_TAILS)}`;
    if (!claim(nameKey(modelName))) continue;
    const model = { id: kebab(modelName), name: modelName };
    modelsByVendor[v]!.push(model);
    names++;
    file.entities.push({
      id: model.id,
      kind: 'model',
      name: modelName,
      aliases: { en: [], fr: [] },
      vendor: vendor.id,
      family: family.id,
      weights: 'open',
      description: `${modelName}: ${sentence(vocabularyEn, 10)}.`,
      description_fr: `${modelName} : ${sentence(vocabularyFr, 10)}.`,
    });
    referenced.add(family.id);

    // Release, licence and size, as every open model of the real base has.
    const released = date(2020);
    const licence = pick(LICENCES);
    const licenceName = licence.name.replace('{vendor}', vendor.name);
    const total = pick([1, 3, 7, 8, 14, 27, 32, 70, 123, 235, 480, 671, 1000]);
    const base = `${model.id}`;
    file.facts.push({
      id: `${base}-release`,
      claim: `${vendor.name} released ${modelName} on ${spoken(released, false)}, ${sentence(vocabularyEn, 6)}.`,
      claim_fr: `${vendor.name} a publié ${modelName} le ${spoken(released, true)}, ${sentence(vocabularyFr, 6)}.`,
      about: [model.id],
      answers: ['release'],
      date: released,
      sources: [source()],
      confidence: 'high',
    });
    file.facts.push({
      id: `${base}-licence`,
      claim: `${modelName} is released under ${licenceName}.`,
      claim_fr: `${modelName} est publié sous ${licenceName}.`,
      about: [model.id],
      answers: ['licence'],
      licence: { ...licence, name: licenceName },
      date: released,
      sources: [source()],
      confidence: 'high',
    });
    file.facts.push({
      id: `${base}-size`,
      claim: `${modelName} has ${total} billion parameters.`,
      claim_fr: `${modelName} compte ${total} milliards de paramètres.`,
      about: [model.id],
      answers: ['size'],
      date: released,
      figures: [{ metric: 'total-parameters', value: total, unit: 'billion parameters', scope: `${modelName} weights` }],
      sources: [source()],
      confidence: random() < 0.8 ? 'high' : 'medium',
    });
    factCount += 3;
    if (questions.length < 2000 && random() < 0.3) {
      const fr = random() < 0.4;
      const kind = pick(['release', 'licence', 'size'] as const);
      const q = {
        release: fr ? `Quand est sorti ${modelName} ?` : `When was ${modelName} released?`,
        licence: fr ? `Quelle est la licence de ${modelName} ?` : `What licence is ${modelName} under?`,
        size: fr ? `Combien de paramètres pour ${modelName} ?` : `How big is ${modelName}?`,
      }[kind];
      questions.push({ q, lang: fr ? 'fr' : 'en', expect: [`${base}-${kind}`] });
    }
  }

  // Everything else: usage shares, benchmarks, events, positions…, about popular entities
  // far more often than rare ones, in claims whose words follow the Zipf law.
  const pool: Named[] = [...topics, ...people];
  const poolZipf = new Zipf(Math.max(1, pool.length), 0.9, random);
  for (let f = 0; factCount < target; f++) {
    const v = vendorZipf.next();
    const vendor = vendors[v]!;
    const models = modelsByVendor[v]!;
    const kind = pick(OTHER_KINDS);
    const about = [models.length > 0 && random() < 0.6 ? pick(models).id : vendor.id];
    if (random() < 0.4 && pool.length > 0) about.push(pool[poolZipf.next()]!.id);
    const subject = about[0] === vendor.id ? vendor.name : models.find((model) => model.id === about[0])!.name;
    const day = date();
    const fact: Doc = {
      id: `fact-${f.toString(36)}-${kebab(subject)}`,
      claim: `${subject} ${sentence(vocabularyEn, between(6, 18))}.`,
      claim_fr: `${subject} ${sentence(vocabularyFr, between(6, 18))}.`,
      about: [...new Set(about)],
      answers: [kind],
      date: kind === 'usage' ? day.slice(0, 7) : day,
      sources: [source()],
      confidence: pick(['high', 'high', 'high', 'medium', 'low']),
    };
    if (kind === 'usage') {
      const segment = random() < 0.7 ? vendor.segment : pick(segments).id;
      fact.figures = [
        {
          metric: pick(['download-share', 'usage-share', 'token-share']),
          segment,
          value: Math.round(random() * 600) / 10,
          unit: 'percent',
          period: `${day.slice(0, 4)} average`,
          scope: `share of ${pick(['Hugging Face downloads', 'OpenRouter tokens', 'new fine-tunes', 'API requests'])}`,
          scope_fr: `part des ${pick(['téléchargements Hugging Face', 'tokens OpenRouter', 'nouveaux dérivés'])}`,
        },
      ];
      referenced.add(segment);
    }
    if (random() < 0.08) {
      fact.caveats = [sentence(vocabularyEn, 8)];
      fact.caveats_fr = [sentence(vocabularyFr, 8)];
    }
    if (random() < 0.05) fact.disputes = [{ claim: `${subject} ${sentence(vocabularyEn, 8)}`, claim_fr: `${subject} ${sentence(vocabularyFr, 8)}`, by: pick(PRESS) }];
    if (random() < 0.15) fact.quote = sentence(vocabularyEn, 12);
    for (const id of about) referenced.add(id);
    vendorFiles[v]!.facts.push(fact);
    factCount++;
    if (questions.length < 3000 && random() < 0.05) {
      // A question made of the claim's rarer words and the subject, as a user would half-remember it.
      const words = String(fact.claim)
        .replace(/\.$/, '')
        .split(' ')
        .slice(subject.split(' ').length)
        .filter((word) => word.length > 4)
        .slice(0, 4);
      questions.push({ q: `${subject} ${words.join(' ')}?`, lang: 'en', expect: [String(fact.id)] });
    }
  }

  // Names misspelt by one letter and versions the base lacks: "did you mean" and "not in the base".
  for (const [v, models] of modelsByVendor.entries()) {
    if (questions.length >= 4000 || models.length === 0 || random() > 0.2) continue;
    const model = pick(models);
    const stem = model.name.split(' ')[0]!;
    if (stem.length >= 6) {
      const typo = stem.slice(0, 2) + stem.slice(3);
      questions.push({ q: `When was ${typo} ${model.name.slice(stem.length + 1)} released?`, lang: 'en', expect: [`${model.id}-release`] });
    }
    questions.push({ q: `When did ${vendors[v]!.name} release ${stem} 99?`, lang: 'en', expect: [] });
  }

  vendorFiles.forEach((file, v) => {
    const name = vendors[v]!.id;
    files.set(`vendors/${name.slice(0, 2)}/${name}.yaml`, { entities: file.entities, ...(file.facts.length ? { facts: file.facts } : {}) });
  });
  // Segments, topics and people nothing points at would only add lint warnings.
  files.set('entities/segments.yaml', { entities: segments.filter((each) => referenced.has(each.id)) });
  files.set('entities/topics.yaml', { entities: topics.filter((each) => referenced.has(each.id)) });
  files.set('entities/people.yaml', { entities: people.filter((each) => referenced.has(each.id)) });
  const citedSources = sources.filter((each) => cited.has(each.id as string));
  for (let start = 0; start < citedSources.length; start += 500) files.set(`sources/sources-${start / 500}.yaml`, { sources: citedSources.slice(start, start + 500) });
  return { files, facts: factCount, names: names + families, questions };
}
