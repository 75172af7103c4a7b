import type { PlanInput } from '../../../../contracts/plans.schemas.ts';
import { shanghaiDate } from '../../../platform/calendar.ts';
import { DAY, type Story, type World } from './kit.ts';
import type { Timeline } from './replay.ts';
import { tenderPlans } from './tender-plans.ts';
import type { TenderPlan } from './tenders.story.ts';
import { quotationsOfYear } from './quotations.story.ts';

/**
 * 年度采购计划 (#16): each unit's plan for every year the history touches is saved, submitted and approved by the finance department
 * before the year's first procurement, with at least 30% of the SME-suitable budget reserved.
 */

/** A plan line as the unit sends it (the API's own contract). */
type Line = PlanInput['lines'][number];

const smallMicroOf = (reservedFen: number) => Math.ceil((reservedFen * 6) / 10);

/** The unit's lines for a year: its tenders and quotations, then a reserved services line if the year is below 30%. */
function linesOf(tenders: TenderPlan[], quotations: { buyer: string; call: QuotationCall }[]): Line[] {
  const lines: Line[] = [
    ...tenders.map((p) => ({
      itemName: p.item.name,
      categoryCode: p.categoryCode,
      budgetFen: p.budgetFen,
      smeSuitable: Boolean(p.reserved),
      smeReservedFen: p.reserved ? p.budgetFen : 0,
      smallMicroReservedFen: p.reserved ? smallMicroOf(p.budgetFen) : 0,
    })),
    ...quotations.map(({ call }) => {
      const reserved = call.reservedForSme ? call.ceilingFen : 0;
      return {
        itemName: call.title,
        categoryCode: call.category,
        budgetFen: call.ceilingFen,
        smeSuitable: true,
        smeReservedFen: reserved,
        smallMicroReservedFen: smallMicroOf(reserved),
      };
    }),
  ];
  const suitable = lines.reduce((s, l) => s + (l.smeSuitable ? l.budgetFen : 0), 0);
  const reserved = lines.reduce((s, l) => s + l.smeReservedFen, 0);
  if (suitable > 0 && reserved * 10 < suitable * 3) {
    // (0.3 S − R) / 0.7, up to whole ¥10,000: reserved whole, for small and micro firms.
    const topUp = Math.ceil((suitable * 3 - reserved * 10) / 7 / 1_000_000) * 1_000_000;
    lines.push({
      itemName: '办公区物业管理服务（专门面向小微企业）',
      categoryCode: 'C21',
      budgetFen: topUp,
      smeSuitable: true,
      smeReservedFen: topUp,
      smallMicroReservedFen: topUp,
    });
  }
  return lines;
}

type QuotationCall = ReturnType<typeof quotationsOfYear>[number]['call'];

/** One unit's plan for one year: saved and submitted by its purchaser, approved by the regulator a day later. */
async function* annualPlan(world: World, buyer: string, fiscalYear: number, at: Date, lines: Line[]): Story {
  yield at;
  const plan = await world.call<{ id: string }>(buyer, 'POST', '/api/plans', { fiscalYear, lines });
  await world.call(buyer, 'POST', `/api/plans/${plan.id}/submit`);
  yield new Date(at.getTime() + DAY);
  // Each level's finance department approves its own units' plans (#19): the central unit's (unit12) by 财政部.
  await world.call(buyer === 'unit12' ? 'mof' : 'regulator', 'POST', `/api/plans/${plan.id}/approve`, {
    note: '经审核，同意该单位年度政府采购计划。',
  });
}

/** Every unit's plan for every year from the start of the history to the present. */
export function planStories(world: World, t: Timeline): Story[] {
  const tenders = tenderPlans(t);
  const quotations = quotationsOfYear(t);
  const yearOf = (d: Date) => Number(shanghaiDate(d).slice(0, 4));
  const stories: Story[] = [];
  for (let year = yearOf(t.planning); year <= yearOf(t.now); year += 1) {
    // Approved by early December of the year before, or at the start of the history for its first year.
    const due = new Date(Math.max(t.planning.getTime() + 2 * 3_600_000, Date.UTC(year - 1, 11, 1, 1, 30)));
    if (due > t.now) continue;
    const units = new Set([...tenders.map((p) => p.unit), ...quotations.map((q) => q.buyer)]);
    for (const unit of [...units].sort()) {
      const lines = linesOf(
        tenders.filter((p) => p.unit === unit && yearOf(p.publishAt) === year),
        quotations.filter((q) => q.buyer === unit && yearOf(q.at) === year),
      );
      if (lines.length) stories.push(annualPlan(world, unit, year, due, lines));
    }
  }
  return stories;
}
