/** The lists whose filters a user may save (常用筛选), as a plain array: the table and the API take it from here. */
export const savedFilterLists = ['orders', 'quotations', 'tenders'] as const;
export type SavedFilterList = (typeof savedFilterLists)[number];
