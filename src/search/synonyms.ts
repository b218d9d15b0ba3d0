// Words that mean the same thing to someone asking about the landscape, in English and
// French, mapped to one term at indexing and at query time. Also a light plural folding:
// MiniSearch's fuzzy match is too loose on short words to be relied on for that.

// biome-ignore format: one group of synonyms a line
const GROUPS: readonly (readonly string[])[] = [
  ['release', 'released', 'releases', 'releasing', 'launch', 'launched', 'launches', 'launching', 'sortie', 'sorti', 'sortis', 'lance', 'lances', 'lancement', 'publie', 'publies', 'publication', 'publiee', 'shipped', 'ship', 'ships', 'open sourced', 'debut'],
  ['download', 'downloads', 'downloaded', 'telechargement', 'telechargements', 'telecharge', 'telecharges'],
  ['license', 'licence', 'licences', 'licenses', 'licensed', 'licencie'],
  ['parameter', 'parameters', 'parametre', 'parametres', 'params', 'size', 'taille', 'big'],
  ['usage', 'use', 'used', 'utilisation', 'utilise', 'utilisee', 'utilises', 'tokens', 'token', 'traffic', 'trafic'],
  ['share', 'shares', 'part', 'parts', 'proportion', 'percent', 'percentage', 'pourcentage', 'pourcent'],
  ['china', 'chinese', 'chinois', 'chinoise', 'chinoises', 'chine'],
  ['us', 'usa', 'american', 'americans', 'americain', 'americains', 'americaine', 'americaines', 'etats', 'unis'],
  ['open', 'ouvert', 'ouverts', 'ouverte', 'ouvertes', 'libre', 'libres'],
  ['model', 'models', 'modele', 'modeles'],
  ['founded', 'founder', 'fondateur', 'fonde', 'fondee', 'creation', 'cree', 'creee', 'founding'],
  ['leave', 'leaves', 'leaving', 'left', 'depart', 'quitte', 'quitter', 'exit'],
  ['export', 'exports', 'exportation', 'exportations'],
  ['control', 'controls', 'controle', 'controles', 'restriction', 'restrictions'],
  ['derivative', 'derivatives', 'derive', 'derives', 'fine-tunes', 'finetunes'],
  ['sell', 'selloff', 'sell-off', 'krach', 'chute', 'fell', 'drop', 'plunge'],
  ['proprietary', 'proprietaire', 'proprietaires', 'closed', 'ferme', 'fermes', 'fermee', 'fermees'],
  ['safety', 'securite', 'risk', 'risks', 'risque', 'risques', 'dangerous', 'dangereux', 'danger'],
  ['training', 'trained', 'entraine', 'entrainement', 'entraines'],
  ['date', 'dates', 'when', 'quand'],
  ['report', 'reports', 'rapport', 'rapports', 'study', 'etude', 'paper'],
  ['headquarters', 'based', 'siege', 'basee', 'base'],
  ['country', 'pays'],
  ['peak', 'pic', 'record', 'highest', 'maximum', 'sommet'],
  ['first', 'premier', 'premiere', 'premiers', 'abord', 'initially', 'initialement'],
];

const CANONICAL = new Map<string, string>();
for (const group of GROUPS) for (const word of group) CANONICAL.set(word, group[0]!);

/** The one term a folded word stands for. */
export function canonicalTerm(folded: string): string {
  const direct = CANONICAL.get(folded);
  if (direct) return direct;
  if (folded.length > 4 && folded.endsWith('s') && !folded.endsWith('ss')) {
    const singular = folded.slice(0, -1);
    return CANONICAL.get(singular) ?? singular;
  }
  return folded;
}
