// Every browser test shares one export, one build, one set of preview servers and one Chromium.
import { afterAll, beforeAll, describe } from 'vitest';
import { startSite, type Site } from './harness.ts';
import { routesSuite } from './suites/routes.ts';
import { leaderboardSuite } from './suites/leaderboard.ts';
import { interactionsSuite } from './suites/interactions.ts';
import { jsonBrowserSuite } from './suites/json-browser.ts';
import { xssSuite } from './suites/xss.ts';
import { missingDataSuite } from './suites/missing-data.ts';
import { evidenceSuite } from './suites/evidence.ts';
import { harnessSuspectsSuite } from './suites/harness-suspects.ts';
import { smallScreenSuite } from './suites/small-screen.ts';
import { screensSuite } from './suites/screens.ts';
import { crossLayerViewsSuite } from './suites/cross-layer-views.ts';
import { sweepsParetoSuite } from './suites/sweeps-pareto.ts';
import { sqlSuite } from './suites/sql.ts';

let site: Site | undefined;
const getSite = (): Site => {
  if (!site) throw new Error('the site did not start; see the beforeAll error');
  return site;
};

beforeAll(async () => {
  site = await startSite();
}, 180_000);

afterAll(async () => {
  await site?.close();
});

describe('built site in Chromium', () => {
  routesSuite(getSite);
  leaderboardSuite(getSite);
  interactionsSuite(getSite);
  jsonBrowserSuite(getSite);
  missingDataSuite(getSite);
  xssSuite(getSite);
  evidenceSuite(getSite);
  harnessSuspectsSuite(getSite);
  smallScreenSuite(getSite);
  screensSuite(getSite);
  crossLayerViewsSuite(getSite);
  sweepsParetoSuite(getSite);
  sqlSuite(getSite);
});
