import { jsonb, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, jicai } from '../columns.ts';
import { users } from './identity.ts';
import { savedFilterLists } from '../../../contracts/enums/saved-filters.ts';

/**
 * 常用筛选: a user's named filters of a process list (orders, quotations, tenders), kept on the server so
 * they follow the user to any device. Each user reads and deletes only its own; names are unique per list.
 */
export const savedFilters = jicai.table(
  'saved_filters',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    listKey: text('list_key', { enum: savedFilterLists }).notNull(),
    name: text('name').notNull(),
    /** The list's filters as its query parameters take them, checked against that list's schema when saved. */
    query: jsonb('query').$type<Record<string, string | number>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('saved_filters_user_list_name_key').on(t.userId, t.listKey, t.name)],
);
