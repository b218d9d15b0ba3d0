// `/reload`: reload the fact base from disk now. The bot already reloads by itself when a
// fact file changes (and on SIGHUP); this is for an admin who wants it at once, or after
// fixing a broken edit. It is hidden from /help and, on Discord, from members without
// Manage Server (adminOnly).
//
// Commands are pure and synchronous, so the reload itself is a capability the Bot grants in
// the context, and only where the platform vouches for the asker: on Discord to members
// with Manage Server (the adapter sets `admin` on the request), and on the local console
// (its user is the operator). Slack has no per-command permissions — any member could run
// it — so there the capability is absent and the command explains how reloading happens;
// a reload is harmless, but "admin-only" should mean admin-only everywhere.
import type { CommandDefinition } from '../src/command.ts';
import { builderFor } from '../src/answer/common.ts';
import { messages } from '../src/answer/messages.ts';

export const reload: CommandDefinition = {
  name: 'reload',
  description: 'Admins: reload the fact base from disk now (it also reloads by itself when a file changes)',
  description_fr: 'Admins : recharger la base de faits maintenant (elle se recharge aussi seule à chaque modification)',
  options: [],
  examples: ['/reload'],
  adminOnly: true,
  run(input, context) {
    const text = messages(input.locale);
    const builder = builderFor(reload, input, context);
    if (!context.reload) return builder.addText(text.reloadHowItWorks).build({ status: 'info', title: text.reloadAdminsOnly });
    const { live, last } = context.reload();
    builder.addText(text.reloadServing(`${live.date} (${live.commit ? `${live.commit}, ` : ''}rev ${live.revision})`, live.facts));
    if (last) {
      const when = last.at.slice(0, 19).replace('T', ' ');
      builder.addText(last.ok ? text.reloadLastOk(when) : text.reloadLastRejected(when, last.errors));
    }
    builder.addText(text.reloadWillLog);
    return builder.build({ status: 'info', title: text.reloadRequested });
  },
};
