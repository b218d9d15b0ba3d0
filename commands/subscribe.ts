// `/subscribe [subject]` and `/unsubscribe [subject]`: a channel asks for a digest whenever a
// reload brings new or changed facts about a vendor, a model, a segment or a topic (or
// about anything: `all`). The digest itself is posted by the platform (src/runtime/digest.ts);
// these commands only read and change the channel's list, through a capability the Bot
// grants on Discord and Slack in a channel. Anyone may see the list; only the channel's
// managers may change it (Discord: Manage Server; Slack: workspace admins and the channel's
// creator), as the adapter vouches.
import type { CommandContext, CommandDefinition, CommandInput } from '../src/command.ts';
import type { Answer } from '../src/answer/answer.ts';
import { builderFor, notFoundAnswer } from '../src/answer/common.ts';
import { entityName } from '../src/answer/i18n.ts';
import { messages } from '../src/answer/messages.ts';
import { EVERYTHING, MAX_PER_CHANNEL } from '../src/runtime/subscriptions.ts';

const ALL = new Set(['all', 'everything', '*', 'tout', 'tous']);

/** A subject as the channel reads it: the entity's name, or "everything". */
function subjectName(subject: string, input: CommandInput, context: CommandContext): string {
  if (subject === EVERYTHING) return messages(input.locale).everything;
  const entity = context.kb.entities.get(subject);
  return entity ? entityName(entity, input.locale) : subject;
}

/** The channel's list, after what was just done (or instead of it). */
function listing(command: CommandDefinition, input: CommandInput, context: CommandContext, title: string): Answer {
  const text = messages(input.locale);
  const subjects = context.subscriptions?.subjects() ?? [];
  return builderFor(command, input, context)
    .addText(subjects.length > 0 ? text.subscriptionsList(subjects.map((subject) => subjectName(subject, input, context)).join(', ')) : text.subscriptionsNone)
    .build({ status: 'info', title });
}

export const subscribe: CommandDefinition = {
  name: 'subscribe',
  description: 'Channel managers: a digest here when facts about a subject are added or changed',
  description_fr: 'Gérants du canal : un résumé ici quand des faits sur un sujet arrivent ou changent',
  options: [
    {
      name: 'subject',
      description: 'A vendor, model, segment or topic, or all; none lists this channel’s',
      description_fr: 'Un éditeur, modèle, segment ou sujet, ou all ; sans rien, la liste du canal',
      type: 'string',
      required: false,
      complete: 'entity',
      maxLength: 100,
    },
  ],
  examples: ['/subscribe deepseek', '/subscribe chinese-open', '/subscribe all'],
  channelSettings: true,
  run(input, context) {
    const text = messages(input.locale);
    const subscriptions = context.subscriptions;
    if (!subscriptions) return builderFor(subscribe, input, context).build({ status: 'info', title: text.subscriptionsOnlyInChannels });
    const asked = input.args.subject?.trim() ?? '';
    if (!asked) return listing(subscribe, input, context, text.subscriptionsTitle);
    const entity = ALL.has(asked.toLowerCase()) ? undefined : context.index.resolveEntity(asked);
    if (!entity && !ALL.has(asked.toLowerCase())) return notFoundAnswer(subscribe, input, context, text.subjectWord, asked, 'entity');
    if (!subscriptions.manage) return listing(subscribe, input, context, text.notChannelManager);
    const subject = entity?.id ?? EVERYTHING;
    const name = subjectName(subject, input, context);
    const result = subscriptions.manage.add(subject);
    const title = result === 'added' ? text.subscribed(name, subject === EVERYTHING) : result === 'exists' ? text.alreadySubscribed(name) : text.subscriptionsFull(MAX_PER_CHANNEL);
    return listing(subscribe, input, context, title);
  },
};

export const unsubscribe: CommandDefinition = {
  name: 'unsubscribe',
  description: 'Channel managers: no more digests here about a subject, or about anything',
  description_fr: 'Gérants du canal : plus de résumés ici sur un sujet, ou sur rien du tout',
  options: [
    {
      name: 'subject',
      description: 'A subject this channel subscribed to; none removes them all',
      description_fr: 'Un sujet auquel ce canal est abonné ; sans rien, tous',
      type: 'string',
      required: false,
      complete: 'entity',
      maxLength: 100,
    },
  ],
  examples: ['/unsubscribe deepseek', '/unsubscribe'],
  channelSettings: true,
  run(input, context) {
    const text = messages(input.locale);
    const subscriptions = context.subscriptions;
    if (!subscriptions) return builderFor(unsubscribe, input, context).build({ status: 'info', title: text.subscriptionsOnlyInChannels });
    const { manage } = subscriptions;
    if (!manage) return listing(unsubscribe, input, context, text.notChannelManager);
    const asked = input.args.subject?.trim() ?? '';
    if (!asked) return listing(unsubscribe, input, context, text.unsubscribedAll(manage.remove()));
    // A subject the channel has, by its id, name or alias; else what the base calls it.
    const subject = ALL.has(asked.toLowerCase()) ? EVERYTHING : (context.index.resolveEntity(asked)?.id ?? asked);
    const name = subjectName(subject, input, context);
    return listing(unsubscribe, input, context, manage.remove(subject) > 0 ? text.unsubscribed(name) : text.notSubscribed(name));
  },
};
