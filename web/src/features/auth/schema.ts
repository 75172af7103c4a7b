// The API's own login body schema (contracts/auth.schemas.ts), so the form's rules cannot
// drift from what the server accepts; the messages come from the web catalogue, by issue code.
export { loginBody as loginSchema, type LoginBody } from '@contracts/auth.schemas.ts';
