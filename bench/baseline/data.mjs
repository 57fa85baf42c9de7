// The widget's data as JSON (`tl-data --baseline-json`: venues.json and communes.json, read back
// from the very binary assets the widget ships), written into `dir`. Used by the JS baseline's
// build, the clustering benchmark and the clustering's golden fixture.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export function writeBaselineJson(root, dir) {
  execFileSync('cargo', ['run', '--release', '--locked', '-q', '-p', 'tiers-lieux-core', '--features', 'pipeline', '--bin', 'tl-data', '--',
    '--baseline-json', join(root, 'data'), dir], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return dir;
}
