// Every command the bot offers, in the order /help lists them.
import type { CommandDefinition } from '../src/command.ts';
import { about } from './about.ts';
import { compare } from './compare.ts';
import { ask } from './ask.ts';
import { check } from './check.ts';
import { help } from './help.ts';
import { model } from './model.ts';
import { whatsNew } from './new.ts';
import { releases } from './releases.ts';
import { reload } from './reload.ts';
import { share } from './share.ts';
import { source } from './source.ts';
import { subscribe, unsubscribe } from './subscribe.ts';
import { timeline } from './timeline.ts';
import { vendor } from './vendor.ts';

export const commands: readonly CommandDefinition[] = [ask, check, compare, releases, whatsNew, share, timeline, vendor, model, source, subscribe, unsubscribe, help, about, reload];
