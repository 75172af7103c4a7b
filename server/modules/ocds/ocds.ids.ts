import { sandboxAccelerator } from '../../platform/sandbox.ts';

/**
 * OCDS identifiers: the registered prefix plus the process's own number (DOMAIN.md: `ocds-` + 6
 * characters). Kept in the ocds module, free of any service, so services that record releases and the
 * builders that name them import it without a cycle. A sandbox (演练) instance's identifiers say so —
 * `ocds-jc2026-sandbox-T…` — so nothing published in training can be taken for a real publication.
 */
export const OCID_PREFIX = 'ocds-jc2026';
export const SANDBOX_OCID_PREFIX = `${OCID_PREFIX}-sandbox`;
export const ocidOf = (processNo: string) => `${sandboxAccelerator() === null ? OCID_PREFIX : SANDBOX_OCID_PREFIX}-${processNo}`;
