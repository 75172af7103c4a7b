import type { FastifyRequest } from 'fastify';

/** The device id header the storefront sends: a random id it keeps in localStorage. */
const DEVICE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface RequestOrigin {
  ip: string;
  /** Null when the header is missing or malformed: it is evidence for the collusion rules, never a reason to refuse. */
  deviceId: string | null;
}

/** Where a bid or quote came from (client address and device id), recorded for the collusion risk rules. */
export function requestOrigin(request: FastifyRequest): RequestOrigin {
  const header = request.headers['x-device-id'];
  return { ip: request.ip, deviceId: typeof header === 'string' && DEVICE_ID.test(header) ? header : null };
}
