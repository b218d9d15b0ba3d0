// The App Home tab: how much the bot knows, its newest facts with their sources, and
// commands to try. Read from the live base at each opening, so a reload shows at once.
import type { Locale } from '../../answer/answer.ts';
import { AnswerBuilder } from '../../answer/build.ts';
import { renderSlackHome } from '../../answer/render-slack.ts';
import type { Bot } from '../../bot.ts';
import { PROFILES, viewOf } from '../../answer/view.ts';

const NEWEST = 5;

export function homeView(bot: Bot, locale: Locale = 'en', now: Date = new Date()) {
  const { kb } = bot.knowledge;
  const newest = [...kb.facts.values()].sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id)).slice(0, NEWEST);
  const builder = new AnswerBuilder(kb, locale, now, { name: 'about', args: {} });
  for (const fact of newest) builder.addFact(fact);
  const answer = builder.build({ status: 'info', title: '' });
  // Every newest fact in one compact list.
  const newestView = viewOf(answer, { profile: { ...PROFILES.slack, firstList: NEWEST } });
  const version = `${kb.version.date} (${kb.version.commit ? `${kb.version.commit}, ` : ''}rev ${kb.version.revision})`;
  const examples = bot.engine.commands
    .filter((command) => !command.adminOnly)
    .flatMap((command) => (command.examples[0] ? [{ command: command.examples[0], description: locale === 'fr' ? command.description_fr : command.description }] : []));
  return renderSlackHome({
    locale,
    counts: { facts: kb.facts.size, sources: kb.sources.size, entities: kb.entities.size },
    version,
    newest: newestView,
    examples,
  });
}
