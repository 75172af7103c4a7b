import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { milestoneRows, todoRows } from '../../platform/todos.ts';
import { expertIdsOfUser } from '../experts/experts.queries.ts';

/**
 * 待办 of electronic tenders, by who must act. The unit's steps are its running legal clocks (法定时限,
 * tenders.clocks.ts: confirm the award, sign the contract, publish it), due when the clock runs out; the
 * center's are its tenders at a step it takes (a draft to announce, suppliers' questions to answer, a
 * committee to draw, a report to compute, a challenge to answer by its legal reply date); the regulator's
 * are complaints to accept or decide by theirs; a bidder's are its bids before the deadline (to send again
 * after an amendment invalidated them); an expert's are its seats (the recusal declaration, the score
 * sheets, the report to sign).
 */
const lotSuffix = sql`case when (select count(*) from jicai.tender_lots x where x.tender_id = t.id) > 1 then ' · ' || l.name else '' end`;

export const tenderTodos = {
  purchaser: (db: DbOrTx, auth: AuthContext) =>
    todoRows(
      db,
      sql`select case c.kind when 'award_confirmation' then 'tender_award_to_confirm'
                             when 'contract_signing' then 'tender_contract_to_sign'
                             else 'tender_contract_to_publish' end as kind,
                 t.title || ${lotSuffix} as title, null::text as party, 'tender_lot' as entity_type, l.id as entity_id,
                 '/purchaser/tenders/'::text || t.id::text || '/award' as link, c.due, l.budget_fen as amount_fen,
                 null::int as count, c.started_at as since
            from jicai.tender_clocks c
            join jicai.tenders t on t.id = c.tender_id
            left join jicai.tender_contracts k on c.kind = 'contract_publication' and k.id = c.subject_id
            join jicai.tender_lots l on l.id = coalesce(k.lot_id, c.subject_id)
           where c.responsible_org_id = ${auth.orgId} and c.status = 'running'
             and c.kind in ('award_confirmation', 'contract_signing', 'contract_publication')`,
    ),

  center: (db: DbOrTx, auth: AuthContext) =>
    todoRows(
      db,
      sql`select 'tender_draft' as kind, t.title, p.name as party, 'tender' as entity_type, t.id as entity_id,
                 '/center/tenders/'::text || t.id::text as link, null::timestamptz as due, null::bigint as amount_fen,
                 null::int as count, t.created_at as since
            from jicai.tenders t join jicai.organizations p on p.id = t.purchaser_org_id
           where t.center_org_id = ${auth.orgId} and t.status = 'draft'
          union all
          select 'tender_questions', t.title, p.name, 'tender', t.id, '/center/tenders/'::text || t.id::text, t.deadline, null,
                 count(*)::int, min(q.created_at)
            from jicai.tender_clarifications q
            join jicai.tenders t on t.id = q.tender_id join jicai.organizations p on p.id = t.purchaser_org_id
           where t.center_org_id = ${auth.orgId} and t.status = 'bidding' and q.question is not null and q.answer is null
           group by t.id, p.name
          union all
          select case t.status when 'opened' then 'tender_committee_to_draw' else 'tender_evaluation' end, t.title, p.name, 'tender', t.id,
                 '/center/tenders/'::text || t.id::text || '/evaluation', null, null, null, coalesce(t.opened_at, t.updated_at)
            from jicai.tenders t join jicai.organizations p on p.id = t.purchaser_org_id
           where t.center_org_id = ${auth.orgId}
             and (t.status = 'opened'
                  or (t.status = 'evaluation' and exists (
                        select 1 from jicai.tender_lots l
                         where l.tender_id = t.id and l.status = 'opened'
                           and not exists (select 1 from jicai.lot_evaluations e where e.lot_id = l.id))))
          union all
          select 'tender_challenge_to_answer', t.title, s.name, 'tender_challenge', ch.id,
                 '/center/tenders/'::text || t.id::text || '/evaluation', ch.reply_due, null, null, ch.lodged_at
            from jicai.tender_challenges ch
            join jicai.tenders t on t.id = ch.tender_id join jicai.organizations s on s.id = ch.supplier_id
           where t.center_org_id = ${auth.orgId} and ch.replied_at is null`,
    ),

  regulator: (db: DbOrTx, auth: AuthContext) =>
    todoRows(
      db,
      sql`select case c.status when 'filed' then 'complaint_to_accept' else 'complaint_to_decide' end as kind,
                 t.title, s.name as party, 'tender_complaint' as entity_type, c.id as entity_id,
                 '/regulator/tenders/'::text || t.id::text as link,
                 case c.status when 'filed' then c.accept_due else c.handle_due end as due, null::bigint as amount_fen,
                 null::int as count, case c.status when 'filed' then c.filed_at else c.accepted_at end as since
            from jicai.tender_complaints c
            join jicai.tenders t on t.id = c.tender_id join jicai.organizations s on s.id = c.supplier_id
           where c.regulator_org_id = ${auth.orgId} and c.status in ('filed', 'accepted')`,
    ),

  supplier: (db: DbOrTx, auth: AuthContext) =>
    todoRows(
      db,
      sql`select case when bool_or(b.status = 'invalidated') then 'tender_bid_to_resubmit' else 'tender_bid_closing' end as kind,
                 t.title, p.name as party, 'tender' as entity_type, t.id as entity_id,
                 '/supplier/tenders/'::text || t.id::text as link, t.deadline as due, null::bigint as amount_fen,
                 case when count(*) > 1 then count(*)::int end as count, min(b.submitted_at) as since
            from jicai.bids b
            join jicai.tenders t on t.id = b.tender_id join jicai.organizations p on p.id = t.purchaser_org_id
           where b.supplier_id = ${auth.orgId} and b.status in ('submitted', 'invalidated')
             and t.status = 'bidding' and t.deadline > jicai.now()
           group by t.id, p.name`,
    ),

  expert: (db: DbOrTx, auth: AuthContext) =>
    todoRows(
      db,
      sql`with seats as (
            select s.id, s.status, s.expert_id, s.created_at, s.declared_at, t.id as tender_id, t.title, t.status as tender_status
              from jicai.tender_experts s join jicai.tenders t on t.id = s.tender_id
             where s.expert_id in (${expertIdsOfUser(auth.userId)}) and t.status in ('opened', 'evaluation')
          )
          select 'expert_seat_to_declare' as kind, s.title, null::text as party, 'tender_seat' as entity_type, s.id as entity_id,
                 '/expert/assignments/'::text || s.id::text as link, null::timestamptz as due, null::bigint as amount_fen,
                 null::int as count, s.created_at as since
            from seats s where s.status = 'drawn'
          union all
          select 'expert_scores_to_submit', s.title, null, 'tender_seat', s.id, '/expert/assignments/'::text || s.id::text, null, null,
                 count(*)::int, s.declared_at
            from seats s join jicai.tender_lots l on l.tender_id = s.tender_id
           where s.status = 'confirmed' and s.tender_status = 'evaluation'
             and l.status = 'opened' and l.evaluation_method = 'comprehensive'
             and not exists (select 1 from jicai.lot_evaluations e where e.lot_id = l.id)
             and exists (select 1 from jicai.bids b where b.lot_id = l.id and b.status = 'opened'
                            and not exists (select 1 from jicai.tender_scores x where x.bid_id = b.id and x.expert_id = s.expert_id))
           group by s.id, s.title, s.declared_at
          union all
          select 'expert_report_to_sign', s.title, null, 'tender_seat', s.id, '/expert/assignments/'::text || s.id::text, null, null,
                 count(*)::int, min(e.computed_at)
            from seats s join jicai.lot_evaluations e on e.tender_id = s.tender_id
           where s.status = 'confirmed' and s.tender_status = 'evaluation'
             and not exists (select 1 from jicai.report_signatures r where r.lot_id = e.lot_id and r.expert_id = s.expert_id)
           group by s.id, s.title`,
    ),
};

/** 临近截止 of a unit: its tenders' bid deadlines (the opening) and the challenge windows of its awards. */
export const tenderMilestones = (db: DbOrTx, auth: AuthContext) =>
  milestoneRows(
    db,
    sql`select case t.status when 'bidding' then 'tender_bids_close' else 'challenge_window_ends' end as kind, t.title,
               c.name as party, 'tender' as entity_type, t.id as entity_id, '/purchaser/tenders/'::text || t.id::text as link,
               case t.status when 'bidding' then t.deadline else t.challenge_until end as due, null::bigint as amount_fen,
               null::int as count, t.published_at as since
          from jicai.tenders t join jicai.organizations c on c.id = t.center_org_id
         where t.purchaser_org_id = ${auth.orgId} and t.status in ('bidding', 'awarded', 'challenge')`,
  );
