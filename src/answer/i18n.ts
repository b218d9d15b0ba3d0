// The few words answers are framed with, in the two languages our users read.
import type { Locale } from './answer.ts';

export interface Messages {
  asOf(date: string): string;
  confidence(level: string): string;
  disputed(by: string, claim: string): string;
  didYouMean: string;
  notFound(what: string, name: string): string;
  usage(line: string): string;
  noFacts(name: string): string;
  noAnswer: string;
  inputCut(limit: number): string;
  internalError(id: string): string;
  rateLimited(seconds: number): string;
  shuttingDown: string;
  scopeReminder: string;
}

const MESSAGES: Record<Locale, Messages> = {
  en: {
    asOf: (date: string) => `As of ${date}.`,
    confidence: (level: string) => `Confidence: ${level}.`,
    disputed: (by: string, claim: string) => `Disputed: ${by} says: ${claim}`,
    didYouMean: 'Did you mean',
    notFound: (what: string, name: string) => `No ${what} called “${name}”.`,
    usage: (line: string) => `Usage: ${line}`,
    noFacts: (name: string) => `The fact base has no dated facts about ${name} yet.`,
    noAnswer: 'No fact in the base answers that yet.',
    inputCut: (limit: number) => `Your input was cut to ${limit} characters.`,
    internalError: (id: string) => `Sorry, something went wrong on our side. Reference: ${id}.`,
    rateLimited: (seconds: number) => `You are asking faster than I can keep up with; please try again in ${seconds} s.`,
    shuttingDown: 'I am restarting right now; please ask again in a moment.',
    scopeReminder: 'Each figure is a share of what its scope says; figures with different scopes are not comparable.',
  },
  fr: {
    asOf: (date: string) => `Au ${date}.`,
    confidence: (level: string) => `Confiance : ${({ high: 'élevée', medium: 'moyenne', low: 'faible' } as Record<string, string>)[level] ?? level}.`,
    disputed: (by: string, claim: string) => `Contesté : selon ${by}, ${claim}`,
    didYouMean: 'Vouliez-vous dire',
    notFound: (what: string, name: string) => `Aucun·e ${what} nommé·e « ${name} ».`,
    usage: (line: string) => `Usage : ${line}`,
    noFacts: (name: string) => `La base ne contient pas encore de faits datés sur ${name}.`,
    noAnswer: 'Aucun fait de la base ne répond encore à cette question.',
    inputCut: (limit: number) => `Votre saisie a été coupée à ${limit} caractères.`,
    internalError: (id: string) => `Désolé, une erreur est survenue de notre côté. Référence : ${id}.`,
    rateLimited: (seconds: number) => `Vous posez vos questions plus vite que je ne peux suivre ; réessayez dans ${seconds} s.`,
    shuttingDown: 'Je redémarre en ce moment ; reposez votre question dans un instant.',
    scopeReminder: 'Chaque chiffre est une part de ce que dit son périmètre ; des périmètres différents ne se comparent pas.',
  },
};

export function messages(locale: Locale): Messages {
  return MESSAGES[locale];
}
