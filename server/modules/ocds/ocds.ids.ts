/**
 * OCDS identifiers: the registered prefix plus the process's own number (DOMAIN.md: `ocds-` + 6
 * characters). Kept in the ocds module, free of any service, so services that record releases and the
 * builders that name them import it without a cycle.
 */
export const OCID_PREFIX = 'ocds-jc2026';
export const ocidOf = (processNo: string) => `${OCID_PREFIX}-${processNo}`;
