// Registrations built from command definitions: what Discord accepts and what the issue asks.
import { describe, expect, it } from 'vitest';
import type { CommandDefinition } from '../../../src/command.ts';
import { discordCommand } from '../../../src/platforms/discord/commands.ts';

const definition: CommandDefinition = {
  name: 'probe',
  description: 'A description that is much longer than the hundred characters Discord allows for a slash command at all',
  description_fr: 'Court',
  options: [
    { name: 'since', description: 'A date', description_fr: 'Une date', type: 'date', required: false },
    { name: 'thing', description: 'What', description_fr: 'Quoi', type: 'string', required: true, complete: 'entity', maxLength: 100 },
  ],
  examples: [],
  adminOnly: true,
  run: () => {
    throw new Error('not run here');
  },
};

describe('discordCommand', () => {
  it('builds a chat-input registration for servers, DMs and user installs', () => {
    expect(discordCommand(definition)).toEqual({
      type: 1,
      name: 'probe',
      description: 'A description that is much longer than the hundred characters Discord allows for a slash command…',
      description_localizations: { fr: 'Court' },
      options: [
        { type: 3, name: 'thing', description: 'What', description_localizations: { fr: 'Quoi' }, required: true, autocomplete: true, max_length: 100 },
        { type: 3, name: 'since', description: 'A date', description_localizations: { fr: 'Une date' }, required: false, min_length: 4, max_length: 10 },
        { type: 5, name: 'hide', name_localizations: { fr: 'masquer' }, description: 'Only you see the answer', description_localizations: { fr: 'Vous seul voyez la réponse' }, required: false },
      ],
      contexts: [0, 1, 2],
      integration_types: [0, 1],
      default_member_permissions: '0',
      nsfw: false,
    });
  });

  it('leaves commands visible to everyone unless admin-only', () => {
    expect(discordCommand({ ...definition, adminOnly: false }).default_member_permissions).toBeNull();
  });
});
