// The ids of feedback on Slack, for the renderer's buttons and the report form, and for the
// adapter that handles them. Pure data: no Bolt here. A button's `value`, and the form's
// `private_metadata`, carry the answer's reference (`encodeAnswerRef(reply.ref)`: Slack
// allows 2,000 characters, so the reference itself always fits), so a click finds its
// answer on any worker and after a restart.
//
// - 👍 / 👎 buttons: action ids FEEDBACK_ACTIONS.up / .down, value the reference; the adapter
//   records the vote and answers the clicker privately (response_url). The renderer lays them
//   out with Report a problem (FEEDBACK_ACTIONS.report), whose click opens the form.
// - The report form, a modal view: callback_id REPORT_VIEW, private_metadata the reference,
//   an input block REPORT_BLOCKS.reason holding a static_select or radio_buttons element
//   (action id REPORT_BLOCKS.reason, option values REPORT_REASONS), and an input block
//   REPORT_BLOCKS.text holding a multiline plain_text_input (action id REPORT_BLOCKS.text,
//   max_length MAX_REPORT_TEXT). The adapter records its submission: a missing reason is
//   shown on the reason block; anything else replaces the form with the acknowledgement.
import { SLACK_ACTIONS } from '../../answer/render-slack.ts';

export const FEEDBACK_ACTIONS = { up: SLACK_ACTIONS.up, down: SLACK_ACTIONS.down, report: SLACK_ACTIONS.report } as const;
export const REPORT_VIEW = 'feedback_report';
export const REPORT_BLOCKS = { reason: 'reason', text: 'text' } as const;
