import type zhCN from './zh-CN.ts';

/** The shape of zh-CN with every text widened to string: another language must fill exactly these keys. */
type Widen<T> = { readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export type Catalogue = Widen<typeof zhCN>;

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];
