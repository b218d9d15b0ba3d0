// Query and name normalisation shared by the index, the lookup maps and the alias lint, so
// that "Modèles chinois", "modeles CHINOIS" and "modèles-chinois" all meet the same key.

/** Lowercase, strip accents, turn punctuation into spaces and collapse whitespace. */
export function foldText(input: string): string {
  return (
    input
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      // "Command R+" is "Command R Plus", not "Command R".
      .replace(/\+/g, ' plus ')
      .replace(/[’']/g, ' ')
      .replace(/[^\p{L}\p{N}.]+/gu, ' ')
      .replace(/(?<!\d)\.|\.(?!\d)/g, ' ')
      .trim()
      .replace(/\s+/g, ' ')
  );
}

/** The key a name is looked up by: folded, and with spaces, dashes and dots ignored. */
export function nameKey(name: string): string {
  return foldText(name).replace(/[\s.]+/g, '');
}

// biome-ignore format: word lists read best packed, several to a line
const STOP_WORDS_EN = [
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'did', 'do', 'does', 'for', 'from', 'how',
  'in', 'is', 'it', 'its', 'of', 'on', 'or', 'that', 'the', 'their', 'this', 'to', 'was',
  'were', 'what', 'when', 'where', 'which', 'who', 'whom', 'why', 'with', 'many', 'much',
  'about', 'tell', 'me', 'has', 'have', 'had', 'there', 'any', 'than', 'into',
];
// biome-ignore format: word lists read best packed, several to a line
const STOP_WORDS_FR = [
  'a', 'au', 'aux', 'avec', 'ce', 'ces', 'cette', 'combien', 'comment', 'dans', 'de', 'des',
  'du', 'elle', 'en', 'est', 'et', 'il', 'ils', 'la', 'le', 'les', 'leur', 'leurs', 'l', 'd',
  'qu', 'quand', 'que', 'quel', 'quelle', 'quelles', 'quels', 'qui', 'quoi', 'sa', 'se',
  'ses', 'son', 'sont', 'sur', 'un', 'une', 'ou', 'par', 'pour', 'pas', 'ont', 'y', 'c',
  'été', 'ete', 'était', 'etait', 'on', 'nous', 'vous', 'je', 'j', 'me', 'moi', 'dit',
];

export const STOP_WORDS: ReadonlySet<string> = new Set([...STOP_WORDS_EN, ...STOP_WORDS_FR].map(foldText));

/** Folded query terms without stop words; keeps all terms if every one is a stop word. */
export function queryTerms(input: string): string[] {
  const terms = foldText(input).split(' ').filter(Boolean);
  const kept = terms.filter((term) => !STOP_WORDS.has(term));
  return kept.length > 0 ? kept : terms;
}

// Words that only one of the two languages uses, with how sure each makes us. Short French
// questions are often typed without accents ("deepseek r1 est open source ?", "qui finance
// mistral"), so accents are one clue among others, not the test.
// biome-ignore format: word weights read best packed, several to a line
const FRENCH_WORDS: Readonly<Record<string, number>> = {
  est: 2, sont: 2, qui: 2, quand: 3, quel: 3, quelle: 3, quels: 3, quelles: 3, combien: 3, pourquoi: 3, comment: 2,
  quoi: 3, selon: 2, sorti: 3, sortie: 3, dispo: 2, depuis: 2, taille: 2, les: 2, des: 2, du: 2, une: 2, un: 1, le: 1,
  la: 1, et: 1, ou: 1, pour: 2, avec: 2, dans: 2, sur: 1, pas: 2, peut: 2, faut: 2, dernier: 2, derniere: 2, modele: 2,
  modeles: 2, parametres: 2, chinois: 2, americains: 2, telechargements: 3, ouverts: 2, ouvert: 1, libre: 2, vraiment: 2,
  fait: 1, lequel: 3, laquelle: 3, entre: 1, plus: 1, il: 1, elle: 1, ils: 1, c: 1, l: 1, d: 1, qu: 2, j: 1, ce: 1,
  licence: 1, finance: 1, fonde: 2, pense: 2, position: 1, contexte: 2, fenetre: 3, utiliser: 2, commercialement: 3,
  aujourd: 3, hui: 1, demain: 3, recette: 3, temps: 1, fera: 2, coute: 2, abonnement: 2, traduis: 3, gagne: 2,
};
// biome-ignore format: word weights read best packed, several to a line
const ENGLISH_WORDS: Readonly<Record<string, number>> = {
  is: 2, are: 2, the: 2, what: 3, when: 3, who: 2, which: 2, how: 3, why: 3, where: 2, does: 2, do: 1, did: 2, was: 2,
  were: 2, of: 1, in: 1, for: 1, with: 1, can: 2, could: 2, released: 2, release: 1, come: 2, came: 2, out: 1, big: 2,
  many: 2, much: 2, license: 2, use: 1, share: 1, model: 1, models: 1, latest: 2, newest: 2, date: 1,
  say: 2, said: 2, think: 2, give: 2, me: 1, tell: 2, today: 2, tomorrow: 3, weather: 3, price: 2, stock: 2
};

/** The language of a question, to answer in French when asked in French. */
export function guessLocale(input: string): 'en' | 'fr' {
  let french = /[àâçéèêëîïôûùüÿœ«»]/i.test(input) ? 3 : 0;
  // French typography puts a space before ? and ! ("open source ?").
  if (/\s[?!]\s*$/.test(input)) french += 2;
  let english = 0;
  for (const term of foldText(input).split(' ')) {
    french += FRENCH_WORDS[term] ?? 0;
    english += ENGLISH_WORDS[term] ?? 0;
  }
  // One weak clue ("licence" is British English too) is not enough to switch language.
  return french > english && french >= 2 ? 'fr' : 'en';
}
