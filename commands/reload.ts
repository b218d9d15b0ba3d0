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

export const reload: CommandDefinition = {
  name: 'reload',
  description: 'Admins: reload the fact base from disk now (it also reloads by itself when a file changes)',
  description_fr: 'Admins : recharger la base de faits maintenant (elle se recharge aussi seule à chaque modification)',
  options: [],
  examples: ['/reload'],
  adminOnly: true,
  run(input, context) {
    const fr = input.locale === 'fr';
    const builder = builderFor(reload, input, context);
    if (!context.reload) {
      return builder
        .addText(
          fr
            ? 'La base se recharge d’elle-même dès qu’un fichier de faits change ; un opérateur peut aussi envoyer SIGHUP au processus.'
            : 'The base reloads by itself as soon as a fact file changes; an operator can also send SIGHUP to the process.',
        )
        .build({
          status: 'info',
          title: fr ? '/reload est réservé aux admins du serveur Discord et à la console' : '/reload is for Discord server admins and the console only',
        });
    }
    const ticket = context.reload();
    const { live, last } = ticket;
    const version = `${live.date} (${live.commit ? `${live.commit}, ` : ''}rev ${live.revision}), ${live.facts} ${fr ? 'faits' : 'facts'}`;
    builder.addText(fr ? `Base en service : ${version}.` : `Serving now: ${version}.`);
    if (last) {
      const when = last.at.slice(0, 19).replace('T', ' ');
      builder.addText(
        last.ok
          ? fr ? `Dernier rechargement réussi (${when} UTC).` : `Last reload succeeded (${when} UTC).`
          : fr
            ? `Dernier rechargement refusé (${when} UTC) : ${last.errors} erreur(s) ; la base précédente est restée en service. Les journaux donnent chaque fichier:ligne:colonne.`
            : `Last reload was rejected (${when} UTC): ${last.errors} error(s); the previous base kept serving. The logs list each file:line:column.`,
      );
    }
    builder.addText(
      fr
        ? 'Le résultat de ce rechargement sera journalisé ; /about montre la version en service.'
        : 'The result of this reload will be logged; /about shows the version in service.',
    );
    return builder.build({ status: 'info', title: fr ? 'Rechargement de la base demandé' : 'Knowledge reload requested' });
  },
};
