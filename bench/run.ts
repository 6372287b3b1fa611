import { benchBilling } from './billing.bench.ts';
import { benchCatalog } from './catalog.bench.ts';
import { closeClient } from './http-client.ts';
import { benchJobs } from './jobs.bench.ts';
import { benchLocalOrg } from './localorg.bench.ts';
import { benchPush } from './push.bench.ts';
import { benchRevenue } from './revenue.bench.ts';
import { benchSync } from './sync.bench.ts';

/** `npm run bench`: every measurement in one run, printed as tables. */
const suites: Record<string, () => Promise<void>> = {
  localorg: benchLocalOrg,
  billing: benchBilling,
  jobs: benchJobs,
  sync: benchSync,
  catalog: benchCatalog,
  push: benchPush,
  revenue: benchRevenue,
};

const only = process.argv.slice(2);
for (const [name, run] of Object.entries(suites)) {
  if (only.length > 0 && !only.includes(name)) continue;
  await run();
}
closeClient();
