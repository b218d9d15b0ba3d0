// Every word the bot frames answers with, in English and in French, behind one interface:
// the renderers, the commands and the adapters ask `messages(locale)` and never choose a
// language themselves. A key missing in one language is a type error (and a test checks
// that both catalogs have the same keys at run time too).
import type { AnswerKind } from '../knowledge/schema.ts';
import type { ReportReason, Vote } from '../runtime/feedback.ts';
import type { Locale } from './answer.ts';
import { formatNumber } from './i18n.ts';

export type CommercialUse = 'yes' | 'conditional' | 'no';

export interface Messages {
  // ---- notes under statements ----
  asOf(date: string, dayPrecision: boolean): string;
  confidence(level: string): string;
  disputed(by: string, claim: string): string;
  /** One short line for a dispute, the whole of it being behind Details. */
  disputedBrief(by: string, claim: string | undefined): string;
  staleNotice: string;
  scopeReminder: string;
  // ---- answers that found nothing ----
  didYouMean: string;
  tryThis: string;
  notFound(what: string, name: string): string;
  usage(line: string): string;
  noFacts(name: string): string;
  noAnswer: string;
  // ---- the Bot's own notes ----
  inputCut(limit: number): string;
  internalError(id: string): string;
  rateLimited(seconds: number): string;
  shuttingDown: string;
  // ---- buttons and pages ----
  previous: string;
  next: string;
  sources: string;
  details: string;
  more(count: number): string;
  postInChannel: string;
  postPublicly: string;
  page(page: number, count: number): string;
  pageOfStatements(page: number, count: number, total: number): string;
  knowledge(version: string): string;
  sourcesTitle(title: string): string;
  detailsTitle(title: string): string;
  noSources: string;
  notOwner(command: string): string;
  expired(command: string): string;
  unknownButton: string;
  sharedBy(user: string, command: string): string;
  working: string;
  /** The console's hints under a page: how to see the next page, and the details. */
  consoleMoreHint(count: number | undefined, page: number): string;
  consoleDetailsHint: string;
  // ---- figure labels (Slack fields) ----
  value: string;
  scope: string;
  period: string;
  // ---- Slack's App Home ----
  homeTitle: string;
  homeIntro: string;
  factsCount(facts: number, sources: number, entities: number): string;
  newestFacts: string;
  knowledgeVersion(version: string): string;
  // ---- lead lines (src/answer/lead.ts) ----
  askLabel: Record<AnswerKind, string>;
  outOfScope: string;
  nothingAnswers: string;
  noFactsAbout(asked: string): string;
  noFactsAboutKnows(asked: string, known: string): string;
  noModelButMentioned(asked: string): string;
  partial(what: string, name: string): string;
  released(name: string, date: string, dayPrecision: boolean): string;
  newestRelease(of: string | undefined, release: string): string;
  releasesIn(count: number, of: string | undefined, when: string, shown: string): string;
  commercialUse: Record<CommercialUse, (conditions: string) => string>;
  licenceStatement(name: string, licence: string, use: string): string;
  verdict: Record<'yes' | 'no' | 'partly', string>;
  totalParameters(name: string, total: string): string;
  totalAndActive(name: string, total: string, active: string): string;
  sizeRange(name: string, low: string, high: string): string;
  billions(value: string): string;
  contextWindow(name: string, tokens: string): string;
  colon: string;
  // ---- one-line briefs of facts in compact lists ----
  releasedHead(name: string): string;
  sizeShort(total: string, active: string | undefined): string;
  contextShort(tokens: string): string;
  commercialShort: Record<CommercialUse, string>;
  // ---- commands ----
  whatTheBaseSays: string;
  notInTheBase: string;
  offTopicTitle: string;
  exampleWhen(model: string): string;
  exampleLicence(model: string): string;
  newestIn: string;
  nothingInTheBase: string;
  absentAspect(name: string, aspect: string): string;
  releasesTitle(scope: string): string;
  // ---- words of the other commands ----
  what: Record<'command' | 'segment' | 'source' | 'vendor' | 'model' | 'topic' | 'comparable' | 'publisher', string>;
  typeHelp: string;
  commandsTitle: string;
  helpSummary: string;
  optional: string;
  shareTitle(segment: string): string;
  timelineTitle(name: string): string;
  datedFacts(count: number): string;
  /** A timeline chart's note when it draws only the rows with the latest events. */
  timelineRowsShown(shown: number, total: number): string;
  basedIn(place: string): string;
  vendorIs(name: string): string;
  modelsAre(names: string): string;
  readVia: string;
  citationDate: string;
  noFactCitesSource: string;
  aboutTitle: string;
  aboutCounts(facts: number, sources: number, entities: number, kinds: string): string;
  aboutVersion(version: string): string;
  aboutScope: string;
  aboutStale(count: number): string;
  reloadAdminsOnly: string;
  reloadHowItWorks: string;
  reloadServing(version: string, facts: number): string;
  reloadLastOk(when: string): string;
  reloadLastRejected(when: string, errors: number): string;
  reloadWillLog: string;
  reloadRequested: string;
  releasesLead(count: number, scope: string, newest: string, date: string): string;
  noReleases(scope: string): string;
  inPeriod(when: string): string;
  // ---- feedback (src/bot.ts: Bot.feedback; the buttons and the report form) ----
  helpful: string;
  notHelpful: string;
  reportProblem: string;
  send: string;
  reportReasonLabel: string;
  reportTextLabel: string;
  reportReasons: Record<ReportReason, string>;
  voteThanks(vote: Vote): string;
  reportThanks(reason: string): string;
  reportNeedsReason(reasons: string): string;
  feedbackNeedsOne: string;
  reportTextCut(limit: number): string;
  feedbackUnknownAnswer: string;
  feedbackOff: string;
  feedbackFailed(id: string): string;
  // ---- checking a claim (commands/check.ts; the message shortcut and context menu) ----
  checkWithLandscape: string;
  checkWithLandscapeHelp: string;
  checkTitle(claim: string): string;
  checkDisputed(by: string, brief: string): string;
  checkFigure(figure: string): string;
  checkFigureDiffers(figure: string): string;
  checkRelated(brief: string): string;
  checkNothing: string;
  // ---- what's new (commands/new.ts) ----
  newTitle(since: string): string;
  newLead(added: number, changed: number): string;
  newNothing: string;
  newSource(source: 'git' | 'files'): string;
  newNoHistory: string;
  // ---- subscriptions and digests (commands/subscribe.ts, src/runtime/digest.ts) ----
  everything: string;
  subjectWord: string;
  subscriptionsTitle: string;
  subscriptionsOnlyInChannels: string;
  subscriptionsList(subjects: string): string;
  subscriptionsNone: string;
  subscribed(subject: string, everything: boolean): string;
  alreadySubscribed(subject: string): string;
  subscriptionsFull(max: number): string;
  notChannelManager: string;
  unsubscribed(subject: string): string;
  unsubscribedAll(count: number): string;
  notSubscribed(subject: string): string;
  digestTitle(subject: string): string;
  digestLead(added: number, changed: number, version: string): string;
  digestMore(count: number, command: string): string;
}

