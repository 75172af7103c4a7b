import { z } from 'zod';

/** A receipt's 回执密钥: 32 random bytes, base64url (43 characters). Its own module so the storefront's forms can use it without node:crypto. */
export const receiptNonce = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{43}$/, '回执密钥格式不正确（43 位 base64url 字符）');
