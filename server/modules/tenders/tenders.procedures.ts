import type { TendersDeps } from './tenders.context.ts';
import { createTenderFinalOffers } from './tenders.final-offers.ts';
import { createProcedureView } from './tenders.procedure-view.ts';
import { createTenderRounds } from './tenders.rounds.ts';
import { createTenderSingleSource } from './tenders.single-source.ts';

export { roundJobs } from './tenders.rounds.ts';

/**
 * Procedures as stages (#22): the negotiated methods' rounds (tenders.rounds.ts) and sealed final offers
 * (tenders.final-offers.ts), the single-source notice and objections (tenders.single-source.ts), and the
 * procedure as each reader sees it (tenders.procedure-view.ts). The stages themselves: tenders.stages.ts.
 */
export function createTenderProcedures(deps: TendersDeps) {
  const rounds = createTenderRounds(deps);
  const finalOffers = createTenderFinalOffers(deps);
  const singleSource = createTenderSingleSource(deps);
  const { view } = createProcedureView({ db: deps.db, rounds, singleSource });
  return { rounds, finalOffers, singleSource, view };
}

export type TenderProcedures = ReturnType<typeof createTenderProcedures>;
