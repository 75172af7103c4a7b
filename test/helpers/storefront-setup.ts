import { spawnSync } from 'node:child_process';

/**
 * The browser tier's second global setup: builds web/dist once (scripts/ensure-web.ts skips a build that is
 * up to date) before any browser test serves it. The unit and db tiers never need the storefront.
 */
export default function setup() {
  const build = spawnSync('npx', ['tsx', 'scripts/ensure-web.ts'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the storefront failed');
}
