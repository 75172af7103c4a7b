/**
 * The HTTP benchmarks' client: node:http over keep-alive connections, one per concurrent client. Lighter
 * than fetch (undici), whose CPU in the load generator was as much as the database's on two cores
 * (auction: load generator 25.6% of the machine, PostgreSQL 25.7%, server 31.9%): what the generator does
 * not burn the server gets, so the figures measure the server.
 */
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export function httpRequest(url: string, method = 'GET', headers: Record<string, string> = {}, body?: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, agent, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The answer's body as JSON, or null when it is not JSON. */
export function jsonOf<T = Record<string, unknown>>(answer: HttpAnswer): T | null {
  try {
    return JSON.parse(answer.text) as T;
  } catch {
    return null;
  }
}
