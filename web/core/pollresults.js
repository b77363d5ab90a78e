// A poll's counts as a list of bars (a <progress> each, so no inline styles), shared by the
// participant client and the console. Each app's locale table has `polls.votes`.

import { h } from './dom.js';
import { tn } from './i18n.js';

export function pollResults(poll) {
  const counts = Array.isArray(poll.counts) ? poll.counts : [];
  const total = Math.max(1, poll.voters || 0);
  return h(
    'ul',
    { class: 'poll-results', 'data-testid': 'poll-results' },
    poll.options.map((label, i) =>
      h(
        'li',
        { 'data-testid': 'poll-result' },
        h('span', { class: 'poll-option' }, label),
        h('span', { class: 'muted', 'data-testid': 'poll-count' }, ` ${tn('polls.votes', counts[i] || 0)}`),
        h('progress', { max: total, value: counts[i] || 0, 'aria-label': label }),
      ),
    ),
  );
}
