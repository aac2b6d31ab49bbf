import * as v from 'valibot';
import { readJsonBody } from '../../http/read-json-body';
import { fail } from '../../http/responses';

/** The first validation issue as a short sentence (capped, since it may quote the input). */
function describeIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (!issue) return 'The request body is invalid.';
  const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
  if (issue.kind === 'schema' && issue.expected === 'never' && path) {
    return `Unknown member "${path.slice(0, 80)}" in the request body.`;
  }
  const message = `Invalid request body${path ? ` at "${path.slice(0, 80)}"` : ''}: ${issue.message}`;
  return message.length > 200 ? `${message.slice(0, 197)}…` : message;
}

/** `body` checked against the contract's request schema, or `400 invalid_request` saying why. */
function parseBody<T>(schema: v.GenericSchema<unknown, T>, body: unknown): T {
  const result = v.safeParse(schema, body);
  if (!result.success) throw fail('invalid_request', describeIssue(result.issues));
  return result.output;
}

/** Reads the JSON body within `limit` bytes and parses it with `schema`. */
export async function readBody<T>(
  request: Request,
  limit: number,
  schema: v.GenericSchema<unknown, T>,
): Promise<T> {
  return parseBody(schema, await readJsonBody(request, limit));
}
