import { z } from 'zod';

/** The `:id` path parameter every module's routes share: a UUID, refused with 400 naming `id` otherwise. */
export const idParams = z.object({ id: z.uuid('编号格式不正确') });
