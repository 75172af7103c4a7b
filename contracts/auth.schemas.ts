import { z } from 'zod';
import { orgKinds, roles } from './enums/identity.ts';

export const roleSchema = z.enum(roles);
export const orgKindSchema = z.enum(orgKinds);

export const loginBody = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64, '用户名最长 64 个字符'),
  password: z.string().min(1, '请输入密码').max(128, '密码最长 128 个字符'),
});
export type LoginBody = z.infer<typeof loginBody>;

export const sessionResponse = z.object({
  user: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(roleSchema),
    locale: z.enum(['zh-CN', 'en']),
  }),
  organization: z.object({ id: z.string(), name: z.string(), kind: orgKindSchema }),
  csrfToken: z.string(),
});
export type SessionResponse = z.infer<typeof sessionResponse>;
