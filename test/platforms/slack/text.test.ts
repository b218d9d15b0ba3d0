import { describe, expect, it } from 'vitest';
import { commandLine, decodeSlackText, messageLine, plainSlackText, stripBotMention } from '../../../src/platforms/slack/text.ts';

const known = (name: string) => ['share', 'timeline', 'ask', 'help'].includes(name);

describe('Slack text to a Bot line', () => {
  it('decodes Slack’s three entities once', () => {
    expect(decodeSlackText('a &amp;lt; b &lt;!channel&gt; &amp; c')).toBe('a &lt; b <!channel> & c');
  });

  it('strips only the bot’s own mention', () => {
    expect(stripBotMention('<@UBOT1> when <@UBOT1|landscape> was <@U2> R1', 'UBOT1')).toBe('when was <@U2> R1');
    expect(stripBotMention('<@UBOT1> hi', undefined)).toBe('<@UBOT1> hi');
  });

  it('maps a command and its text; the umbrella takes a command, a /command or a question', () => {
    expect(commandLine('/share', 'chinese-open', known)).toBe('/share chinese-open');
    expect(commandLine('/SHARE', '', known)).toBe('/share');
    expect(commandLine('/landscape', 'share chinese-open', known)).toBe('/share chinese-open');
    expect(commandLine('/landscape', '/timeline meta 2024', known)).toBe('/timeline meta 2024');
    expect(commandLine('/landscape', 'When was R1 released?', known)).toBe('When was R1 released?');
    expect(commandLine('/landscape', '   ', known)).toBe('/help');
    expect(commandLine('/facts', 'Share chinese-open', known)).toBe('/Share chinese-open');
  });

  it('a mention with nothing but the bot’s name asks for help', () => {
    expect(messageLine('<@UBOT1>', 'UBOT1')).toBe('/help');
    expect(messageLine('<@UBOT1> /share us-open', 'UBOT1')).toBe('/share us-open');
  });

  it('reads a message as its reader sees it, for checking a claim', () => {
    expect(plainSlackText('<@U2> said <!here> &lt;b&gt; 13% <https://x.org/a|the study> and <https://y.org> in <#C1|general>')).toBe('said <b> 13% the study and https://y.org in general');
  });
});