const en: Messages = {
  asOf: (date) => `As of ${date}.`,
  confidence: (level) => `Confidence: ${level}.`,
  disputed: (by, claim) => `Disputed: ${by} says: “${claim}”`,
  disputedBrief: (by, claim) => (claim ? `disputed — ${by} says “${claim}”` : `disputed by ${by} (see Details)`),
  staleNotice: 'Some of these facts go out of date: each holds as of its date.',
  scopeReminder: 'Each figure is a share of what its scope says; figures with different scopes are not comparable.',
  didYouMean: 'Did you mean',
  tryThis: 'Try',
  notFound: (what, name) => `No ${what} called “${name}”.`,
  usage: (line) => `Usage: ${line}`,
  noFacts: (name) => `The fact base has no dated facts about ${name} yet.`,
  noAnswer: 'No fact in the base answers that yet.',
  inputCut: (limit) => `Your input was cut to ${limit} characters.`,
  internalError: (id) => `Sorry, something went wrong on our side. Reference: ${id}.`,
  rateLimited: (seconds) => `You are asking faster than I can keep up with; please try again in ${seconds} s.`,
  shuttingDown: 'I am restarting right now; please ask again in a moment.',
  previous: 'Previous',
  next: 'Next',
  sources: 'Sources',
  details: 'Details',
  more: (count) => `More (${count})`,
  postInChannel: 'Post in channel',
  postPublicly: 'Post publicly',
  page: (page, count) => `Page ${page}/${count}`,
  pageOfStatements: (page, count, total) => `Page ${page} of ${count} · ${total} ${total === 1 ? 'statement' : 'statements'}`,
  knowledge: (version) => `Knowledge ${version}`,
  sourcesTitle: (title) => `Sources · ${title}`,
  detailsTitle: (title) => `Details · ${title}`,
  noSources: 'This answer cites no source.',
  notOwner: (command) => `Only the person who asked can use these buttons. Run ${command} to get your own copy.`,
  expired: (command) => `This answer has expired (it is too old, or the fact base has changed since). Run ${command} again.`,
  unknownButton: 'This button belongs to an older version of the bot. Run the command again.',
  sharedBy: (user, command) => `Shared by ${user} · ${command}`,
  working: 'Looking that up…',
  consoleMoreHint: (count, page) => `${count === undefined ? 'Next' : `More (${count})`}: type "more" or add page:${page}`,
  consoleDetailsHint: 'Details: type "details" or add --full',
  value: 'Value',
  scope: 'Scope',
  period: 'Period',
  homeTitle: 'landscape: the open-source AI landscape, with sources',
  homeIntro: 'Ask with a slash command, mention me in a channel, or write to me here. Every answer cites its sources.',
  factsCount: (facts, sources, entities) => `*${facts}* facts from *${sources}* sources, about *${entities}* entities (vendors, models, segments, topics…).`,
  newestFacts: 'Newest facts',
  knowledgeVersion: (version) => `Knowledge version ${version}`,
  askLabel: {
    release: 'release date',
    licence: 'licence',
    size: 'size',
    context: 'context window',
    training: 'training',
    usage: 'usage and downloads',
    benchmark: 'performance',
    company: 'company',
    position: 'stated position',
    policy: 'rules',
    definition: 'what it is',
    report: 'report',
    event: 'events',
  },
  outOfScope: 'That is outside what I know: I answer questions about open-weight AI models (releases, licences, sizes, usage) and the reports that measure them.',
  nothingAnswers: 'The fact base has nothing that answers that yet.',
  noFactsAbout: (asked) => `The base has no facts about ${asked}.`,
  noFactsAboutKnows: (asked, known) => `The base has no facts about ${asked}; it knows ${known}.`,
  noModelButMentioned: (asked) => `The base has no model called ${asked}, but these facts mention it:`,
  partial: (what, name) => `The base has no fact about the ${what} of ${name}. What it knows about ${name}:`,
  released: (name, date, day) => `${name} was released ${day ? 'on' : 'in'} ${date}.`,
  newestRelease: (of, release) => (of ? `The newest ${of} release in the base: ${release}.` : `The newest release in the base: ${release}.`),
  releasesIn: (count, of, when, shown) => `${count} ${of ? `${of} ` : ''}${count > 1 ? 'releases' : 'release'} in ${when} in the base: ${shown}.`,
  commercialUse: {
    yes: () => 'which allows commercial use',
    conditional: (conditions) => `which allows commercial use with conditions: ${conditions}`,
    no: (conditions) => `which does not allow commercial use: ${conditions}`,
  },
  licenceStatement: (name, licence, use) => `${name} is released under ${licence}, ${use}.`,
  verdict: { yes: 'Yes', no: 'No', partly: 'Partly' },
  totalParameters: (name, total) => `${name} has ${total} parameters.`,
  totalAndActive: (name, total, active) => `${name} has ${total} parameters in total, of which ${active} are active per token.`,
  sizeRange: (name, low, high) => `${name} comes in several sizes, from ${low} to ${high} parameters.`,
  billions: (value) => `${value} billion`,
  contextWindow: (name, tokens) => `${name} has a context window of ${tokens} tokens.`,
  colon: ':',
  releasedHead: (name) => `${name} released`,
  sizeShort: (total, active) => (active ? `${total} parameters, ${active} active` : `${total} parameters`),
  contextShort: (tokens) => `${tokens} context`,
  commercialShort: { yes: 'commercial use allowed', conditional: 'commercial use with conditions', no: 'no commercial use' },
  whatTheBaseSays: 'What the base says',
  notInTheBase: 'Not in the base',
  offTopicTitle: 'Out of scope',
  exampleWhen: (model) => `When did ${model} come out?`,
  exampleLicence: (model) => `What licence is ${model} under?`,
  newestIn: 'newest',
  nothingInTheBase: 'nothing in the base',
  absentAspect: (name, aspect) => `${name} — ${aspect}: not in the base.`,
  releasesTitle: (scope) => (scope ? `Releases: ${scope}` : 'Releases'),
  releasesLead: (count, scope, newest, date) => `${count} ${count > 1 ? 'releases' : 'release'}${scope ? ` (${scope})` : ''} in the base; newest: ${newest}, ${date}.`,
  noReleases: (scope) => `No release ${scope} in the base.`,
  inPeriod: (when) => `in ${when}`,
  what: {
    command: 'command',
    segment: 'segment',
    source: 'source',
    vendor: 'vendor',
    model: 'model',
    topic: 'vendor, model or topic',
    comparable: 'model or vendor',
    publisher: 'vendor, family or segment',
  },
  typeHelp: 'Type /help for the list of commands.',
  commandsTitle: 'Commands',
  helpSummary: 'Anything that does not start with / is a question for /ask. Every answer cites its sources.',
  optional: ' (optional)',
  shareTitle: (segment) => `Share: ${segment}`,
  timelineTitle: (name) => `Timeline: ${name}`,
  datedFacts: (count) => `${count} dated ${count === 1 ? 'fact' : 'facts'}`,
  timelineRowsShown: (shown, total) => `The ${shown} of ${total} subjects with the latest events.`,
  basedIn: (place) => `Based in ${place}.`,
  vendorIs: (name) => `Vendor: ${name}.`,
  modelsAre: (names) => `Models: ${names}.`,
  readVia: 'read via',
  citationDate: 'date',
  noFactCitesSource: 'No fact in the base cites this source.',
  aboutTitle: 'About landscape',
  aboutCounts: (facts, sources, entities, kinds) => `${facts} facts, ${sources} sources, ${entities} entities (${kinds}).`,
  aboutVersion: (version) => `Knowledge version: ${version}.`,
  aboutScope: 'Every answer cites its sources; figures say their scope (a share of OpenRouter tokens is not a share of "all AI usage").',
  aboutStale: (count) =>
    `${count} ${count === 1 ? 'fact is' : 'facts are'} past their freshness date (shares and rankings age fast); answers say "as of" their date, and \`landscape gaps\` lists them for maintainers.`,
  reloadAdminsOnly: '/reload is for Discord server admins and the console only',
  reloadHowItWorks: 'The base reloads by itself as soon as a fact file changes; an operator can also send SIGHUP to the process.',
  reloadServing: (version, facts) => `Serving now: ${version}, ${facts} facts.`,
  reloadLastOk: (when) => `Last reload succeeded (${when} UTC).`,
  reloadLastRejected: (when, errors) => `Last reload was rejected (${when} UTC): ${errors} error(s); the previous base kept serving. The logs list each file:line:column.`,
  reloadWillLog: 'The result of this reload will be logged; /about shows the version in service.',
  reloadRequested: 'Knowledge reload requested',
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  reportProblem: 'Report a problem',
  send: 'Send',
  reportReasonLabel: 'What is wrong?',
  reportTextLabel: 'Tell us more (optional)',
  reportReasons: { 'wrong-fact': 'wrong fact', outdated: 'outdated', 'missing-source': 'missing source', 'not-asked': 'not what I asked' },
  voteThanks: (vote) => `Thanks: your ${vote === 'up' ? '👍' : '👎'} is recorded. Voting again changes it.`,
  reportThanks: (reason) => `Thanks: your report (${reason}) is recorded; maintainers will check the facts this answer cites.`,
  reportNeedsReason: (reasons) => `A report needs a reason: ${reasons}. Nothing was recorded.`,
  feedbackNeedsOne: 'Give either a vote (👍 or 👎) or a report. Nothing was recorded.',
  reportTextCut: (limit) => `Your text was cut to ${formatNumber(limit, 'en')} characters.`,
  feedbackUnknownAnswer: 'I cannot find that answer any more (it is too old, or the button was damaged). Nothing was recorded: ask again, then use the buttons under the new answer.',
  feedbackOff: 'This bot does not collect feedback.',
  feedbackFailed: (id) => `Sorry, your feedback could not be saved. Reference: ${id}.`,
  checkWithLandscape: 'Check with landscape',
  checkWithLandscapeHelp: 'What the fact base says about the claims in this message, privately',
  checkTitle: (claim) => `Checking: “${claim}”`,
  checkDisputed: (by, brief) => `The base records this claim as disputed (it is how ${by} puts it). What the sources say: ${brief}`,
  checkFigure: (figure) => `The figure is in the base, for this scope: ${figure}. Check that the claim means the same.`,
  checkFigureDiffers: (figure) => `The base has a different figure: ${figure}.`,
  checkRelated: (brief) => `The base does not state this claim as such; what it says on the subject: ${brief}`,
  checkNothing: 'The base has nothing on this claim: it neither supports nor disputes it.',
  newTitle: (since) => `New or changed since ${since}`,
  newLead: (added, changed) =>
    `${[added > 0 ? `${added} ${added === 1 ? 'fact' : 'facts'} added` : '', changed > 0 ? `${changed} ${changed === 1 ? 'fact' : 'facts'} changed` : ''].filter(Boolean).join(', ')}.`,
  newNothing: 'No fact was added or changed since then.',
  newSource: (source) => (source === 'git' ? 'When each fact changed comes from the git history of the fact base.' : 'When each fact changed comes from the modification times of its file.'),
  newNoHistory: 'The history of the fact base is still being read; try again in a moment.',
  everything: 'everything',
  subjectWord: 'vendor, model, segment or topic',
  subscriptionsTitle: 'Subscriptions of this channel',
  subscriptionsOnlyInChannels: 'Subscriptions are for channels on Discord and Slack: run /subscribe in the channel that should get the digests.',
  subscriptionsList: (subjects) => `This channel gets a digest, with sources, when a reload brings new or changed facts about: ${subjects}.`,
  subscriptionsNone: 'This channel has no subscription. Try /subscribe deepseek (a vendor, model, segment or topic), or /subscribe all.',
  subscribed: (subject, everything) =>
    everything ? 'Subscribed: this channel will get a digest of every new or changed fact.' : `Subscribed: this channel will get a digest when facts about ${subject} are added or changed.`,
  alreadySubscribed: (subject) => `This channel already gets digests about ${subject}.`,
  subscriptionsFull: (max) => `This channel has ${max} subscriptions, the most it can have; /unsubscribe one first.`,
  notChannelManager: 'Only the channel’s managers can change its subscriptions (on Discord: Manage Server; on Slack: workspace admins and the channel’s creator).',
  unsubscribed: (subject) => `Unsubscribed: no more digests about ${subject} here.`,
  unsubscribedAll: (count) => (count > 0 ? `Unsubscribed from everything (${count} ${count === 1 ? 'subscription' : 'subscriptions'}).` : 'This channel had no subscription.'),
  notSubscribed: (subject) => `This channel is not subscribed to ${subject}.`,
  digestTitle: (subject) => `What’s new: ${subject}`,
  digestLead: (added, changed, version) =>
    `${[added > 0 ? `${added} new ${added === 1 ? 'fact' : 'facts'}` : '', changed > 0 ? `${changed} changed ${changed === 1 ? 'fact' : 'facts'}` : ''].filter(Boolean).join(' and ')} in the fact base (version ${version}).`,
  digestMore: (count, command) => `And ${count} more: ${command}.`,
};

