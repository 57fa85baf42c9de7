// Honest data (issue 17), in Chromium on the real data:
// - venues known only by their commune's centre: the list says where they are known to be
//   (« dans la commune », « à 17 km environ »), never a distance in metres; they come after every
//   precisely placed venue that may be nearer; the API keeps `distanceKm` (to the commune's
//   centre) and `locatedAtCommuneLevel: true`;
// - an ANCT project's whole text in the details, under its short name;
// - the Brittany list's venues name their source; the line under the map credits it when they
//   are in scope.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, waitReady, typeAndWaitSuggestions } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const host = '#w1';

/** Chooses `town`'s first suggestion; the list's cards and the event's results once shown. */
async function listFor(page, town) {
  const before = await page.evaluate(() => window.__events.filter((e) => e.type === 'tierslieux:results').length);
  const input = await typeAndWaitSuggestions(page, town, host);
  await input.press('Enter');
  await page.waitForFunction((n) => window.__events.filter((e) => e.type === 'tierslieux:results').length > n, before);
  const event = await page.evaluate(() => window.__events.filter((e) => e.type === 'tierslieux:results').at(-1).detail);
  // The cards once their details are there (addresses come with the details file).
  await page.locator(`${host} >> .tl-result`).first().waitFor();
  const cards = await page.locator(`${host} >> .tl-result`).evaluateAll((lis) => lis.map((li) => ({
    id: li.dataset.id,
    distance: li.querySelector('.tl-distance')?.textContent ?? '',
  })));
  return { event, cards };
}

test('Rennes, Lille, Brest: approximate venues say where they are, after the precise ones that may be nearer', async () => {
  const page = await newPage(env);
  await page.goto(`${env.base}/tests/pages/approximate.html`);
  await waitReady(page, host);
  // Rennes and Lille have venues known only as theirs; Brest's nearest such venue is in Crozon.
  for (const [town, expected] of [['Rennes', 'dans la commune'], ['Lille', 'dans la commune'], ['Brest', 'environ']]) {
    const { event, cards } = await listFor(page, town);
    assert.match(event.origin.label, new RegExp(`^${town} \\(`));
    assert.equal(cards.length, event.results.length);
    const approximate = event.results.filter((r) => r.locatedAtCommuneLevel);
    assert.ok(approximate.length >= 1, `${town}: a venue known only by its commune is listed`);
    for (const [i, r] of event.results.entries()) {
      const line = cards[i].distance;
      assert.equal(cards[i].id, r.id, 'the list and the event agree');
      if (r.locatedAtCommuneLevel) {
        assert.match(line, r.commune === town ? /^dans la commune$/ : /^à \d+ km environ$/, `${town}: ${r.name} (${r.commune})`);
        assert.doesNotMatch(line, /\d\s*m\b|vol d'oiseau/, `${town}: no precise distance for ${r.name}`);
        // distanceKm stays the distance to its position, the commune's centre.
        assert.equal(typeof r.distanceKm, 'number');
      } else {
        assert.match(line, /^[\d,]+ (m|km) à vol d'oiseau$/, `${town}: ${r.name}`);
      }
    }
    assert.ok(cards.some((c) => c.distance.includes(expected)), `${town}: « ${expected} » in the list`);
    // The first result is placed precisely; no approximate venue comes before a precise one that
    // is nearer than that venue's commune centre.
    assert.equal(event.results[0].locatedAtCommuneLevel, false, `${town}: first result ${event.results[0].name}`);
    for (const [i, r] of event.results.entries()) {
      if (!r.locatedAtCommuneLevel) continue;
      for (const later of event.results.slice(i + 1)) {
        if (!later.locatedAtCommuneLevel) assert.ok(later.distanceKm > r.distanceKm, `${town}: ${later.name} after ${r.name}`);
      }
    }
  }
  // The API says the same.
  const api = await page.evaluate(() => document.querySelector('#w1').finder.nearest({ lat: 48.11156, lon: -1.68188 }, { k: 50 }));
  const flagged = api.filter((r) => r.locatedAtCommuneLevel && r.commune === 'Rennes');
  assert.ok(flagged.length >= 4, `Rennes has 4 venues known only by the commune: ${flagged.length}`);
  assert.ok(flagged.every((r) => r.distanceKm < 0.5), 'distanceKm: to the commune centre');
  assert.equal(api[0].locatedAtCommuneLevel, false);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the details show an ANCT project\'s whole text under its short name', async () => {
  const page = await newPage(env);
  await page.goto(`${env.base}/tests/pages/approximate.html`);
  await waitReady(page, host);
  await listFor(page, 'Barcelonnette');
  const card = page.locator(`${host} >> .tl-result[data-id="anct-fabt-358"]`);
  await card.waitFor();
  assert.equal((await card.locator('.tl-name span').last().textContent()).trim(), 'Nouveaux Liens, Nouveaux Lieux');
  await card.locator('.tl-name').click();
  const text = card.locator('.tl-description');
  await text.waitFor();
  const shown = await text.innerText();
  assert.match(shown, /^Nouveaux Liens, Nouveaux Lieux\n1 - Le Grain de Sable/, 'one line per line of the source');
  assert.match(shown, /3 - Solidaritat Ubaye/);
  assert.equal(await text.evaluate((p) => p.children.length), 0, 'text, never HTML');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the Brittany list: its venues name their source, and the line under the map credits it only when they are in scope', async () => {
  const page = await newPage(env);
  await page.goto(`${env.base}/tests/pages/approximate.html`);
  await waitReady(page, host);
  const line = await page.locator(`${host} >> .tl-attribution`).textContent();
  assert.match(line, /^Données : ANCT, Mission Coworking 2019 .* ; MapLab Bretagne \(Guillaume Rouan, #MapLabBZH\), 2020 — CC BY 4\.0$/);
  await listFor(page, 'Amanlis');
  const card = page.locator(`${host} >> .tl-result[data-id="maplab-62"]`);
  await card.waitFor();
  await card.locator('.tl-name').click();
  const source = card.locator('.tl-source').first();
  await source.waitFor();
  assert.match(await source.textContent(), /^Données : MapLab Bretagne \(Guillaume Rouan, #MapLabBZH\), 2020 — CC BY 4\.0/);
  // No e-mail or phone of the list in what the page got.
  const venues = await page.evaluate(() => document.querySelector('#w1').finder.venues());
  const theirs = venues.filter((v) => v.id.startsWith('maplab-'));
  assert.equal(theirs.length, 17);
  assert.doesNotMatch(JSON.stringify(theirs), /@[a-z0-9-]+\.[a-z]{2,}|(\d[ .]?){9,}/i);
  // A widget for Auvergne-Rhône-Alpes has none of them: no credit.
  await page.goto(`${env.base}/tiers-lieux/embed.html?region=84&tiles=none`);
  await page.locator('tiers-lieux-finder >> .tl-attribution').waitFor();
  assert.doesNotMatch(await page.locator('tiers-lieux-finder >> .tl-attribution').textContent(), /MapLab/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
