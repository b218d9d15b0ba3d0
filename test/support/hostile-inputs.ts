// Hostile input, shared by every path that takes user text: Bot.handle (test/runtime), the
// Slack HTTP path and the Discord fake. Each entry says what it tries; `hostileText` is a
// fast-check arbitrary mixing these with random Unicode, for property tests.
import fc from 'fast-check';

export interface HostileInput {
  name: string;
  text: string;
}

const ZERO_WIDTH = '\u200B\u200C\u200D\u2060\uFEFF';
const BIDI = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C';

export const HOSTILE_INPUTS: readonly HostileInput[] = [
  { name: 'empty', text: '' },
  { name: 'only spaces', text: '     ' },
  { name: '10 kB of one letter', text: 'a'.repeat(10_240) },
  { name: '10 kB question', text: `When was DeepSeek R1 released? ${'why '.repeat(2_560)}` },
  { name: '10 kB command argument', text: `/share ${'chinese-open'.repeat(900)}` },
  { name: '10 kB of emoji (surrogate pairs across the cut)', text: '🤖'.repeat(5_120) },
  { name: 'emoji straddling the 500th character', text: `${'x'.repeat(499)}🤖🤖 tail` },
  { name: 'lone surrogates', text: 'R1 \uD800 released \uDC00 when \uDBFF' },
  { name: 'C0 control characters', text: `share\u0000\u0001\u0007\u0008\u001B[31mred\u001B[0m chinese-open` },
  { name: 'C1 control characters', text: '\u0085\u0090\u009B31m /share us-open' },
  { name: 'newlines and tabs', text: '/share\nchinese-open\r\n\t/timeline meta\u2028\u2029' },
  { name: 'right-to-left override', text: `\u202E/share chinese-open\u202C ${BIDI}` },
  { name: 'zero-width characters inside words', text: `/sh${ZERO_WIDTH}are chi${ZERO_WIDTH}nese-open` },
  { name: 'invisible tag characters', text: `R1 \u{E0049}\u{E0047}\u{E004E}\u{E004F}\u{E0052}\u{E0045} release` },
  { name: 'Arabic and Hebrew', text: 'متى صدر DeepSeek R1؟ מתי שוחרר' },
  { name: 'combining mark flood (zalgo)', text: `R${'\u0301\u0327\u0334'.repeat(1_000)}1` },
  { name: 'Discord @everyone', text: '@everyone @here /share chinese-open' },
  { name: 'Discord role and user mentions', text: '<@&123456789012345678> <@123456789012345678> <#123456789012345678> when was R1 released' },
  { name: 'Slack <!channel>', text: '<!channel> <!here> <!everyone> /share chinese-open' },
  { name: 'Slack user and link syntax', text: '<@U0123ABCD> <https://evil.example|click here> /source r1-repo' },
  { name: 'Slack entities', text: '&lt;!channel&gt; &amp;lt; /share &lt;b&gt;' },
  { name: 'markdown injection', text: '**bold** __u__ ~~s~~ `code` ```block``` [link](https://evil.example) > quote # heading ||spoiler||' },
  { name: 'mrkdwn injection', text: '*bold* _it_ ~strike~ `code` <https://evil.example|Click> :skull:' },
  { name: 'markdown link as command argument', text: '/source [r1](https://evil.example)' },
  { name: 'HTML and script', text: '<script>alert(1)</script><img src=x onerror=alert(1)>' },
  { name: 'JSON and template syntax', text: '{"__proto__":{"x":1}} ${process.env.SLACK_BOT_TOKEN} {{7*7}}' },
  { name: 'prototype keys as arguments', text: '/timeline __proto__ constructor' },
  { name: 'named options spam', text: `/timeline meta ${'from:2024 to:2025 '.repeat(200)}` },
  { name: 'unknown command with a long name', text: `/${'x'.repeat(3_000)}` },
  { name: 'slash only', text: '/' },
  { name: 'many slashes', text: '/'.repeat(600) },
  { name: 'regular expression metacharacters', text: '/share .*+?^${}()|[]\\ (a+)+$' },
  { name: 'SQL and shell', text: "'; DROP TABLE facts; -- $(rm -rf /) `id`" },
  { name: 'path traversal', text: '/source ../../../../etc/passwd' },
  { name: 'pasted Slack token', text: 'my token is xoxb-1234567890-abcdefghijklmnop please /ask' },
  { name: 'full-width and compatibility forms', text: '／ｓｈａｒｅ　ｃｈｉｎｅｓｅ－ｏｐｅｎ' },
  { name: 'French with accents', text: 'Quelle part des téléchargements pour les modèles chinois ?' },
];

/** Random text biased towards the characters above, up to 12 kB. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 600 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 600 }) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_INPUTS.map((input) => input.text)) },
  {
    weight: 2,
    arbitrary: fc
      .array(
        fc.constantFrom(
          '/share ',
          '/timeline ',
          '/ask ',
          '/about',
          '/reload',
          '@everyone',
          '<!channel>',
          '\u202E',
          '\u200B',
          '\u0000',
          '\n',
          '*',
          '_',
          '`',
          '<',
          '>',
          '&',
          '🤖',
          'é',
          'R1 ',
          'meta ',
          'chinese-open ',
          'from:2024 ',
        ),
        { maxLength: 80 },
      )
      .map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 20 }), fc.integer({ min: 1, max: 12_000 })).map(([unit, times]) => (unit || 'a').repeat(times).slice(0, 12_288)) },
);
