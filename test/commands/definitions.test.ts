import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { validateCommands, type CommandDefinition } from '../../src/command.ts';

describe('command definitions', () => {
  it('are all valid for every platform', () => {
    expect(validateCommands(commands)).toEqual([]);
  });

  it('reports each problem of a bad definition', () => {
    const bad: CommandDefinition = {
      name: 'Bad Name',
      description: 'x'.repeat(101),
      description_fr: '',
      options: [
        { name: 'a', description: 'd', description_fr: 'd', type: 'string', required: true },
        { name: 'a', description: 'd', description_fr: 'd', type: 'string', required: false },
      ],
      examples: ['/other thing'],
      run: () => {
        throw new Error('not run');
      },
    };
    expect(validateCommands([bad, { ...bad, name: 'ok', options: [], examples: [] }, { ...bad, name: 'ok', options: [], examples: [] }])).toEqual([
      '/Bad Name: name must be 1-32 lowercase letters, digits or dashes',
      '/Bad Name: description is 101 characters (1 to 100)',
      '/Bad Name: description_fr is 0 characters (1 to 100)',
      '/Bad Name a: option defined twice',
      '/Bad Name: example "/other thing" does not use the command',
      '/ok: description is 101 characters (1 to 100)',
      '/ok: description_fr is 0 characters (1 to 100)',
      '/ok: defined twice',
      '/ok: description is 101 characters (1 to 100)',
      '/ok: description_fr is 0 characters (1 to 100)',
    ]);
  });
});