const LEVELS_FR: Record<string, string> = { high: 'élevée', medium: 'moyenne', low: 'faible' };

const fr: Messages = {
  asOf: (date, day) => `${day ? 'Au' : 'En'} ${date}.`,
  confidence: (level) => `Confiance : ${LEVELS_FR[level] ?? level}.`,
  disputed: (by, claim) => `Contesté : ${by} affirme : « ${claim} »`,
  disputedBrief: (by, claim) => (claim ? `contesté — ${by} affirme « ${claim} »` : `contesté par ${by} (voir Détails)`),
  staleNotice: 'Certains de ces faits vieillissent : chacun vaut à sa date.',
  scopeReminder: 'Chaque chiffre est une part de ce que dit son périmètre ; des périmètres différents ne se comparent pas.',
  didYouMean: 'Vouliez-vous dire',
  tryThis: 'Essayez',
  notFound: (what, name) => `Aucun·e ${what} nommé·e « ${name} ».`,
  usage: (line) => `Usage : ${line}`,
  noFacts: (name) => `La base ne contient pas encore de faits datés sur ${name}.`,
  noAnswer: 'Aucun fait de la base ne répond encore à cette question.',
  inputCut: (limit) => `Votre saisie a été coupée à ${limit} caractères.`,
  internalError: (id) => `Désolé, une erreur est survenue de notre côté. Référence : ${id}.`,
  rateLimited: (seconds) => `Vous posez vos questions plus vite que je ne peux suivre ; réessayez dans ${seconds} s.`,
  shuttingDown: 'Je redémarre en ce moment ; reposez votre question dans un instant.',
  previous: 'Précédent',
  next: 'Suivant',
  sources: 'Sources',
  details: 'Détails',
  more: (count) => `Plus (${count})`,
  postInChannel: 'Publier dans le canal',
  postPublicly: 'Publier pour tous',
  page: (page, count) => `Page ${page}/${count}`,
  pageOfStatements: (page, count, total) => `Page ${page} sur ${count} · ${total} ${total === 1 ? 'énoncé' : 'énoncés'}`,
  knowledge: (version) => `Base ${version}`,
  sourcesTitle: (title) => `Sources · ${title}`,
  detailsTitle: (title) => `Détails · ${title}`,
  noSources: 'Cette réponse ne cite aucune source.',
  notOwner: (command) => `Seule la personne qui a posé la question peut utiliser ces boutons. Lancez ${command} pour avoir la vôtre.`,
  expired: (command) => `Cette réponse a expiré (trop ancienne, ou la base a changé depuis). Relancez ${command}.`,
  unknownButton: 'Ce bouton vient d’une ancienne version du bot. Relancez la commande.',
  sharedBy: (user, command) => `Partagé par ${user} · ${command}`,
  working: 'Recherche en cours…',
  consoleMoreHint: (count, page) => `${count === undefined ? 'Suite' : `Plus (${count})`} : tapez « more » ou ajoutez page:${page}`,
  consoleDetailsHint: 'Détails : tapez « details » ou ajoutez --full',
  value: 'Valeur',
  scope: 'Périmètre',
  period: 'Période',
  homeTitle: 'landscape : le paysage de l’IA open source, sources à l’appui',
  homeIntro: 'Posez vos questions par commande, en me mentionnant dans un canal, ou en m’écrivant ici. Chaque réponse cite ses sources.',
  factsCount: (facts, sources, entities) => `*${facts}* faits tirés de *${sources}* sources, sur *${entities}* entités (éditeurs, modèles, segments, sujets…).`,
  newestFacts: 'Faits les plus récents',
  knowledgeVersion: (version) => `Version de la base ${version}`,
  askLabel: {
    release: 'date de sortie',
    licence: 'licence',
    size: 'taille',
    context: 'fenêtre de contexte',
    training: 'entraînement',
    usage: 'usage et téléchargements',
    benchmark: 'performances',
    company: 'entreprise',
    position: 'position',
    policy: 'règles',
    definition: 'définition',
    report: 'rapport',
    event: 'événements',
  },
  outOfScope: 'Cette question sort de mon domaine : je réponds sur les modèles d’IA à poids ouverts (sorties, licences, tailles, usage) et sur les rapports qui les mesurent.',
  nothingAnswers: 'La base ne contient aucun fait qui réponde à cette question.',
  noFactsAbout: (asked) => `La base n’a aucun fait sur ${asked}.`,
  noFactsAboutKnows: (asked, known) => `La base n’a aucun fait sur ${asked} ; elle connaît ${known}.`,
  noModelButMentioned: (asked) => `La base n’a pas de modèle ${asked}, mais ces faits le mentionnent :`,
  partial: (what, name) => `La base n’a pas de fait sur : ${what} de ${name}. Ce qu’elle en sait :`,
  released: (name, date, day) => `${name} est sorti ${day ? 'le' : 'en'} ${date}.`,
  newestRelease: (of, release) => (of ? `La sortie la plus récente de ${of} dans la base : ${release}.` : `La sortie la plus récente dans la base : ${release}.`),
  releasesIn: (count, of, when, shown) => `${count} ${count > 1 ? 'sorties' : 'sortie'}${of ? ` de ${of}` : ''} en ${when} dans la base : ${shown}.`,
  commercialUse: {
    yes: () => 'qui autorise l’usage commercial',
    conditional: (conditions) => `qui autorise l’usage commercial sous conditions : ${conditions}`,
    no: (conditions) => `qui n’autorise pas l’usage commercial : ${conditions}`,
  },
  licenceStatement: (name, licence, use) => `${name} est publié sous ${licence}, ${use}.`,
  verdict: { yes: 'Oui', no: 'Non', partly: 'En partie' },
  totalParameters: (name, total) => `${name} compte ${total} de paramètres.`,
  totalAndActive: (name, total, active) => `${name} compte ${total} de paramètres au total, dont ${active} actifs par token.`,
  sizeRange: (name, low, high) => `${name} existe en plusieurs tailles, de ${low} à ${high} de paramètres.`,
  billions: (value) => `${value} milliards`,
  contextWindow: (name, tokens) => `${name} a une fenêtre de contexte de ${tokens} tokens.`,
  colon: '\u00a0:',
  releasedHead: (name) => `Sortie de ${name}`,
  sizeShort: (total, active) => (active ? `${total} paramètres, ${active} actifs` : `${total} paramètres`),
  contextShort: (tokens) => `contexte de ${tokens}`,
  commercialShort: { yes: 'usage commercial permis', conditional: 'usage commercial sous conditions', no: 'pas d’usage commercial' },
  whatTheBaseSays: 'Ce que dit la base',
  notInTheBase: 'Absent de la base',
  offTopicTitle: 'Hors sujet',
  exampleWhen: (model) => `Quand est sorti ${model} ?`,
  exampleLicence: (model) => `Quelle est la licence de ${model} ?`,
  newestIn: 'le plus récent',
  nothingInTheBase: 'rien dans la base',
  absentAspect: (name, aspect) => `${name} — ${aspect} : absent de la base.`,
  releasesTitle: (scope) => (scope ? `Sorties : ${scope}` : 'Sorties'),
  releasesLead: (count, scope, newest, date) => `${count} ${count > 1 ? 'sorties' : 'sortie'}${scope ? ` (${scope})` : ''} dans la base ; la plus récente : ${newest}, ${date}.`,
  noReleases: (scope) => `Aucune sortie ${scope} dans la base.`,
  inPeriod: (when) => `en ${when}`,
  what: { command: 'commande', segment: 'segment', source: 'source', vendor: 'éditeur', model: 'modèle', topic: 'sujet', comparable: 'modèle ou éditeur', publisher: 'éditeur, famille ou segment' },
  typeHelp: 'Tapez /help pour la liste des commandes.',
  commandsTitle: 'Commandes',
  helpSummary: 'Toute phrase qui ne commence pas par / est une question pour /ask. Chaque réponse cite ses sources.',
  optional: ' (facultatif)',
  shareTitle: (segment) => `Part : ${segment}`,
  timelineTitle: (name) => `Chronologie : ${name}`,
  datedFacts: (count) => `${count} ${count === 1 ? 'fait daté' : 'faits datés'}`,
  timelineRowsShown: (shown, total) => `Les ${shown} sujets sur ${total} aux événements les plus récents.`,
  basedIn: (place) => `Basé à ${place}.`,
  vendorIs: (name) => `Éditeur : ${name}.`,
  modelsAre: (names) => `Modèles : ${names}.`,
  readVia: 'lu via',
  citationDate: 'date',
  noFactCitesSource: 'Aucun fait de la base ne cite cette source.',
  aboutTitle: 'À propos de landscape',
  aboutCounts: (facts, sources, entities, kinds) => `${facts} faits, ${sources} sources, ${entities} entités (${kinds}).`,
  aboutVersion: (version) => `Version de la base : ${version}.`,
  aboutScope: 'Chaque réponse cite ses sources ; les chiffres disent leur périmètre (une part des tokens OpenRouter n’est pas une part de « tout l’usage de l’IA »).',
  aboutStale: (count) =>
    `${count} ${count === 1 ? 'fait a dépassé' : 'faits ont dépassé'} leur date de fraîcheur (parts et classements vieillissent vite) ; les réponses disent « au » leur date, et \`landscape gaps\` les liste pour les mainteneurs.`,
  reloadAdminsOnly: '/reload est réservé aux admins du serveur Discord et à la console',
  reloadHowItWorks: 'La base se recharge d’elle-même dès qu’un fichier de faits change ; un opérateur peut aussi envoyer SIGHUP au processus.',
  reloadServing: (version, facts) => `Base en service : ${version}, ${facts} faits.`,
  reloadLastOk: (when) => `Dernier rechargement réussi (${when} UTC).`,
  reloadLastRejected: (when, errors) =>
    `Dernier rechargement refusé (${when} UTC) : ${errors} erreur(s) ; la base précédente est restée en service. Les journaux donnent chaque fichier:ligne:colonne.`,
  reloadWillLog: 'Le résultat de ce rechargement sera journalisé ; /about montre la version en service.',
  reloadRequested: 'Rechargement de la base demandé',
  helpful: 'Utile',
  notHelpful: 'Pas utile',
  reportProblem: 'Signaler un problème',
  send: 'Envoyer',
  reportReasonLabel: 'Qu’est-ce qui ne va pas ?',
  reportTextLabel: 'Précisez (facultatif)',
  reportReasons: { 'wrong-fact': 'fait erroné', outdated: 'obsolète', 'missing-source': 'source manquante', 'not-asked': 'pas ce que j’ai demandé' },
  voteThanks: (vote) => `Merci : votre ${vote === 'up' ? '👍' : '👎'} est enregistré. Voter à nouveau le remplace.`,
  reportThanks: (reason) => `Merci : votre signalement (${reason}) est enregistré ; les mainteneurs vérifieront les faits que cite cette réponse.`,
  reportNeedsReason: (reasons) => `Un signalement a besoin d’un motif : ${reasons}. Rien n’a été enregistré.`,
  feedbackNeedsOne: 'Donnez soit un vote (👍 ou 👎), soit un signalement. Rien n’a été enregistré.',
  reportTextCut: (limit) => `Votre texte a été coupé à ${formatNumber(limit, 'fr')} caractères.`,
  feedbackUnknownAnswer: 'Je ne retrouve plus cette réponse (trop ancienne, ou bouton abîmé). Rien n’a été enregistré : reposez la question, puis utilisez les boutons de la nouvelle réponse.',
  feedbackOff: 'Ce bot ne recueille pas d’avis.',
  feedbackFailed: (id) => `Désolé, votre avis n’a pas pu être enregistré. Référence : ${id}.`,
  checkWithLandscape: 'Vérifier avec landscape',
  checkWithLandscapeHelp: 'Ce que dit la base de faits des affirmations de ce message, en privé',
  checkTitle: (claim) => `Vérification : « ${claim} »`,
  checkDisputed: (by, brief) => `La base tient cette affirmation pour contestée (c’est la formulation de ${by}). Ce que disent les sources : ${brief}`,
  checkFigure: (figure) => `Le chiffre figure dans la base, avec ce périmètre : ${figure}. Vérifiez que l’affirmation dit la même chose.`,
  checkFigureDiffers: (figure) => `La base a un autre chiffre : ${figure}.`,
  checkRelated: (brief) => `La base n’énonce pas cette affirmation telle quelle ; ce qu’elle dit du sujet : ${brief}`,
  checkNothing: 'La base n’a rien sur cette affirmation : elle ne la confirme ni ne la conteste.',
  newTitle: (since) => `Nouveau ou modifié depuis le ${since}`,
  newLead: (added, changed) =>
    `${[added > 0 ? `${added} ${added === 1 ? 'fait ajouté' : 'faits ajoutés'}` : '', changed > 0 ? `${changed} ${changed === 1 ? 'fait modifié' : 'faits modifiés'}` : ''].filter(Boolean).join(', ')}.`,
  newNothing: 'Aucun fait n’a été ajouté ni modifié depuis.',
  newSource: (source) => (source === 'git' ? 'La date de chaque modification vient de l’historique git de la base.' : 'La date de chaque modification vient de celle de son fichier.'),
  newNoHistory: 'L’historique de la base est en cours de lecture ; réessayez dans un instant.',
  everything: 'tout',
  subjectWord: 'éditeur, modèle, segment ou sujet',
  subscriptionsTitle: 'Abonnements de ce canal',
  subscriptionsOnlyInChannels: 'Les abonnements sont pour les canaux Discord et Slack : lancez /subscribe dans le canal qui doit recevoir les résumés.',
  subscriptionsList: (subjects) => `Ce canal reçoit un résumé, sources à l’appui, quand un rechargement apporte des faits nouveaux ou modifiés sur : ${subjects}.`,
  subscriptionsNone: 'Ce canal n’a aucun abonnement. Essayez /subscribe deepseek (un éditeur, modèle, segment ou sujet), ou /subscribe all.',
  subscribed: (subject, everything) =>
    everything ? 'Abonné : ce canal recevra un résumé de chaque fait nouveau ou modifié.' : `Abonné : ce canal recevra un résumé quand des faits sur ${subject} seront ajoutés ou modifiés.`,
  alreadySubscribed: (subject) => `Ce canal reçoit déjà les résumés sur ${subject}.`,
  subscriptionsFull: (max) => `Ce canal a ${max} abonnements, le maximum ; désabonnez-en un d’abord (/unsubscribe).`,
  notChannelManager: 'Seuls les gérants du canal peuvent changer ses abonnements (sur Discord : Gérer le serveur ; sur Slack : les admins de l’espace et le créateur du canal).',
  unsubscribed: (subject) => `Désabonné : plus de résumés sur ${subject} ici.`,
  unsubscribedAll: (count) => (count > 0 ? `Désabonné de tout (${count} ${count === 1 ? 'abonnement' : 'abonnements'}).` : 'Ce canal n’avait aucun abonnement.'),
  notSubscribed: (subject) => `Ce canal n’est pas abonné à ${subject}.`,
  digestTitle: (subject) => `Du nouveau : ${subject}`,
  digestLead: (added, changed, version) =>
    `${[added > 0 ? `${added} ${added === 1 ? 'fait nouveau' : 'faits nouveaux'}` : '', changed > 0 ? `${changed} ${changed === 1 ? 'fait modifié' : 'faits modifiés'}` : ''].filter(Boolean).join(' et ')} dans la base (version ${version}).`,
  digestMore: (count, command) => `Et ${count} de plus : ${command}.`,
};

const CATALOGS: Record<Locale, Messages> = { en, fr };

export function messages(locale: Locale): Messages {
  return CATALOGS[locale] ?? en;
}

/** Both catalogs, for the test that proves every key exists in each language. */
export const catalogs: Readonly<Record<Locale, Messages>> = CATALOGS;
