// The combobox's options follow every keystroke: the widget reuses the options it drew and
// changes only their text, so after each `tierslieux:search` the listbox must hold exactly the
// suggestions announced (labels, kinds, ids, none selected), whether the list grew, shrank or
// emptied, and an option chosen with the arrows is forgotten by the next keystroke.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, waitReady } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const host = '#w1';

/** The listbox as drawn, and the last `tierslieux:search` announced. */
const state = (page) => page.evaluate((sel) => {
  const root = document.querySelector(sel).shadowRoot;
  const list = root.querySelector('[role=listbox]');
  const input = root.querySelector('.tl-input');
  const searches = window.__events.filter((e) => e.type === 'tierslieux:search');
  return {
    options: [...list.querySelectorAll('[role=option]')].map((o) => ({
      id: o.id, label: o.querySelector('.tl-option-label').textContent, selected: o.getAttribute('aria-selected'), parts: o.children.length,
    })),
    hidden: list.hidden,
    busy: list.hasAttribute('aria-busy'),
    expanded: input.getAttribute('aria-expanded'),
    active: input.getAttribute('aria-activedescendant'),
    value: input.value,
    last: searches.length ? searches[searches.length - 1].detail : null,
  };
}, host);

/** Waits until the widget announced the whole answer for what the box holds, then checks the
 *  listbox against it. */
async function checkAgainstAnnounced(page, what) {
  await page.waitForFunction((sel) => {
    const root = document.querySelector(sel).shadowRoot;
    const list = root.querySelector('[role=listbox]');
    const searches = window.__events.filter((e) => e.type === 'tierslieux:search');
    const last = searches[searches.length - 1];
    return last && last.detail.query === root.querySelector('.tl-input').value && !list.hasAttribute('aria-busy');
  }, host, { timeout: 30000 });
  const s = await state(page);
  assert.deepEqual(s.options.map((o) => o.label), s.last.suggestions.map((x) => x.label), `${what}: the options are the suggestions announced`);
  assert.deepEqual(s.options.map((o) => o.id), s.options.map((_, i) => `tl-opt-${i}`), `${what}: option ids in order`);
  assert.ok(s.options.every((o) => o.selected === 'false' && o.parts === 2), `${what}: no option selected, each a label and a kind`);
  assert.equal(s.hidden, s.options.length === 0, `${what}: the list shows when it has options`);
  assert.equal(s.expanded, s.options.length ? 'true' : 'false', `${what}: aria-expanded`);
  return s;
}

test('the options are the suggestions announced after every keystroke, growing, shrinking and emptied', async () => {
  const page = await newPage(env);
  await page.goto(`${env.base}/tests/pages/element.html`);
  await waitReady(page, host);
  const input = page.locator(`${host} >> .tl-input`);
  await input.click();
  const counts = [];
  for (const ch of 'saint-') {
    await page.keyboard.type(ch);
    counts.push((await checkAgainstAnnounced(page, `« ${await input.inputValue()} »`)).options.length);
  }
  // A query that matches nothing empties the list, and the next one fills it again.
  for (const ch of 'zzq') await page.keyboard.type(ch);
  const empty = await checkAgainstAnnounced(page, 'no match');
  assert.equal(empty.options.length, 0);
  for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace');
  const back = await checkAgainstAnnounced(page, 'back to « saint- »');
  assert.ok(back.options.length > 0);
  // Down to a commune with fewer options than the list held: the extra options go.
  await input.fill('');
  await input.pressSequentially('Plouguerneau', { delay: 20 });
  const one = await checkAgainstAnnounced(page, '« Plouguerneau »');
  assert.ok(one.options.length >= 1 && one.options.length < 8, `options for Plouguerneau: ${one.options.length}`);
  assert.equal(one.options[0].label, 'Plouguerneau (29)');
  assert.ok(counts.some((n) => n >= 8), `a full list on the way: ${counts}`);

  // An option chosen with the arrows is forgotten by the next keystroke.
  await input.fill('');
  await input.pressSequentially('Ren', { delay: 20 });
  await checkAgainstAnnounced(page, '« Ren »');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const chosen = await state(page);
  assert.deepEqual(chosen.options.map((o) => o.selected).slice(0, 2), ['false', 'true']);
  assert.equal(chosen.active, 'tl-opt-1');
  await page.keyboard.type('n');
  const next = await checkAgainstAnnounced(page, '« Renn »');
  assert.equal(next.active, null, 'aria-activedescendant removed');
  assert.deepEqual(page.errors, []);
  await page.close();
});
