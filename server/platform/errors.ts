/** One error hierarchy; the error handler maps each to an RFC 9457 problem+json answer. */
export interface FieldProblem {
  field: string;
  message: string;
  in?: 'body' | 'query' | 'params' | 'headers';
}

/** A problem's `facts` extension member (RFC 9457 §3.2): named plain values (a fact that has no value is left out). */
export type ProblemFacts = Record<string, string | number | boolean>;

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  readonly fields: FieldProblem[];
  readonly headers: Record<string, string>;
  /** What the refusal was judged against, for the caller to act on without asking again (e.g. a lot's price). */
  readonly facts: ProblemFacts | undefined;
  constructor(
    message: string,
    options: { fields?: FieldProblem[]; headers?: Record<string, string>; facts?: ProblemFacts; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.fields = options.fields ?? [];
    this.headers = options.headers ?? {};
    this.facts = options.facts;
  }
}

export class BadRequestError extends AppError {
  readonly status = 400;
  readonly type = 'validation';
}
export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly type = 'unauthorized';
}
export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly type = 'forbidden';
}
export class NotFoundError extends AppError {
  readonly status = 404;
  readonly type = 'not-found';
}
export class ConflictError extends AppError {
  readonly status = 409;
  readonly type = 'conflict';
}
/** A body sent in an encoding the API does not take (`Content-Encoding: gzip`, …). */
export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly type = 'unsupported-media-type';
}
/** Well-formed input that a business rule refuses (a price over the cap, a deadline passed). */
export class RuleViolationError extends AppError {
  readonly status = 422;
  readonly type = 'rule-violation';
}

/** A 422 about one body field, its message shown on that field. */
export const fieldError = (field: string, message: string, facts?: ProblemFacts) =>
  new RuleViolationError(message, { fields: [{ field, message, in: 'body' }], ...(facts ? { facts } : {}) });
export class TooManyRequestsError extends AppError {
  readonly status = 429;
  readonly type = 'too-many-requests';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, { headers: { 'retry-after': String(retryAfterSeconds) } });
  }
}

export const problemTitles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
