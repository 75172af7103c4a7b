import { z } from 'zod';
import { isoDay } from './dates.ts';
import { pageQuery } from './paging.ts';

/**
 * Every action the platform writes to the audit chain, with its wording in Chinese: what the actor did,
 * `{{entity}}` standing for the thing's number or name. The server words the CSV export with it
 * (server/modules/audit/audit.words.ts); the storefront words the page from its own catalogues
 * (web/src/app/i18n, admin.audit.verbs: the same Chinese, and English). test/unit/audit-actions.test.ts
 * finds every action the server's code appends and checks it is here, and that both catalogues word it.
 */
export const auditActionLabels = {
  'auth.login': '登录平台',
  'auth.logout': '退出登录',
  'platform.bootstrap': '初始化平台管理员 {{entity}}',
  'user.create': '创建用户 {{entity}}',
  'user.update': '修改用户 {{entity}}',
  'organization.create': '登记机构 {{entity}}',
  'organization.update': '修改机构 {{entity}}',
  'budget.line.create': '下达预算指标 {{entity}}',
  'notification.settings': '修改通知设置',
  'notification.read': '阅读消息 {{entity}}',
  'policy.value.set': '设定政策取值 {{entity}}',

  'order.place': '提交订单 {{entity}}',
  'order.approve': '审批通过订单 {{entity}}',
  'order.return': '审批退回订单 {{entity}}',
  'order.confirm': '确认订单 {{entity}}',
  'order.decline': '拒绝订单 {{entity}}',
  'order.shipment': '为订单 {{entity}} 发出一批货物',
  'order.shipment.delivered': '登记订单 {{entity}} 的一批货物送达',
  'order.ship': '登记订单 {{entity}} 已发货',
  'order.deliver': '登记订单 {{entity}} 全部送达',
  'order.accept': '验收订单 {{entity}} 合格',
  'order.reject': '验收订单 {{entity}} 不合格',
  'order.settle': '结算订单 {{entity}}',
  'order.cancel': '取消订单 {{entity}}',
  'order.expire': '因超时未确认取消订单 {{entity}}',

  'product.create': '创建标准商品 {{entity}}',
  'product.update': '修改标准商品 {{entity}}',
  'product.image.add': '为标准商品 {{entity}} 添加图片',
  'listing.create': '新建商品报价 {{entity}}',
  'listing.update': '修改商品报价 {{entity}}',
  'listing.submit': '提交商品报价 {{entity}} 审核',
  'listing.approve': '审核通过商品报价 {{entity}}',
  'listing.reject': '退回商品报价 {{entity}}',
  'listing.suspend': '暂停商品报价 {{entity}}',
  'listing.reactivate': '重新上架商品报价 {{entity}}',
  'listing.delist': '下架商品报价 {{entity}}',
  'listing.import': '为 {{entity}} 批量导入商品报价',
  'agreement.create': '签订框架协议 {{entity}}',
  'agreement.amend': '变更框架协议 {{entity}}',
  'agreement.end': '终止框架协议 {{entity}}',

  'quotation.post': '发布网上竞价 {{entity}}',
  'quotation.cancel': '取消网上竞价 {{entity}}',
  'quotation.quote': '对网上竞价 {{entity}} 报价',
  'quotation.withdraw': '撤回对网上竞价 {{entity}} 的报价',
  'quotation.fail': '判定网上竞价 {{entity}} 失败',
  'quotation.award': '确定网上竞价 {{entity}} 成交',

  'tender.create': '创建采购项目 {{entity}}',
  'tender.publish': '发布采购项目 {{entity}} 的公告',
  'tender.question': '就采购项目 {{entity}} 提出疑问',
  'tender.clarify': '澄清或修改采购项目 {{entity}} 的采购文件',
  'tender.cancel': '终止采购项目 {{entity}}',
  'tender.document.upload': '上传采购项目 {{entity}} 的采购文件',
  'tender.document.download': '下载采购项目 {{entity}} 的采购文件',
  'tender.bid': '向采购项目 {{entity}} 提交投标',
  'tender.withdraw': '撤回对采购项目 {{entity}} 的投标',
  'tender.bid.file': '上传采购项目 {{entity}} 的投标文件',
  'tender.bid.file.download': '下载采购项目 {{entity}} 的投标文件',
  'tender.sme-statement.download': '下载采购项目 {{entity}} 的中小企业声明函',
  'tender.open': '开启采购项目 {{entity}} 的投标（开标）',
  'tender.clock.missed': '记录采购项目 {{entity}} 超过法定时限',
  'tender.experts.draw.request': '申请为采购项目 {{entity}} 抽取评审专家',
  'tender.experts.draw.failed': '为采购项目 {{entity}} 抽取评审专家，人数不足',
  'tender.experts.draw': '为采购项目 {{entity}} 抽取评审专家',
  'tender.experts.confirm': '确认参加采购项目 {{entity}} 的评审',
  'tender.experts.decline': '回避或不能参加采购项目 {{entity}} 的评审',
  'tender.review.qualification': '完成采购项目 {{entity}} 的资格性审查',
  'tender.review.compliance': '完成采购项目 {{entity}} 的符合性审查',
  'tender.lot.fail': '宣布采购项目 {{entity}} 的一个包废标',
  'tender.score': '为采购项目 {{entity}} 的投标评分',
  'tender.report.sign': '签署采购项目 {{entity}} 的评审报告',
  'tender.round.record': '记录采购项目 {{entity}} 的一轮谈判',
  'tender.round.change': '在谈判中变更采购项目 {{entity}} 的采购需求',
  'tender.round.withdrawn': '退出采购项目 {{entity}} 的谈判',
  'tender.round.eliminated': '在采购项目 {{entity}} 的谈判中淘汰一家供应商',
  'tender.final_offer': '提交采购项目 {{entity}} 的最后报价',
  'tender.final_offer.deadline': '设定采购项目 {{entity}} 的最后报价截止时间',
  'tender.final_offer.open': '开启采购项目 {{entity}} 的最后报价',
  'tender.single_source.notice': '发布采购项目 {{entity}} 的单一来源公示',
  'tender.objection': '对采购项目 {{entity}} 的单一来源公示提出异议',
  'tender.objection.answer': '答复采购项目 {{entity}} 的异议',
  'tender.method_changed': '变更采购项目 {{entity}} 的采购方式',
  'tender.single_source.negotiation': '记录采购项目 {{entity}} 的单一来源协商',
  'tender.award': '确定采购项目 {{entity}} 的中标（成交）供应商',
  'tender.challenge': '对采购项目 {{entity}} 提出质疑',
  'tender.challenge.reply': '答复采购项目 {{entity}} 的质疑',
  'tender.complaint.file': '就采购项目 {{entity}} 提起投诉',
  'tender.complaint.accept': '受理采购项目 {{entity}} 的投诉',
  'tender.complaint.refuse': '不予受理采购项目 {{entity}} 的投诉',
  'tender.complaint.decide': '对采购项目 {{entity}} 的投诉作出处理决定',
  'tender.contract': '登记采购项目 {{entity}} 的合同',
  'tender.contract.document': '上传采购项目 {{entity}} 的合同文本',
  'tender.contract.publish': '公告采购项目 {{entity}} 的合同',

  'auction.lot.create': '上架拍品 {{entity}}',
  'auction.lot.relist': '重新上架拍品 {{entity}}',
  'auction.register': '报名竞买拍品 {{entity}}',
  'auction.deposit.paid': '登记拍品 {{entity}} 的竞买保证金到账',
  'auction.deposit.release': '退还拍品 {{entity}} 的竞买保证金',
  'auction.deposit.apply': '将拍品 {{entity}} 的保证金抵作价款',
  'auction.deposit.forfeit': '没收拍品 {{entity}} 的竞买保证金',
  'auction.bid': '对拍品 {{entity}} 出价',
  'auction.extend': '延长拍品 {{entity}} 的竞价时间',
  'auction.close.sold': '结束拍品 {{entity}} 的拍卖：成交',
  'auction.close.failed': '结束拍品 {{entity}} 的拍卖：流拍',
  'auction.payment': '登记拍品 {{entity}} 的成交价款',
  'auction.default': '登记拍品 {{entity}} 的竞得人违约',

  'asset.register': '登记资产 {{entity}}',
  'asset.photo.add': '为资产 {{entity}} 添加照片',
  'asset.offer': '将资产 {{entity}} 放入公物仓',
  'asset.write_off': '报废资产 {{entity}}',
  'asset.request': '申请调剂资产 {{entity}}',
  'asset.request.grant': '同意调剂资产 {{entity}}',
  'asset.request.decline': '不予调剂资产 {{entity}}',

  'credit.event.record': '记录信用事件 {{entity}}',
  'credit.event.confirm': '确认信用事件 {{entity}}',
  'credit.event.revoke': '撤销信用事件 {{entity}}',
  'credit.evidence.attach': '为信用事件 {{entity}} 上传证据',
  'credit.appeal.file': '对信用事件 {{entity}} 提出申诉',
  'credit.appeal.upheld': '驳回对信用事件 {{entity}} 的申诉',
  'credit.appeal.revoked': '支持对信用事件 {{entity}} 的申诉并撤销该事件',
  'credit.exclusion.create': '将 {{entity}} 列入禁止参加政府采购名单',
  'credit.exclusion.lift': '解除 {{entity}} 的禁止参加政府采购',
  'credit.import': '导入信用名单 {{entity}}',

  'expert.create': '将 {{entity}} 录入评审专家库',
  'expert.status': '变更评审专家 {{entity}} 的状态',
  'expert.rate': '评价评审专家 {{entity}}',
  'expert.account.enable': '为评审专家 {{entity}} 开通账号',
  'expert.account.grant': '授予评审专家 {{entity}} 评审权限',
  'expert.account.revoke': '收回评审专家 {{entity}} 的评审权限',
  'expert.affiliation.declare': '申报评审专家 {{entity}} 的关联关系',
  'expert.affiliation.withdraw': '撤回评审专家 {{entity}} 的关联关系申报',
  'expert.affiliation.accept': '确认评审专家 {{entity}} 的关联关系',
  'expert.affiliation.reject': '驳回评审专家 {{entity}} 的关联关系申报',

  'framework.call.publish': '发布框架协议征集 {{entity}}',
  'framework.call.respond': '响应框架协议征集 {{entity}}',
  'framework.call.close': '截止框架协议征集 {{entity}}',
  'framework.call.admit': '确定框架协议征集 {{entity}} 的入围供应商',
  'framework.join.request': '申请加入框架协议 {{entity}}',
  'framework.join.admit': '同意供应商加入框架协议 {{entity}}',
  'framework.join.refuse': '拒绝供应商加入框架协议 {{entity}}',
  'framework.member.suspend': '暂停框架协议 {{entity}} 的一家入围供应商',
  'framework.member.resume': '恢复框架协议 {{entity}} 的一家入围供应商',
  'framework.rotation.place': '在框架协议 {{entity}} 下轮候下单',
  'framework.rotation.complete': '完成框架协议 {{entity}} 下的轮候订单',

  'intention.publish': '公开采购意向 {{entity}}',
  'intention.withdraw': '撤回采购意向 {{entity}}',
  'plan.save': '保存 {{entity}} 年度采购计划',
  'plan.submitted': '提交 {{entity}} 年度采购计划',
  'plan.approved': '批复 {{entity}} 年度采购计划',
  'plan.returned': '退回 {{entity}} 年度采购计划',

  'risk.alert.raise': '生成风险提醒 {{entity}}',
  'risk.alert.comment': '批注风险提醒 {{entity}}',
  'risk.alert.assign': '指派风险提醒 {{entity}}',
  'risk.alert.close': '关闭风险提醒 {{entity}}',
  'risk.alert.reopen': '重新打开风险提醒 {{entity}}',
  'saved_filter.create': '保存常用筛选 {{entity}}',
  'saved_filter.delete': '删除常用筛选 {{entity}}',
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof auditActionLabels;
export const auditActions = Object.keys(auditActionLabels) as [AuditAction, ...AuditAction[]];

/** The space a template puts around the thing goes where the thing is in full-width brackets: "项目（开标前不公开）提交". */
export const tidyWording = (text: string) => text.replace(/ (?=[（「])|(?<=[）」]) /g, '');

/** The catalogue key of an action: i18next reads dots as nesting, so `order.shipment.delivered` → `order_shipment_delivered`. */
export const auditActionKey = (action: string) => action.replaceAll('.', '_');

/** What an entry is about, as the services name it. */
export const auditEntityTypes = [
  'user',
  'organization',
  'budget_line',
  'notification',
  'policy_value',
  'order',
  'product',
  'listing',
  'framework_agreement',
  'quotation',
  'tender',
  'auction_lot',
  'asset',
  'credit_event',
  'credit_appeal',
  'exclusion',
  'credit_import',
  'expert',
  'framework_call',
  'intention',
  'plan',
  'risk_alert',
  'saved_filter',
] as const;
export type AuditEntityType = (typeof auditEntityTypes)[number];

/** Keys of an entry's data that hold its amount (integer fen), the first one present counting. */
export const auditAmountKeys = [
  'totalFen',
  'contractPriceFen',
  'agreedPriceFen',
  'priceFen',
  'amountFen',
  'ceilingFen',
  'budgetFen',
  'startPriceFen',
  'capUnitPriceFen',
  'depositFen',
] as const;

/** One value, or the same parameter repeated (?action=a&action=b): always a list. */
const oneOrMany = <T extends z.ZodType<string>>(item: T, max: number) =>
  z.union([item, z.array(item).max(max, `最多选择 ${max} 项`)]).transform((v): z.output<T>[] => (Array.isArray(v) ? v : [v]));

/** Filters of the audit log; the days are Asia/Shanghai calendar days. */
export const auditFilters = z.object({
  actorUserId: z.uuid('应为用户编号').optional().describe('Entries made by this user'),
  person: z.string().trim().min(1).max(50).optional().describe('Entries made by users whose name or username contains this text'),
  organizationId: z.uuid('应为机构编号').optional().describe("Entries made on behalf of this organization (the actor's)"),
  action: oneOrMany(z.enum(auditActions, '没有这种操作'), 50).optional().describe('One or more actions (repeat the parameter for several)'),
  entityType: z.enum(auditEntityTypes, '没有这种对象类型').optional(),
  entityId: z.string().trim().min(1).max(100).optional().describe('The id of the thing the entries are about'),
  from: isoDay.optional().describe('First day (Asia/Shanghai), inclusive'),
  to: isoDay.optional().describe('Last day (Asia/Shanghai), inclusive'),
});
export type AuditFilters = z.infer<typeof auditFilters>;

/** A page of the log with its filters (GET /api/admin/audit). */
export const auditListQuery = pageQuery
  .extend(auditFilters.shape)
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '开始日期不能晚于结束日期', path: ['to'] });
export type AuditListQuery = z.infer<typeof auditListQuery>;

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  occurredAt: z.string(),
  summary: z.string().describe('The entry in words, in Chinese (the storefront words it in the reader’s language from the fields below)'),
  actorName: z.string().nullable().describe('Null for the platform itself (a deadline, a job)'),
  organizationName: z.string().nullable().describe("The actor's organization"),
  action: z.string(),
  entityType: z.string(),
  entityLabel: z.string().nullable().describe("The thing's number or name (order no, tender no, user's name…), when it has one"),
  entityTitle: z.string().nullable().describe("The thing's title, when it has one besides its number"),
  amountFen: z.number().int().nullable().describe('The amount the entry records, in fen'),
  actorUserId: z.string().nullable(),
  actorOrgId: z.string().nullable(),
  entityId: z.string(),
  entityRefId: z.string().nullable().describe('A related id the storefront links through (a listing: its product)'),
  sealed: z.boolean().describe('A submission to a process still sealed: who and which process are withheld until the opening'),
  hash: z.string(),
});
export type AuditEntryDto = z.infer<typeof auditEntrySchema>;
