import type { CommandDefinition } from '../src/command.ts';
import { entityProfile } from '../src/answer/profile.ts';

export const vendor: CommandDefinition = {
  name: 'vendor',
  description: 'Profile of a vendor: country, models, releases, licences, with sources',
  description_fr: 'Fiche d’un éditeur : pays, modèles, sorties, licences, avec sources',
  options: [
    {
      name: 'name',
      description: 'A vendor such as deepseek, meta or mistral-ai',
      description_fr: 'Un éditeur : deepseek, meta, mistral-ai…',
      type: 'string',
      required: true,
      complete: 'vendor',
      maxLength: 100,
    },
  ],
  examples: ['/vendor deepseek', '/vendor Facebook'],
  keyed: true,
  run(input, context) {
    return entityProfile(vendor, input, context, 'vendor');
  },
};
