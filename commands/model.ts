import type { CommandDefinition } from '../src/command.ts';
import { entityProfile } from '../src/answer/profile.ts';

export const model: CommandDefinition = {
  name: 'model',
  description: 'Profile of a model: vendor, release date, licence, parameters, with sources',
  description_fr: 'Fiche d’un modèle : éditeur, date de sortie, licence, paramètres, avec sources',
  options: [
    {
      name: 'name',
      description: 'A model such as deepseek-r1, kimi-k2 or llama-2',
      description_fr: 'Un modèle : deepseek-r1, kimi-k2, llama-2…',
      type: 'string',
      required: true,
      complete: 'model',
      maxLength: 100,
    },
  ],
  examples: ['/model deepseek-r1', '/model Kimi K2'],
  keyed: true,
  run(input, context) {
    return entityProfile(model, input, context, 'model');
  },
};
