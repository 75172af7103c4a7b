import { withSeededEntropy } from '../../../platform/entropy.ts';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/client.ts';
import { resumeRealTime } from '../../../platform/clock.ts';
import type { JobSystem, Processor } from '../../../platform/queue/job-system.ts';
import { DAY, play, World, type Story } from './kit.ts';
import { tenderStories } from './tenders.story.ts';
import { orderStories } from './orders.story.ts';
import { quotationStories } from './quotations.story.ts';
import { auctionStories } from './auctions.story.ts';
import { planStories } from './plans.story.ts';
import { frameworkStories } from './frameworks.story.ts';

/** The year the replay plays: from `start` to `now`, the real time the replay began. */
export interface Timeline {
  /** Where the clock stands at load: the units publish their intentions and plans from here. */
  planning: Date;
  start: Date;
  now: Date;
}

/** How far back the demo's procurement history begins. */
export const HISTORY_DAYS = 330;
/**
 * The planning time before it: an intention is published at least 30 days before its tender or quotation
 * (财库〔2020〕10号), and the first tender is announced a week into the history.
 */
export const PLANNING_DAYS = 40;

const nineBeijing = (day: Date) => new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 1, 0, 0));

/** Where the platform clock stands when the demo data is loaded: the start of the planning time, 09:00 Beijing time. */
export function historyStart(now: Date): Date {
  return nineBeijing(new Date(now.getTime() - (HISTORY_DAYS + PLANNING_DAYS) * DAY));
}

/** The first day of the procurement history, 09:00 Beijing time. */
const storyStart = (now: Date) => nineBeijing(new Date(now.getTime() - HISTORY_DAYS * DAY));

/**
 * The demo's year of procurement, played through the storefront's API under the platform clock (#15):
 * e-mall orders, online quotations, tenders through opening, committee, scores, award, challenge and
 * contract, the warehouse and its auctions. It ends in the present with work at every stage, then the
 * clock returns to real time and the regulator asks for a risk scan. Same seed, same world.
 */
export async function replayDemoWorld(deps: {
  app: FastifyInstance;
  db: Db;
  jobs: JobSystem;
  processors: Processor[];
  seed?: number;
  now?: Date;
}) {
  const started = Date.now();
  const now = deps.now ?? new Date();
  const world = new World({ ...deps, seed: deps.seed ?? 20_260_101, now });
  const timeline: Timeline = { planning: historyStart(now), start: storyStart(now), now };
  const stories: Story[] = [
    ...planStories(world, timeline),
    ...orderStories(world, timeline),
    ...quotationStories(world, timeline),
    ...tenderStories(world, timeline),
    ...auctionStories(world, timeline),
    ...frameworkStories(world, timeline),
  ];
  // Thousands of requests in a few seconds: the request log would drown what start-up prints.
  const level = deps.app.log.level;
  deps.app.log.level = 'warn';
  // One seed, one world: the committee draws and bidder codes of the replay come from the seed too.
  const { acts } = await withSeededEntropy(`demo-world:${deps.seed ?? 20_260_101}`, () => play(world, stories)).finally(
    () => (deps.app.log.level = level),
  );
  await resumeRealTime(deps.db);
  await world.call('regulator', 'POST', '/api/risk/scan', {});
  return {
    acts,
    slowest: [...world.byRoute]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([route, ms]) => `${route} ${Math.round(ms)} ms`),
    requests: world.requests,
    deadlinesRun: world.deadlinesRun,
    present: world.present,
    ms: Date.now() - started,
  };
}
