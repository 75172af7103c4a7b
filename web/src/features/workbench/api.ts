import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { Role } from '../../app/types.ts';
import type { Milestone, Todo, TodoKind, Todos } from '@contracts/workbench.schemas.ts';

// Answers of the workbench API, typed from its own schemas (type-only imports from contracts/).
export type { Milestone, Todo, TodoKind, Todos };

/** 待办 of one role of the signed-in user (GET /api/workbench/todos), soonest due first. */
export function useTodos(role: Role) {
  return useQuery({
    queryKey: ['workbench', 'todos', role],
    queryFn: ({ signal }) => api.get('/api/workbench/todos', { params: { query: { role } }, signal }),
    // A deadline moves on the platform clock: asked again every minute while the home is open.
    refetchInterval: 60_000,
  });
}
