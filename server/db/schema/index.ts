export * from './identity.ts';
export * from './budget.ts';
export * from './catalogue.ts';
export * from './experts.ts';
export * from './policy.ts';
export * from './audit.ts';
export * from './jobs.ts';
export * from './credit.ts';
