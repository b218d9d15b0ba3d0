// Query and name normalisation shared by the index, the lookup maps and the alias lint, so
// that "Modèles chinois", "modeles CHINOIS" and "modèles-chinois" all meet the same key.

/** Lowercase, strip accents, turn punctuation into spaces and collapse whitespace. */
export function foldText(input: string): string {
  return input
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’']/g, ' ')
    .replace(/[^\p{L}\p{N}.]+/gu, ' ')
    .replace(/(?<!\d)\.|\.(?!\d)/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/** The key a name is looked up by: folded, and with spaces, dashes and dots ignored. */
export function nameKey(name: string): string {
  return foldText(name).replace(/[\s.]+/g, '');
}

const STOP_WORDS_EN = [
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'did', 'do', 'does', 'for', 'from', 'how',
  'in', 'is', 'it', 'its', 'of', 'on', 'or', 'that', 'the', 'their', 'this', 'to', 'was',
  'were', 'what', 'when', 'where', 'which', 'who', 'whom', 'why', 'with', 'many', 'much',
  'about', 'tell', 'me', 'has', 'have', 'had', 'there', 'any', 'than', 'into',
];
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

const FRENCH_MARKERS = new Set([
  'quelle', 'quel', 'quels', 'quelles', 'les', 'des', 'du', 'est', 'sont', 'modeles', 'chinois',
  'americains', 'part', 'telechargements', 'quand', 'pourquoi', 'combien', 'une', 'qui',
  'sortie', 'sorti', 'licence', 'ouverte', 'ouverts', 'usage', 'depuis', 'avec', 'pour',
]);

/** A cheap guess at the language of a question, to answer in French when asked in French. */
export function guessLocale(input: string): 'en' | 'fr' {
  if (/[àâçéèêëîïôûùüÿœ]/i.test(input)) return 'fr';
  const terms = foldText(input).split(' ');
  const hits = terms.filter((term) => FRENCH_MARKERS.has(term)).length;
  return hits >= 2 ? 'fr' : 'en';
}
